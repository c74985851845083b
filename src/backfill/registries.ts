// Backfill from the registries, through the shared HTTP layer (src/net): Stack Overflow questions
// per window (/questions?tagged&fromdate&todate&filter=total, one request per tag and month, within
// a share of the daily quota), PyPI downloads per 30 days from pypistats `overall` (~180 days of
// daily rows, one request per package) and npm downloads from `/downloads/range` (daily rows up to
// 18 months, one request per package).
import { z } from 'zod'
import type { FrameworkConfig } from '../config/schema.js'
import { addDays } from '../history/index.js'
import type { MetricKey } from '../model.js'
import { errorMessage, openScope } from '../net/index.js'
import { normalizePypiName } from '../sources/pypi/declaration.js'
import { packagePath } from '../sources/npm/index.js'
import { stackExchangeClient } from '../sources/stackexchange/index.js'
import { totalResponse } from '../sources/stackexchange/schema.js'
import type { SourceContext } from '../sources/types.js'
import type { BackfillValue } from './plan.js'

/** Stack Exchange requests the backfill may spend: well inside the daily quota (300 without a key). */
export function stackOverflowBudget(withKey: boolean): number {
  return withKey ? 2_000 : 120
}
/** Download metrics are "the last 30 days" whatever window_days says. */
const DOWNLOAD_DAYS = 30

const overallResponse = z.object({
  data: z.array(z.object({ category: z.string(), date: z.string(), downloads: z.number().int().nonnegative() })),
  package: z.string().optional()
})
const rangeResponse = z.object({
  start: z.string(),
  end: z.string(),
  package: z.string(),
  downloads: z.array(z.object({ day: z.string(), downloads: z.number().int().nonnegative() }))
})

export interface RegistryBackfill {
  values: BackfillValue[]
  /** Requests per framework and source. */
  cost: Map<string, Partial<Record<BackfillRegistry, number>>>
  failures: Array<{ framework: string; message: string }>
  notes: string[]
}

/**
 * The registries the backfill reads, and the metric each reconstructs; which source collects that
 * metric every week, and the framework key it is asked for, come from the sources' declarations.
 */
export const BACKFILL_REGISTRIES = {
  stackoverflow: 'so_questions_window',
  pypistats: 'pypi_downloads_month',
  npm: 'npm_downloads_month'
} as const satisfies Record<string, MetricKey>
export type BackfillRegistry = keyof typeof BACKFILL_REGISTRIES

/**
 * Every registry's backfill; one in `skip` (its collection failed for every framework this run,
 * e.g. a host that never answers) is not waited on a second time, and the log says so.
 */
export async function backfillRegistries(
  frameworks: FrameworkConfig[],
  dates: string[],
  ctx: SourceContext,
  skip: ReadonlySet<BackfillRegistry> = new Set()
): Promise<RegistryBackfill> {
  const out: RegistryBackfill = { values: [], cost: new Map(), failures: [], notes: [] }
  const readers = { stackoverflow: stackOverflow, pypistats, npm }
  await Promise.all(
    Object.entries(readers).map(([name, read]) => {
      if (!skip.has(name as BackfillRegistry)) return read(frameworks, dates, ctx, out)
      out.notes.push(`${name} not backfilled: its collection failed for every framework this run`)
      return undefined
    })
  )
  return out
}

function addCost(out: RegistryBackfill, names: string[], source: BackfillRegistry, n: number) {
  for (const name of names) {
    const cost = out.cost.get(name) ?? {}
    cost[source] = (cost[source] ?? 0) + n / names.length
    out.cost.set(name, cost)
  }
}

async function stackOverflow(
  frameworks: FrameworkConfig[],
  dates: string[],
  ctx: SourceContext,
  out: RegistryBackfill
) {
  const byTag = new Map<string, string[]>()
  for (const fw of frameworks)
    if (fw.stackoverflow)
      byTag.set(fw.stackoverflow.toLowerCase(), [...(byTag.get(fw.stackoverflow.toLowerCase()) ?? []), fw.name])
  if (byTag.size === 0) return
  const budget = stackOverflowBudget(ctx.stackexchangeKey !== undefined)
  // Newest months first when the quota share cannot pay for all of them.
  const months = Math.min(dates.length, Math.floor(budget / byTag.size))
  if (months < dates.length)
    out.notes.push(
      `Stack Overflow: ${months} of ${dates.length} months backfilled per tag (${byTag.size} tags, ${budget} ` +
        `requests of the daily quota)`
    )
  // The source's client: Stack Exchange's throttles (HTTP 400), `backoff` and quota are honoured alike.
  const request = stackExchangeClient(
    openScope(ctx, 'backfill.stackoverflow', { concurrency: 2 }),
    'backfill.stackoverflow'
  )
  const base = ctx.endpoints.stackexchange.replace(/\/+$/, '')
  const key = ctx.stackexchangeKey ? `&key=${encodeURIComponent(ctx.stackexchangeKey)}` : ''
  const shown = dates.slice(dates.length - months)
  await Promise.all(
    [...byTag].flatMap(([tag, names]) =>
      shown.map(async (date) => {
        const [from, to] = [addDays(date, -ctx.windowDays), date]
        const unix = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / 1000)
        const url =
          `${base}/questions?tagged=${encodeURIComponent(tag)}&fromdate=${unix(from)}&todate=${unix(to) - 1}` +
          `&site=stackoverflow&filter=total${key}`
        addCost(out, names, 'stackoverflow', 1)
        try {
          const data = await request(
            'questions',
            url,
            totalResponse,
            `Stack Exchange daily quota used up (backfill of "${tag}")`
          )
          for (const framework of names)
            out.values.push({ framework, date, metric: 'so_questions_window', value: data.total, window: [from, to] })
        } catch (error) {
          for (const framework of names)
            out.failures.push({ framework, message: `Stack Overflow ${date}: ${errorMessage(error)}` })
        }
      })
    )
  )
}

/** Sums of daily rows over [D − 30, D) for every date the rows cover completely. */
export function monthlySums(
  rows: Array<{ day: string; downloads: number }>,
  dates: string[],
  framework: string,
  metric: MetricKey
): BackfillValue[] {
  const byDay = new Map(rows.map((r) => [r.day, r.downloads]))
  return dates.flatMap((date) => {
    const from = addDays(date, -DOWNLOAD_DAYS)
    let sum = 0
    for (let d = from; d < date; d = addDays(d, 1)) {
      const n = byDay.get(d)
      if (n === undefined) return []
      sum += n
    }
    return [{ framework, date, metric, value: sum, window: [from, date] as [string, string] }]
  })
}

async function pypistats(frameworks: FrameworkConfig[], dates: string[], ctx: SourceContext, out: RegistryBackfill) {
  const byPackage = new Map<string, string[]>()
  for (const fw of frameworks)
    if (fw.pypi)
      byPackage.set(normalizePypiName(fw.pypi), [...(byPackage.get(normalizePypiName(fw.pypi)) ?? []), fw.name])
  const http = openScope(ctx, 'backfill.pypistats', { concurrency: 2 })
  const base = ctx.endpoints.pypistats.replace(/\/+$/, '')
  await Promise.all(
    [...byPackage].map(async ([pkg, names]) => {
      addCost(out, names, 'pypistats', 1)
      try {
        const data = await http.getJson(`${base}/packages/${encodeURIComponent(pkg)}/overall?mirrors=false`, {
          kind: 'backfill.pypistats',
          schema: overallResponse
        })
        // The measured figure (recent?period=month) counts downloads without mirrors.
        const rows = data.data
          .filter((r) => r.category === 'without_mirrors')
          .map((r) => ({ day: r.date, downloads: r.downloads }))
        for (const framework of names) out.values.push(...monthlySums(rows, dates, framework, 'pypi_downloads_month'))
      } catch (error) {
        for (const framework of names)
          out.failures.push({ framework, message: `pypistats overall: ${errorMessage(error)}` })
      }
    })
  )
}

async function npm(frameworks: FrameworkConfig[], dates: string[], ctx: SourceContext, out: RegistryBackfill) {
  const byPackage = new Map<string, string[]>()
  for (const fw of frameworks) if (fw.npm) byPackage.set(fw.npm, [...(byPackage.get(fw.npm) ?? []), fw.name])
  if (byPackage.size === 0 || dates.length === 0) return
  const http = openScope(ctx, 'backfill.npm', { concurrency: 4 })
  const base = ctx.endpoints.npm.replace(/\/+$/, '')
  const from = addDays(dates[0], -DOWNLOAD_DAYS)
  const to = addDays(dates[dates.length - 1], -1)
  await Promise.all(
    [...byPackage].map(async ([pkg, names]) => {
      addCost(out, names, 'npm', 1)
      try {
        const data = await http.getJson(`${base}/downloads/range/${from}:${to}/${packagePath(pkg)}`, {
          kind: 'backfill.npm',
          schema: rangeResponse
        })
        for (const framework of names)
          out.values.push(...monthlySums(data.downloads, dates, framework, 'npm_downloads_month'))
      } catch (error) {
        for (const framework of names) out.failures.push({ framework, message: `npm range: ${errorMessage(error)}` })
      }
    })
  )
}
