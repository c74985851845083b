// Backfill on the first run: for every framework the history does not know yet, up to 12 monthly
// points reconstructed from sources that can say exactly what was true then, stored as snapshots
// marked `backfilled: true`. Runs once per framework (later runs find it in the history) and is
// off with `backfill: false`. The cost is planned and printed per framework and source.
import type { Config } from '../config/schema.js'
import type { History, Snapshot } from '../history/index.js'
import type { Logger, SourceContext } from '../sources/types.js'
import { backfillGitHub, STAR_PAGES_PER_FRAMEWORK } from './github.js'
import { BACKFILL_BATCH, backfillCost } from './github-query.js'
import { backfillDates, backfilledSnapshots, frameworksToBackfill } from './plan.js'
import { backfillRegistries, stackOverflowBudget } from './registries.js'

export interface BackfillRun {
  snapshots: Snapshot[]
  /** Frameworks backfilled. */
  frameworks: number
}

export async function backfillHistory(
  config: Config,
  history: History,
  today: string,
  ctx: SourceContext
): Promise<BackfillRun> {
  const frameworks = frameworksToBackfill(config, history)
  if (frameworks.length === 0) return { snapshots: [], frameworks: 0 }
  const dates = backfillDates(today)
  const log = ctx.log
  logPlan(log, frameworks.length, dates, ctx)
  const [github, registries] = await Promise.all([
    backfillGitHub(frameworks, dates, ctx),
    backfillRegistries(frameworks, dates, ctx)
  ])
  const values = [...github.values, ...registries.values]
  for (const fw of frameworks) {
    const gh = github.cost.get(fw.name)
    const reg = registries.cost.get(fw.name) ?? {}
    const mine = values.filter((v) => v.framework === fw.name)
    const points = new Set(mine.map((v) => v.date)).size
    const byMetric = [...new Set(mine.map((v) => v.metric))].map(
      (m) => `${m} ${mine.filter((v) => v.metric === m).length}`
    )
    log.info(
      `Backfill ${fw.name}: GitHub ` +
        `${gh ? `${round(gh.graphqlDocs)} GraphQL document + ${gh.starPages} stargazer page(s)` : 'failed'}, ` +
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
  const github_ = new Map(frameworks.map((fw) => [fw.name, fw.github]))
  return { snapshots: backfilledSnapshots(values, config, github_, github.omitted), frameworks: frameworks.length }
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
      `and at most ${STAR_PAGES_PER_FRAMEWORK} stargazer pages per framework; Stack Overflow at most ` +
      `${stackOverflowBudget(ctx.stackexchangeKey !== undefined)} requests (${dates.length} per tag); pypistats and ` +
      `npm 1 request per package.`
  )
}
