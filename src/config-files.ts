// Finds, reads and validates the config files the `config` input names: paths and globs, one a line
// (or comma-separated). Globs match the base branch's tree (one recursive tree request for all of
// them) or, in dry-run, the workspace first. Every config is validated before anything is
// collected or written; two configs may not write the same file.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import picomatch from 'picomatch'
import { ConfigError, parseConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import type { BaseFiles, RadarOctokit, RepoRef } from './publish/index.js'

/** One config of the run, and where it was read. */
export interface LoadedConfig {
  /** the path in the repository (and the workspace) */
  path: string
  config: Config
  /** read from the workspace (dry-run), so its report and history are read there too */
  fromWorkspace: boolean
}

export interface ConfigSources {
  workspace: string
  dryRun: boolean
  /** opens the base branch when first needed (a dry-run over workspace files never needs it) */
  base(): Promise<BaseFiles>
  /** a file of the base branch by the branch's name, without waiting for base() (undefined: no such file) */
  readBaseFile(file: string): Promise<string | undefined>
  octokit: RadarOctokit
  repo: RepoRef
}

/** Splits the `config` input on line breaks and on commas outside glob braces ("{a,b}.yml" stays one). */
export function parseConfigList(value: string): string[] {
  const items: string[] = []
  let depth = 0
  let current = ''
  for (const ch of value) {
    if (ch === '{') depth++
    if (ch === '}') depth = Math.max(0, depth - 1)
    if (ch === '\n' || ch === '\r' || (ch === ',' && depth === 0)) {
      items.push(current)
      current = ''
    } else current += ch
  }
  items.push(current)
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))]
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob
}

/** Reads and validates every config; throws one error that lists every problem of every file. */
export async function loadConfigs(input: string, sources: ConfigSources): Promise<LoadedConfig[]> {
  const files = await findConfigs(parseConfigList(input), sources)
  const loaded: LoadedConfig[] = []
  const errors: ConfigError[] = []
  for (const file of files) {
    try {
      loaded.push({ path: file.path, config: parseConfig(file.text, file.path), fromWorkspace: file.fromWorkspace })
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      errors.push(error)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new Error(errors.map((e) => e.message).join('\n'))
  checkOutputsDistinct(loaded)
  return loaded
}

interface ConfigFile {
  path: string
  text: string
  fromWorkspace: boolean
}

async function findConfigs(entries: string[], sources: ConfigSources): Promise<ConfigFile[]> {
  if (entries.length === 0) throw new Error('The `config` input is empty: name a config file, several, or a glob.')
  const found: ConfigFile[] = []
  let tree: Promise<string[]> | undefined
  const baseTree = () => (tree ??= listBaseTree(sources))
  for (const entry of entries) {
    const files = isGlob(entry) ? await globFiles(entry, sources, baseTree) : [await readOne(entry, sources)]
    for (const file of files) if (!found.some((f) => f.path === file.path)) found.push(file)
  }
  return found
}

async function readOne(file: string, sources: ConfigSources): Promise<ConfigFile> {
  if (sources.dryRun) {
    const text = await readWorkspaceFile(sources.workspace, file)
    if (text !== undefined) return { path: file, text, fromWorkspace: true }
  }
  // Read by the branch's name beside base()'s lookups (repository, then branch head), not after them:
  // the config is on the critical path of the whole run. The report and history are read at the head.
  const opening = sources.base()
  opening.catch(() => {}) // a failure surfaces where the base is awaited (below, or later in the run)
  const text = await sources.readBaseFile(file)
  if (text === undefined) {
    const base = await opening
    throw new Error(
      `Config file ${file} not found on branch ${base.baseBranch} of ${sources.repo.owner}/${sources.repo.repo}. ` +
        'Create it (see examples/deep-learning.yml) or point the `config` input at it.'
    )
  }
  return { path: file, text, fromWorkspace: false }
}

/** A glob's files, sorted: the workspace's in dry-run when it has any, else the base branch's. */
async function globFiles(
  pattern: string,
  sources: ConfigSources,
  baseTree: () => Promise<string[]>
): Promise<ConfigFile[]> {
  const matches = picomatch(pattern)
  if (sources.dryRun) {
    const local = (await listWorkspace(sources.workspace, picomatch.scan(pattern).base)).filter((p) => matches(p))
    if (local.length)
      return Promise.all(
        sortPaths(local).map(async (p) => ({
          path: p,
          text: (await readWorkspaceFile(sources.workspace, p)) ?? '',
          fromWorkspace: true
        }))
      )
  }
  const paths = sortPaths((await baseTree()).filter((p) => matches(p)))
  const base = await sources.base()
  if (paths.length === 0) {
    throw new Error(
      `The config glob ${JSON.stringify(pattern)} matches no file on branch ${base.baseBranch} of ` +
        `${sources.repo.owner}/${sources.repo.repo}${sources.dryRun ? ' nor in the workspace' : ''}.`
    )
  }
  return Promise.all(paths.map(async (p) => ({ path: p, text: (await base.read(p)) ?? '', fromWorkspace: false })))
}

function sortPaths(paths: string[]): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Every file path of the base branch: one recursive tree request. */
async function listBaseTree(sources: ConfigSources): Promise<string[]> {
  const base = await sources.base()
  const { data } = await sources.octokit.rest.git.getTree({
    owner: sources.repo.owner,
    repo: sources.repo.repo,
    tree_sha: base.baseSha,
    recursive: 'true'
  })
  if (data.truncated) {
    throw new Error(
      `The tree of ${base.baseBranch} is too large for GitHub to list at once, so a config glob cannot be matched. ` +
        `Name the config files one a line instead.`
    )
  }
  return data.tree.filter((e) => e.type === 'blob' && e.path).map((e) => e.path as string)
}

/** Files under `dir` of the workspace, as repository paths; .git and node_modules are not searched. */
async function listWorkspace(workspace: string, dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (rel: string) => {
    const full = path.join(workspace, rel)
    if (!existsSync(full)) return
    for (const entry of await readdir(full, { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') await walk(child)
      } else if (entry.isFile()) out.push(child)
    }
  }
  await walk(dir === '.' ? '' : dir)
  return out
}

export async function readWorkspaceFile(workspace: string, file: string): Promise<string | undefined> {
  const full = path.resolve(workspace, file)
  return existsSync(full) ? readFile(full, 'utf8') : undefined
}

/** Two configs writing the same report or history would overwrite each other: say which, before any work. */
function checkOutputsDistinct(loaded: LoadedConfig[]): void {
  const owners = new Map<string, string>()
  for (const { path: file, config } of loaded) {
    for (const [key, out] of [
      ['report', config.report],
      ['history', config.history]
    ] as const) {
      const owner = owners.get(out.toLowerCase())
      if (owner !== undefined)
        throw new Error(
          `${file}: ${key} ${out} is also written by ${owner}. Give every config its own \`report:\` and ` +
            `\`history:\` paths.`
        )
      owners.set(out.toLowerCase(), `${file} (${key})`)
    }
  }
}
