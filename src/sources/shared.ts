// Collects the frameworks of several configs in one pass: every source asks once per source key (a
// repository, a package, a tag), however many configs or entries list it, and each config gets
// back the records, failures and notes of its own frameworks, under its own names.
import type { FrameworkConfig } from '../config/schema.js'
import { emptyHistory, type History, type Snapshot } from '../history/index.js'
import type { MetricKey, SourceFailure, SourceId, SourceValues } from '../model.js'
import { collectMetrics, sortFailures, type Collected } from './collect.js'
import type { ConfigKeyDeclaration } from './declare.js'
import { SOURCES } from './index.js'
import type { Source, SourceContext, SourceOutcome } from './types.js'

/**
 * What a source asks for about one framework, as a string (same string = same request): its declared keys'
 * canonical values. A source without a declaration is keyed by every key of the entry but its name and facts,
 * which never merges two different requests (at worst it asks twice).
 */
export function sourceKey(source: SourceId, fw: FrameworkConfig): string {
  const declared = SOURCES.find((s) => s.id === source)
  const entry = fw as unknown as Record<string, unknown>
  if (!declared) {
    const keys = Object.keys(entry)
      .filter((k) => k !== 'name' && k !== 'facts')
      .sort()
    return JSON.stringify(keys.map((k) => entry[k]))
  }
  const keys = Object.entries((declared.config ?? {}) as Record<string, ConfigKeyDeclaration>)
  const values = keys.map(([key, c]) => {
    const value = entry[key]
    return typeof value === 'string' && c.canonical ? c.canonical(value) : value
  })
  return JSON.stringify(values)
}

// Inside one pass a framework is named "<list index>\0<name>": unique across configs, and the
// prefix (digits, then NUL) is found again whatever the name holds.
const internalName = (list: number, name: string) => `${list}\u0000${name}`
function splitName(name: string): { list: number; name: string } | undefined {
  const at = name.indexOf('\u0000')
  if (at < 1 || !/^\d+$/.test(name.slice(0, at))) return undefined
  return { list: Number(name.slice(0, at)), name: name.slice(at + 1) }
}

/**
 * Collects every list at once (one list per config, all with the same window) and returns one
 * {@link Collected} per list, in order, as `collectMetrics` would have returned for that list alone.
 */
export async function collectShared(
  lists: FrameworkConfig[][],
  sources: Source[],
  ctx: SourceContext
): Promise<Collected[]> {
  const union = lists.flatMap((list, i) => list.map((fw) => ({ ...fw, name: internalName(i, fw.name) })))
  const collected = await collectMetrics(union, sources.map(askOncePerKey), ctx)
  return lists.map((list, i) => collectedFor(collected, i, list, sources))
}

/** Wraps a source so that frameworks sharing a source key are asked for once. */
export function askOncePerKey(source: Source): Source {
  return {
    ...source,
    async collect(frameworks, ctx) {
      const groups = new Map<string, FrameworkConfig[]>()
      for (const fw of frameworks) {
        const key = sourceKey(source.id, fw)
        groups.set(key, [...(groups.get(key) ?? []), fw])
      }
      const merged: SourceOutcome = { source: source.id, values: new Map(), failures: [], notes: [], warnings: [] }
      for (const pass of passes([...groups.values()])) {
        const outcome = await source.collect(
          pass.map((members) => ({ ...members[0], name: realName(members[0].name) })),
          ctx
        )
        spread(outcome, pass, merged)
      }
      return merged
    }
  }
}

function realName(name: string): string {
  return splitName(name)?.name ?? name
}

/**
 * Groups of one pass have distinct real names (a source keys its answers by name). Two configs that
 * give the same name to different repositories need a second pass; that is the only extra request.
 */
function passes(groups: FrameworkConfig[][]): FrameworkConfig[][][] {
  const out: Array<{ names: Set<string>; groups: FrameworkConfig[][] }> = []
  for (const group of groups) {
    const name = realName(group[0].name)
    let pass = out.find((p) => !p.names.has(name))
    if (!pass) {
      pass = { names: new Set(), groups: [] }
      out.push(pass)
    }
    pass.names.add(name)
    pass.groups.push(group)
  }
  return out.map((p) => p.groups)
}

/** Gives every member of a group the answer its representative got (values, failures, notes); warnings as they are. */
function spread(outcome: SourceOutcome, pass: FrameworkConfig[][], into: SourceOutcome): void {
  const byReal = new Map(pass.map((members) => [realName(members[0].name), members]))
  for (const [name, values] of outcome.values)
    for (const member of byReal.get(name) ?? []) into.values.set(member.name, copyValues(values))
  for (const failure of outcome.failures) {
    const members = failure.framework === undefined ? undefined : byReal.get(failure.framework)
    if (!members) into.failures.push(failure)
    else for (const member of members) into.failures.push({ ...failure, framework: member.name })
  }
  for (const note of outcome.notes) {
    // Notes about one framework start with its name ("PyTorch: repository renamed …").
    const members = [...byReal].find(([name]) => note.startsWith(`${name}: `))
    if (!members) into.notes.push(note)
    else for (const m of members[1]) into.notes.push(`${m.name}${note.slice(members[0].length)}`)
  }
  // About the run, not one framework (e.g. a partial refresh on a short budget): kept whole.
  for (const warning of outcome.warnings ?? []) if (!into.warnings?.includes(warning)) into.warnings?.push(warning)
}

function copyValues(values: SourceValues): SourceValues {
  return structuredClone(values)
}

/** One list's share of the pass, under its own names. */
function collectedFor(all: Collected, list: number, frameworks: FrameworkConfig[], sources: Source[]): Collected {
  const mine = (name: string | undefined) => (name === undefined ? undefined : splitName(name))
  /** the list's own name for an entry of the pass, or undefined when it belongs to another list */
  const own = (name: string) => {
    const owner = mine(name)
    return owner?.list === list ? owner.name : undefined
  }
  const data = all.data.flatMap((d) => {
    const name = own(d.name)
    return name === undefined ? [] : [{ ...d, name }]
  })
  const failedMetrics = new Map<string, MetricKey[]>()
  for (const [name, metrics] of all.failedMetrics) {
    const mineName = own(name)
    if (mineName !== undefined) failedMetrics.set(mineName, metrics)
  }
  const failures: SourceFailure[] = []
  for (const f of all.failures) {
    const owner = mine(f.framework)
    if (owner?.list === list) failures.push({ ...f, framework: owner.name })
    // A source that failed as a whole concerns every list that uses it.
    else if (f.framework === undefined && usesSource(frameworks, sources, f.source)) failures.push(f)
  }
  const notes: string[] = []
  for (const note of all.notes) {
    const owner = mine(note)
    if (owner === undefined) notes.push(note)
    else if (owner.list === list) notes.push(owner.name)
  }
  // Warnings are about the run (e.g. a short budget), not one framework: every list hears them.
  return { data, failedMetrics, failures: sortFailures(failures), notes, warnings: [...all.warnings] }
}

function usesSource(frameworks: FrameworkConfig[], sources: Source[], id: SourceId): boolean {
  const source = sources.find((s) => s.id === id)
  return source ? frameworks.some((fw) => source.appliesTo(fw)) : true
}

/**
 * The histories of the configs collected together, as one: per date, every config's entries (for
 * a name in several configs, the first config's). Sources look a framework up by name in it.
 */
export function unionHistory(histories: History[]): History {
  if (histories.length === 1) return histories[0]
  const byDate = new Map<string, Snapshot>()
  for (const h of histories)
    for (const s of h.snapshots) {
      const into = byDate.get(s.date) ?? { date: s.date, frameworks: {} }
      into.frameworks = { ...s.frameworks, ...into.frameworks }
      byDate.set(s.date, into)
    }
  const snapshots = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return { ...emptyHistory(), snapshots }
}
