// A whole offline world for the bundled action: a stateful GitHub (the site repository that holds
// the config, plus the tracked repositories) and every registry, on 127.0.0.1. Used by the demo,
// the end-to-end tests and the benchmark.
import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'
import path from 'node:path'
import { startGitHubStandin, type GitHubStandin, type GitHubStandinOptions } from './github/server.js'
import { deepLearningRepos, type RepoFixture, syntheticRepos } from './github/metrics.js'
import {
  deepLearningRegistryData,
  startRegistryStandins,
  type RegistryStandinOptions,
  type RegistryStandins,
  type SyntheticRegistryKeys,
  syntheticRegistryData,
  syntheticRegistryKeys
} from './registries.js'
import { ROOT, runAction, type ActionRun, type RunOptions } from './runner.js'
import { declaredEndpoints } from '../src/sources/declare.js'
import { SOURCES } from '../src/sources/index.js'

export const DEMO_TOKEN = 'ghs_demoTokenThatMustNeverBeLogged0123456789'
export const SITE = { owner: 'acme', name: 'radar-site' }

export interface World {
  github: GitHubStandin
  registries: RegistryStandins
  repos: RepoFixture[]
  /** Environment the runner would give the action, pointing every source at the stand-ins. */
  env: Record<string, string>
  run(opts?: RunOptions & { now?: string }): Promise<ActionRun>
  close(): Promise<void>
}

export interface WorldOptions {
  configText?: string
  configPath?: string
  repos?: RepoFixture[]
  github?: Omit<GitHubStandinOptions, 'repos' | 'site' | 'token'>
  registries?: RegistryStandinOptions
  siteFiles?: Record<string, string>
  /** Initial clock of the stand-ins (the action's clock comes from FRAMEWORK_RADAR_NOW). */
  now?: Date
}

/**
 * The config of a synthetic world: one `Synthetic i` per repository, with registry keys when given
 * (benchmarks and end-to-end tests at scale share it).
 */
export function syntheticConfig(
  repos: Array<{ nameWithOwner: string }>,
  options: { keys?: SyntheticRegistryKeys[]; backfill?: boolean } = {}
): string {
  return stringify({
    title: `${repos.length} synthetic frameworks`,
    report: 'docs/frameworks.md',
    history: 'docs/frameworks-history.json',
    ...(options.backfill === undefined ? {} : { backfill: options.backfill }),
    frameworks: repos.map((repo, i) => ({ name: `Synthetic ${i}`, github: repo.nameWithOwner, ...options.keys?.[i] }))
  })
}

/**
 * A world of `n` synthetic frameworks (repositories and registry data drawn from `seed`) in one config,
 * the stand-ins' clocks at `now`: what the benchmarks and the end-to-end tests at scale start from.
 */
export function startSyntheticWorld(
  n: number,
  seed: number,
  options: { now: Date; backfill?: boolean; github?: WorldOptions['github']; registries?: RegistryStandinOptions }
): Promise<World> {
  const repos = syntheticRepos(n, seed)
  return startWorld({
    configText: syntheticConfig(repos, { keys: syntheticRegistryKeys(n), backfill: options.backfill }),
    repos,
    now: options.now,
    github: options.github,
    registries: { data: syntheticRegistryData(n, seed), now: options.now, ...options.registries }
  })
}

export function exampleConfig(name = 'deep-learning.yml'): string {
  return readFileSync(path.join(ROOT, 'examples', name), 'utf8')
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  let now = opts.now ?? new Date('2026-11-23T06:17:00Z')
  const clock = () => now
  const repos = opts.repos ?? structuredClone(deepLearningRepos)
  const configPath = opts.configPath ?? '.github/framework-radar.yml'
  const github = await startGitHubStandin({
    token: DEMO_TOKEN,
    repos,
    now: clock,
    site: {
      ...SITE,
      defaultBranch: 'main',
      files: { 'README.md': '# Radar site\n', [configPath]: opts.configText ?? exampleConfig(), ...opts.siteFiles }
    },
    ...opts.github
  })
  const registries = await startRegistryStandins({ data: deepLearningRegistryData, now, ...opts.registries })
  const env = {
    GITHUB_API_URL: github.apiUrl,
    GITHUB_GRAPHQL_URL: github.graphqlUrl,
    // FRAMEWORK_RADAR_<NAME>_URL of every declared endpoint, pointed at its stand-in.
    ...Object.fromEntries(
      declaredEndpoints(SOURCES).map((e) => [e.env, registries.urls[e.name as keyof typeof registries.urls]])
    )
  }
  return {
    github,
    registries,
    repos,
    env,
    async run(runOpts = {}) {
      const when = runOpts.now ?? now.toISOString()
      now = new Date(when)
      return runAction({
        repository: `${SITE.owner}/${SITE.name}`,
        ...runOpts,
        inputs: { token: DEMO_TOKEN, config: configPath, ...runOpts.inputs },
        env: { ...env, FRAMEWORK_RADAR_NOW: when, ...runOpts.env }
      })
    },
    async close() {
      await Promise.all([github.close(), registries.close()])
    }
  }
}
