// Backfill on the first run: for every framework the history does not know yet, up to 12 monthly
// points reconstructed from sources that can say exactly what was true then, stored as snapshots
// marked `backfilled: true`. Runs once per framework (later runs find it in the history) and is
// off with `backfill: false`. The cost is planned and printed per framework and source.
import type { Config, FrameworkConfig } from '../config/schema.js'
import type { History, Snapshot } from '../history/index.js'
import type { ConfigKeyDeclaration } from '../sources/declare.js'
import { configKeyOf, SOURCES, type SourceKey } from '../sources/index.js'
import { groupBy } from '../sources/outcome.js'
import type { Logger, SourceContext } from '../sources/types.js'
import { backfillGitHub, STAR_PAGES_PER_FRAMEWORK, STAR_PAGES_PER_RUN } from './github.js'
import { BACKFILL_BATCH, backfillCost } from './github-query.js'
import { type BackfillValue, backfillDates, backfilledSnapshots, frameworksToBackfill } from './plan.js'
import { BACKFILL_REGISTRIES, type BackfillRegistry, backfillRegistries, stackOverflowBudget } from './registries.js'

/** What one backfill of a set of frameworks reconstructed, by framework name. */
interface Reconstructed {
  values: BackfillValue[]
  /** Why a metric was left out (GitHub's stargazer cap). */
  omitted: Map<string, string>
}

/**
 * Every config's backfill, each repository and package asked for once however many configs list it
 * (as the collection does): configs with the same window share one backfill of the union of their
 * new frameworks, and each config gets the values of its own frameworks, ranked by its own weights.
 */
export async function backfillConfigs(
  configs: Array<{ config: Config; history: History }>,
  today: string,
  ctxFor: (config: Config) => SourceContext,
  skip: ReadonlySet<BackfillRegistry> = new Set()
): Promise<Snapshot[][]> {
  const out: Snapshot[][] = configs.map(() => [])
  const windows = [...new Set(configs.map((c) => c.config.window_days))]
  for (const windowDays of windows) {
    const members = [...configs.keys()].filter((i) => configs[i].config.window_days === windowDays)
    const union = new BackfillUnion()
    for (const i of members)
      for (const fw of frameworksToBackfill(configs[i].config, configs[i].history)) union.add(i, fw)
    if (union.size === 0) continue
    const found = await reconstruct(union.frameworks(), today, ctxFor(configs[members[0]].config), skip)
    for (const i of members) {
      const { config } = configs[i]
      const mine = union.forConfig(i, found)
      const github = new Map(config.frameworks.map((fw) => [fw.name, fw.github]))
      out[i] = mine.values.length > 0 ? backfilledSnapshots(mine.values, config, github, mine.omitted) : []
    }
  }
  return out
}

/** The framework keys the registries' backfill is asked for (a tag, a PyPI project, an npm package). */
const REGISTRY_KEYS: SourceKey[] = Object.values(BACKFILL_REGISTRIES).map(configKeyOf)

/** A registry key as its service compares it: the declaring source's `canonical` form, if it has one. */
function keyValue(fw: FrameworkConfig, key: SourceKey): string | undefined {
  const value = fw[key]
  const declared = SOURCES.find((s) => key in s.config)?.config as Record<string, ConfigKeyDeclaration> | undefined
  const canonical = declared?.[key]?.canonical
  return value === undefined || canonical === undefined ? value : canonical(value)
}

/**
 * The frameworks of several configs as one list. Entries with the same name and repository are one,
 * reading every tag and package any of them lists (each config then gets only the metrics of the keys
 * it lists); a name with another repository, or a key that disagrees, is a separate entry named
 * "name (owner/repo)".
 */
class BackfillUnion {
  private readonly entries: FrameworkConfig[] = []
  /** Per config: union name → the config's frameworks under that entry. */
  private readonly members = new Map<number, Map<string, FrameworkConfig[]>>()

  get size(): number {
    return this.entries.length
  }

  add(config: number, fw: FrameworkConfig): void {
    const same = (e: FrameworkConfig) =>
      e.github.toLowerCase() === fw.github.toLowerCase() &&
      REGISTRY_KEYS.every(
        (k) => keyValue(e, k) === undefined || keyValue(fw, k) === undefined || keyValue(e, k) === keyValue(fw, k)
      )
    let entry = this.entries.find((e) => (e.name === fw.name || e.name === `${fw.name} (${fw.github})`) && same(e))
    if (entry) {
      for (const k of REGISTRY_KEYS) if (entry[k] === undefined && fw[k] !== undefined) entry[k] = fw[k]
    } else {
      const taken = (name: string) => this.entries.some((e) => e.name === name)
      let name = taken(fw.name) ? `${fw.name} (${fw.github})` : fw.name
      for (let k = 2; taken(name); k++) name = `${fw.name} (${fw.github}, ${k})`
      entry = { ...fw, name }
      this.entries.push(entry)
    }
    const members = this.members.get(config) ?? new Map<string, FrameworkConfig[]>()
    members.set(entry.name, [...(members.get(entry.name) ?? []), fw])
    this.members.set(config, members)
  }

  frameworks(): FrameworkConfig[] {
    return this.entries
  }

  /** The values and notes of one config's frameworks, under its names, from the keys each lists. */
  forConfig(config: number, found: Reconstructed): Reconstructed {
    const members = this.members.get(config) ?? new Map<string, FrameworkConfig[]>()
    const values = found.values.flatMap((v) =>
      (members.get(v.framework) ?? []).flatMap((fw) => {
        // a metric of a key this config's framework does not list is not its (a repository's always is)
        return fw[configKeyOf(v.metric)] === undefined ? [] : [{ ...v, framework: fw.name }]
      })
    )
    const omitted = new Map(
      [...found.omitted].flatMap(([name, why]) =>
        (members.get(name) ?? []).map((fw): [string, string] => [fw.name, why])
      )
    )
    return { values, omitted }
  }
}

/** Reads the sources for `frameworks` and prints the cost per framework and source. */
async function reconstruct(
  frameworks: FrameworkConfig[],
  today: string,
  ctx: SourceContext,
  skip: ReadonlySet<BackfillRegistry>
): Promise<Reconstructed> {
  const dates = backfillDates(today)
  const log = ctx.log
  logPlan(log, frameworks.length, dates, ctx)
  const [github, registries] = await Promise.all([
    backfillGitHub(frameworks, dates, ctx),
    backfillRegistries(frameworks, dates, ctx, skip)
  ])
  const values = [...github.values, ...registries.values]
  const byFramework = groupBy(values, (v) => v.framework)
  for (const fw of frameworks) {
    const gh = github.cost.get(fw.name)
    const reg = registries.cost.get(fw.name) ?? {}
    const mine = byFramework.get(fw.name) ?? []
    const points = new Set(mine.map((v) => v.date)).size
    const byMetric = [...new Set(mine.map((v) => v.metric))].map(
      (m) => `${m} ${mine.filter((v) => v.metric === m).length}`
    )
    log.info(
      `Backfill ${fw.name}: GitHub ` +
        `${gh ? `${round(gh.graphqlDocs)} GraphQL document + ${round(gh.starPages)} stargazer page(s)` : 'failed'}, ` +
        `Stack Overflow ${round(reg.stackoverflow ?? 0)}, pypistats ${round(reg.pypistats ?? 0)}, npm ` +
        `${round(reg.npm ?? 0)} request(s) → ` +
        `${points} point(s)${byMetric.length ? ` (${byMetric.join(', ')})` : ''}`
    )
    const omitted = github.omitted.get(fw.name)
    if (omitted) log.info(`Backfill ${fw.name}: ${omitted}`)
    const failed = github.failures.get(fw.name)
    if (failed) log.warning(`Backfill ${fw.name}: GitHub: ${failed}`)
  }
  for (const f of registries.failures) log.debug(`Backfill ${f.framework}: ${f.message}`)
  for (const note of registries.notes) log.info(`Backfill: ${note}`)
  log.info(`Backfill: ${values.length} values on ${dates.length} dates, ${github.graphqlPoints} GraphQL point(s)`)
  return { values, omitted: github.omitted }
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '')
}

function logPlan(log: Logger, n: number, dates: string[], ctx: SourceContext): void {
  const docs = Math.ceil(n / BACKFILL_BATCH)
  log.info(
    `Backfill: ${n} framework(s) new to the history, ` +
      `${dates.length} monthly points each (${dates[0]} … ${dates.at(-1)}). ` +
      `Budget: GitHub ${docs} GraphQL document(s) (about ` +
      `${docs * backfillCost(Math.min(n, BACKFILL_BATCH), dates.length)} point(s)) ` +
      `and at most ${STAR_PAGES_PER_FRAMEWORK} stargazer pages per framework (${STAR_PAGES_PER_RUN} in all); ` +
      `Stack Overflow at most ` +
      `${stackOverflowBudget(ctx.stackexchangeKey !== undefined)} requests (${dates.length} per tag); pypistats and ` +
      `npm 1 request per package.`
  )
}
