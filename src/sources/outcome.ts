// What the registry sources share besides HTTP (src/net): collecting values and failures per
// framework, grouping frameworks that name the same package, and splitting lists into batches.
import type { FrameworkConfig } from '../config/schema.js'
import type { SourceFailure, SourceId, SourceValues } from '../model.js'
import { errorMessage, SourceNotFoundError } from '../net/index.js'
import type { SourceOutcome } from './types.js'

/** Collects a source's values and failures; a framework gets either a value or a failure, never both. */
export class OutcomeBuilder {
  readonly values = new Map<string, SourceValues>()
  readonly failures: SourceFailure[] = []
  readonly notes: string[] = []
  constructor(readonly source: SourceId) {}

  set(framework: string, metrics: SourceValues['metrics']): void {
    this.values.set(framework, { metrics })
  }

  fail(framework: string, message: string): void {
    this.values.delete(framework)
    this.failures.push({ source: this.source, framework, message })
  }

  build(): SourceOutcome {
    return { source: this.source, values: this.values, failures: this.failures, notes: this.notes }
  }
}

/** Items by a key (frameworks by the package, tag or paper they name), in order; no key, no entry. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    if (key === undefined) continue
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A count must be a whole, non-negative, finite number; anything else is treated as a failure. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/**
 * The shape of a source that asks one URL per package: frameworks that name the same package share
 * one request (the HTTP layer limits how many run at once), and a failure (or 404, with `notFound`'s
 * message) fails only the frameworks that named that package.
 */
export async function collectPerPackage(opts: {
  source: SourceId
  frameworks: FrameworkConfig[]
  keyOf: (fw: FrameworkConfig) => string | undefined
  fetchMetrics: (key: string) => Promise<SourceValues['metrics']>
  notFound: (key: string) => string
}): Promise<SourceOutcome> {
  return collectPerKey({ ...opts, fetchValues: async (key) => ({ metrics: await opts.fetchMetrics(key) }) })
}

/** collectPerPackage for any values (metrics, or facts in `info`): one request per key, shared. */
export async function collectPerKey(opts: {
  source: SourceId
  frameworks: FrameworkConfig[]
  keyOf: (fw: FrameworkConfig) => string | undefined
  fetchValues: (key: string) => Promise<SourceValues>
  notFound: (key: string) => string
}): Promise<SourceOutcome> {
  const out = new OutcomeBuilder(opts.source)
  await Promise.all(
    [...groupBy(opts.frameworks, opts.keyOf)].map(async ([key, fws]) => {
      try {
        const values = await opts.fetchValues(key)
        for (const fw of fws) out.values.set(fw.name, { ...values, metrics: { ...values.metrics } })
      } catch (error) {
        const message = error instanceof SourceNotFoundError ? opts.notFound(key) : errorMessage(error)
        for (const fw of fws) out.fail(fw.name, message)
      }
    })
  )
  return out.build()
}
