// Runs every source at once and merges what they found into one record per framework.
// A source that fails (for one framework or entirely) leaves its metrics to be carried forward.
import type { FrameworkConfig } from '../config/schema.js'
import { SOURCE_IDS, type FrameworkData, type MetricKey, type SourceFailure } from '../model.js'
import { TokenRejectedError, type Source, type SourceContext, type SourceOutcome } from './types.js'

export interface Collected {
  data: FrameworkData[]
  /** Per framework, the metrics whose source failed this run (to carry forward). */
  failedMetrics: Map<string, MetricKey[]>
  failures: SourceFailure[]
  notes: string[]
  /** Missing repositories, partial refreshes: shown as warnings and in the PR body. */
  warnings: string[]
}

export async function collectMetrics(
  frameworks: FrameworkConfig[],
  sources: Source[],
  ctx: SourceContext
): Promise<Collected> {
  const outcomes = await Promise.all(sources.map((source) => runSource(source, frameworks, ctx)))
  const failedMetrics = new Map<string, MetricKey[]>()
  const failures: SourceFailure[] = []
  const notes: string[] = []
  const warnings: string[] = []
  const data: FrameworkData[] = frameworks.map((fw) => ({
    name: fw.name,
    github: fw.github,
    metrics: {},
    lowerBounds: [],
    stale: [],
    info: {}
  }))
  const byName = new Map(data.map((d) => [d.name, d]))

  outcomes.forEach((outcome, i) => {
    const source = sources[i]
    notes.push(...outcome.notes)
    warnings.push(...(outcome.warnings ?? []))
    failures.push(...outcome.failures)
    const failedNames = new Set<string>()
    for (const failure of outcome.failures) {
      if (failure.framework !== undefined) failedNames.add(failure.framework)
      else for (const fw of frameworks) if (source.appliesTo(fw)) failedNames.add(fw.name)
    }
    for (const fw of frameworks) {
      if (!source.appliesTo(fw)) continue
      const values = outcome.values.get(fw.name)
      const record = byName.get(fw.name)
      if (!record) continue // cannot happen: data has one record per framework
      if (values && !failedNames.has(fw.name)) {
        const stale = values.stale ?? []
        for (const [m, v] of Object.entries(values.metrics))
          if (!stale.includes(m as MetricKey)) record.metrics[m as MetricKey] = v
        record.lowerBounds.push(...(values.lowerBounds ?? []).filter((m) => !stale.includes(m)))
        if (values.info) Object.assign(record.info, values.info)
        // What the source could not refresh is carried forward like a failed source's metrics.
        if (stale.length > 0) failedMetrics.set(fw.name, [...(failedMetrics.get(fw.name) ?? []), ...stale])
      } else {
        // No value and no failure reported would silently drop numbers: treat it as a failure.
        if (!failedNames.has(fw.name))
          failures.push({ source: source.id, framework: fw.name, message: 'returned no value' })
        failedMetrics.set(fw.name, [...(failedMetrics.get(fw.name) ?? []), ...source.metrics])
      }
    }
  })
  return { data, failedMetrics, failures: sortFailures(failures), notes, warnings }
}

async function runSource(source: Source, frameworks: FrameworkConfig[], ctx: SourceContext): Promise<SourceOutcome> {
  const applicable = frameworks.filter((fw) => source.appliesTo(fw))
  if (applicable.length === 0) return { source: source.id, values: new Map(), failures: [], notes: [] }
  const started = performance.now()
  ctx.log.info(`${source.id}: collecting ${applicable.length} framework(s)…`)
  try {
    const outcome = await source.collect(applicable, ctx)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    ctx.log.info(
      `${source.id}: ${outcome.values.size}/${applicable.length} collected, ${outcome.failures.length} failure(s), ` +
        `${seconds} s`
    )
    return outcome
  } catch (error) {
    if (error instanceof TokenRejectedError) throw error
    // A bug or an outage in one source must not stop the others.
    const message = error instanceof Error ? error.message : String(error)
    return { source: source.id, values: new Map(), failures: [{ source: source.id, message }], notes: [] }
  }
}

export function sortFailures(failures: SourceFailure[]): SourceFailure[] {
  return [...failures].sort(
    (a, b) =>
      SOURCE_IDS.indexOf(a.source) - SOURCE_IDS.indexOf(b.source) ||
      (a.framework ?? '').localeCompare(b.framework ?? '', 'en') ||
      a.message.localeCompare(b.message, 'en')
  )
}
