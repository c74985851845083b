// The selection funnel (domain logic, next to the ranking): values of the qualitative criteria,
// the stage-by-stage Promote/Pass evaluation over those facts and the metrics (the seed article's
// method), and how the shortlist changed since the previous snapshot. Pure.
import type { Condition, Config, FactValue } from '../config/schema.js'
import { daysBetween, type Snapshot } from '../history/index.js'
import { METRICS, type FrameworkData } from '../model.js'
import { formatNumber } from '../report/escape.js'
import { packageFact } from './package-facts.js'

/** The config's facts of a framework, by name. */
export function factsOf(config: Config, name: string): Record<string, FactValue> {
  return config.frameworks.find((f) => f.name === name)?.facts ?? {}
}

/**
 * The value of criterion `key` for a framework: the config's fact when given (the user knows
 * best), else for the automatic keys what GitHub reported:
 * license, language, latest_release ("tag (YYYY-MM-DD)"), last_push (YYYY-MM-DD), archived;
 * and what package metadata states (package-facts.ts): platforms, python_versions, dependencies, ….
 * undefined when nothing is known.
 */
export function criteriaValue(config: Config, fw: FrameworkData, key: string): FactValue | undefined {
  const facts = factsOf(config, fw.name)
  if (Object.hasOwn(facts, key)) return facts[key]
  const info = fw.info
  switch (key) {
    case 'license':
      return info.license
    case 'language':
      return info.language
    case 'latest_release': {
      const r = info.latestRelease
      if (!r) return undefined
      const when = r.publishedAt ? ` (${r.publishedAt.slice(0, 10)})` : ''
      return `${r.tag}${when}`
    }
    case 'last_push':
      return info.pushedAt?.slice(0, 10)
    case 'archived':
      return info.missing ? undefined : info.archived
    default:
      return packageFact(fw, key)
  }
}

/** A fact as display text (not yet escaped): lists joined with ", ", booleans yes/no. */
export function formatFact(v: FactValue | undefined): string | undefined {
  if (v === undefined) return undefined
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => formatFact(x)).join(', ')
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (typeof v === 'number') return formatNumber(v)
  return v
}

// ---- the funnel ----------------------------------------------------------------------------

/** Three-valued: a requirement can be met, not met, or unknown (a fact or metric is missing). */
type Verdict = { result: true } | { result: false; reason: string } | { result: 'unknown'; reason: string }

export interface FunnelStage {
  stage: string
  why?: string
  /** the requirement in words */
  requirement: string
  promote: string[]
  pass: Array<{ name: string; reason: string }>
}

export interface FunnelResult {
  stages: FunnelStage[]
  /** who made it through every stage, in rank order */
  shortlist: string[]
}

/**
 * Runs the funnel: each stage looks at every framework still in the running (in rank order) and
 * promotes it when the requirement is met, or passes it with the reason. A requirement that cannot
 * be decided (an unknown fact or metric) passes the framework with a reason starting "unknown".
 */
export function evaluateFunnel(config: Config, ranked: FrameworkData[], now: Date | string): FunnelResult {
  const today = typeof now === 'string' ? now : now.toISOString()
  let remaining = [...ranked]
  const stages: FunnelStage[] = []
  for (const step of config.funnel) {
    const promote: FrameworkData[] = []
    const pass: Array<{ name: string; reason: string }> = []
    for (const fw of remaining) {
      const v = evaluate(step.require, { fw, config, today })
      if (v.result === true) promote.push(fw)
      else pass.push({ name: fw.name, reason: v.reason })
    }
    stages.push({
      stage: step.stage,
      why: step.why,
      requirement: describeCondition(step.require),
      promote: promote.map((f) => f.name),
      pass
    })
    remaining = promote
  }
  return { stages, shortlist: remaining.map((f) => f.name) }
}

function norm(v: string | number | boolean): string | number | boolean {
  if (typeof v !== 'string') return v
  const s = v.trim().toLowerCase()
  // YAML 1.2 reads `yes`/`no` as strings; in facts they mean booleans.
  if (s === 'yes' || s === 'true') return true
  if (s === 'no' || s === 'false') return false
  if (s !== '' && /^-?\d+(\.\d+)?$/.test(s)) return Number(s)
  return s
}

function same(a: string | number | boolean, b: string | number | boolean): boolean {
  return norm(a) === norm(b)
}

function show(v: FactValue | undefined): string {
  return v === undefined ? 'not set' : (formatFact(v) ?? 'empty')
}

type FactCondition = Extract<Condition, { fact: string }>
type MetricCondition = Extract<Condition, { metric: string }>
/** What a condition is judged against. */
interface Subject {
  fw: FrameworkData
  config: Config
  today: string
}

function evaluate(c: Condition, subject: Subject): Verdict {
  const { fw } = subject
  if ('fact' in c) return evaluateFact(c, subject)
  if ('metric' in c) return evaluateMetric(c, fw)
  if ('archived' in c) return evaluateArchived(c.archived, fw)
  if ('inactive' in c) return evaluateInactive(c.inactive, subject)
  if ('all' in c) return evaluateAll(c.all, subject)
  if ('any' in c) return evaluateAny(c.any, subject)
  return evaluateNot(c.not, subject)
}

function evaluateFact(c: FactCondition, { fw, config }: Subject): Verdict {
  const value = criteriaValue(config, fw, c.fact)
  const absent = value === undefined || (Array.isArray(value) && value.length === 0)
  if (c.exists !== undefined) {
    return !absent === c.exists
      ? { result: true }
      : { result: false, reason: c.exists ? `${c.fact} is not set` : `${c.fact} is set (${show(value)})` }
  }
  if (absent) return { result: 'unknown', reason: `unknown: ${c.fact} is not set` }
  const { ok, wanted } = matchFact(c, value)
  return ok ? { result: true } : { result: false, reason: `${c.fact} ${show(value)}, required: ${wanted}` }
}

/** Whether a set fact meets `equals`, `contains` or `in`, and that requirement in words. */
function matchFact(c: FactCondition, value: FactValue): { ok: boolean; wanted: string } {
  const list = Array.isArray(value) ? value : [value]
  if (c.equals !== undefined) {
    return { ok: list.length === 1 && same(list[0], c.equals), wanted: `is ${show(c.equals)}` }
  }
  if (c.contains !== undefined) {
    const needle = c.contains
    const ok = Array.isArray(value)
      ? value.some((x) => same(x, needle))
      : typeof value === 'string' && typeof needle === 'string'
        ? value.toLowerCase().includes(needle.toLowerCase())
        : same(value, needle)
    return { ok, wanted: `contains ${show(needle)}` }
  }
  const options = c.in ?? []
  return {
    ok: list.some((x) => options.some((o) => same(x, o))),
    wanted: `is one of ${options.map((o) => show(o)).join(', ')}`
  }
}

function evaluateMetric(c: MetricCondition, fw: FrameworkData): Verdict {
  const label = METRICS[c.metric]?.label ?? c.metric
  const x = fw.metrics[c.metric]
  if (x === undefined) return { result: 'unknown', reason: `unknown: ${label} not available` }
  if (c.min !== undefined && x < c.min)
    return { result: false, reason: `${label} ${formatNumber(x)} < ${formatNumber(c.min)}` }
  if (c.max !== undefined && x > c.max)
    return { result: false, reason: `${label} ${formatNumber(x)} > ${formatNumber(c.max)}` }
  return { result: true }
}

function evaluateArchived(wanted: boolean, fw: FrameworkData): Verdict {
  if (fw.info.archived === undefined || fw.info.missing)
    return { result: 'unknown', reason: 'unknown: archived state not available' }
  return fw.info.archived === wanted
    ? { result: true }
    : { result: false, reason: fw.info.archived ? 'archived' : 'not archived' }
}

function evaluateInactive(wanted: boolean, { fw, config, today }: Subject): Verdict {
  const pushed = fw.info.pushedAt
  if (!pushed || Number.isNaN(Date.parse(pushed)))
    return { result: 'unknown', reason: 'unknown: last push not available' }
  const days = daysBetween(pushed, today)
  const inactive = days > config.inactive_after_days
  if (inactive === wanted) return { result: true }
  return {
    result: false,
    reason: inactive
      ? `inactive: no push for ${formatNumber(days)} days`
      : `active: pushed ${formatNumber(days)} days ago`
  }
}

/** Met when every part is; the first part not met decides, else the first unknown one. */
function evaluateAll(parts: Condition[], subject: Subject): Verdict {
  let unknown: Verdict | undefined
  for (const part of parts) {
    const v = evaluate(part, subject)
    if (v.result === false) return v
    if (v.result === 'unknown') unknown ??= v
  }
  return unknown ?? { result: true }
}

/** Met when one part is; else unknown when a part is, else not met with every part's reason. */
function evaluateAny(parts: Condition[], subject: Subject): Verdict {
  const reasons: string[] = []
  let unknown: Verdict | undefined
  for (const part of parts) {
    const v = evaluate(part, subject)
    if (v.result === true) return v
    if (v.result === 'unknown') unknown ??= v
    else reasons.push(v.reason)
  }
  return unknown ?? { result: false, reason: reasons.join('; ') }
}

function evaluateNot(inner: Condition, subject: Subject): Verdict {
  const v = evaluate(inner, subject)
  if (v.result === 'unknown') return v
  return v.result === true ? { result: false, reason: `not wanted: ${describeCondition(inner)}` } : { result: true }
}

/** A requirement in words, e.g. "languages contains Python and Commits (window) ≥ 20". */
export function describeCondition(c: Condition): string {
  if ('fact' in c) {
    if (c.exists !== undefined) return `${c.fact} ${c.exists ? 'is set' : 'is not set'}`
    if (c.equals !== undefined) return `${c.fact} is ${show(c.equals)}`
    if (c.contains !== undefined) return `${c.fact} contains ${show(c.contains)}`
    return `${c.fact} is one of ${(c.in ?? []).map((o) => show(o)).join(', ')}`
  }
  if ('metric' in c) {
    const label = METRICS[c.metric]?.label ?? c.metric
    const parts: string[] = []
    if (c.min !== undefined) parts.push(`${label} ≥ ${formatNumber(c.min)}`)
    if (c.max !== undefined) parts.push(`${label} ≤ ${formatNumber(c.max)}`)
    return parts.join(' and ')
  }
  if ('archived' in c) return c.archived ? 'archived' : 'not archived'
  if ('inactive' in c) return c.inactive ? 'inactive' : 'active (pushed recently)'
  if ('all' in c) return c.all.map((x) => wrap(x)).join(' and ')
  if ('any' in c) return c.any.map((x) => wrap(x)).join(' or ')
  return `not (${describeCondition(c.not)})`
}

function wrap(c: Condition): string {
  return 'all' in c || 'any' in c ? `(${describeCondition(c)})` : describeCondition(c)
}

// ---- what changed in the shortlist --------------------------------------------------------------

/** A framework that joined or left the shortlist, and why (plain text, not yet escaped). */
export interface ShortlistMove {
  name: string
  why: string
}

export interface ShortlistChange {
  /** this run's funnel */
  current: FunnelResult
  /** the shortlist the previous snapshot's data gives under today's config; undefined on a first run */
  previous?: string[]
  joined: ShortlistMove[]
  left: ShortlistMove[]
}

/** Where a framework dropped out of a funnel run: "stage: reason", or undefined when it made it. */
function stoppedAt(result: FunnelResult, name: string): string | undefined {
  for (const s of result.stages) {
    const pass = s.pass.find((p) => p.name === name)
    if (pass) return `${s.stage}: ${pass.reason}`
  }
  return undefined
}

/** The previous snapshot's frameworks as funnel input, best first (facts come from today's config). */
function snapshotFrameworks(prev: Snapshot): FrameworkData[] {
  return Object.entries(prev.frameworks)
    .sort((a, b) => a[1].rank - b[1].rank)
    .map(([name, e]) => ({
      name,
      github: e.github,
      metrics: e.metrics,
      lowerBounds: e.lowerBounds ?? [],
      stale: e.stale ?? [],
      info: e.info
    }))
}

/**
 * Runs the funnel on this run's data and on the previous snapshot's data (with today's config, so a
 * changed requirement does not count as a move), and says who joined or left the shortlist and why.
 */
export function shortlistChange(
  config: Config,
  ranked: FrameworkData[],
  date: string,
  prev: Snapshot | undefined
): ShortlistChange {
  const current = evaluateFunnel(config, ranked, date)
  if (!prev || config.funnel.length === 0) return { current, joined: [], left: [] }
  const before = evaluateFunnel(config, snapshotFrameworks(prev), prev.date)
  const now = new Set(current.shortlist)
  const then = new Set(before.shortlist)
  const inConfig = new Set(ranked.map((f) => f.name))
  const joined = current.shortlist
    .filter((n) => !then.has(n))
    .map((name) => {
      const was = Object.hasOwn(prev.frameworks, name) ? stoppedAt(before, name) : undefined
      return { name, why: was ? `stopped at ${was} before` : 'new in the config' }
    })
  const left = before.shortlist
    .filter((n) => !now.has(n))
    .map((name) => ({
      name,
      why: inConfig.has(name) ? (stoppedAt(current, name) ?? 'no longer passes') : 'no longer in the config'
    }))
  return { current, previous: before.shortlist, joined, left }
}
