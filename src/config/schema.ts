// The config file's schema. The same zod schema validates the YAML, types the code and
// generates schema/framework-radar.schema.json for editors.
import { z } from 'zod'
import { METRIC_KEYS, METRICS, SCORE_GROUPS, type MetricKey, type ScoreGroup } from '../model.js'
import type { UnionToIntersection } from '../sources/declare.js'
import { SOURCES } from '../sources/index.js'
import { PACKAGE_CRITERIA } from '../rank/package-facts.js'

export { SCORE_GROUPS, type ScoreGroup }

function byGroup<T>(value: (group: ScoreGroup) => T): Record<ScoreGroup, T> {
  return Object.fromEntries(SCORE_GROUPS.map((g) => [g, value(g)])) as Record<ScoreGroup, T>
}

/** The metrics a config may weight in each group, in METRIC_KEYS order (declared by the sources). */
export const GROUP_METRICS: Record<ScoreGroup, MetricKey[]> = byGroup((g) =>
  METRIC_KEYS.filter((m) => METRICS[m].group === g && METRICS[m].defaultWeight !== undefined)
)

/** Default weight of each scored metric inside its group, as the sources declare them. */
export const DEFAULT_WEIGHTS: Record<ScoreGroup, Partial<Record<MetricKey, number>>> = byGroup((g) =>
  Object.fromEntries(GROUP_METRICS[g].map((m) => [m, METRICS[m].defaultWeight]))
)
export const DEFAULT_GROUP_WEIGHTS: Record<ScoreGroup, number> = { popularity: 1, activity: 1 }

const scalar = z.union([z.string(), z.number(), z.boolean()])
export type FactValue = z.infer<typeof scalar> | Array<z.infer<typeof scalar>>
const factValue = z.union([scalar, z.array(scalar)])

const metricKey = z.enum(METRIC_KEYS as [MetricKey, ...MetricKey[]])

const idString = z.string().trim().min(1, 'must not be empty')

type Declared = (typeof SOURCES)[number]
type KeySchemas<C> = C extends Record<string, { schema: z.ZodType }> ? { [K in keyof C]: C[K]['schema'] } : never
/** Every framework key the sources declare, with its schema (github: required; the others optional). */
type SourceKeys = UnionToIntersection<KeySchemas<Declared['config']>>

const sourceKeys = Object.fromEntries(
  SOURCES.flatMap((s) =>
    Object.entries(s.config).map(([key, c]) => [
      key,
      c.schema.meta({ description: c.description, examples: [c.example] })
    ])
  )
) as unknown as SourceKeys

export const frameworkSchema = z.strictObject({
  name: idString.max(100, 'must be at most 100 characters'),
  ...sourceKeys,
  facts: z.record(z.string(), factValue).optional()
})

export type FrameworkConfig = z.infer<typeof frameworkSchema>

// Requirements of the selection funnel. One key decides the kind, so error messages stay precise.
export type Condition =
  | {
      fact: string
      equals?: string | number | boolean
      contains?: string | number | boolean
      in?: Array<string | number | boolean>
      exists?: boolean
    }
  | { metric: MetricKey; min?: number; max?: number }
  | { archived: boolean }
  | { inactive: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

const factCondition = z
  .strictObject({
    fact: idString,
    equals: scalar.optional(),
    contains: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    exists: z.boolean().optional()
  })
  .refine(
    (c) => [c.equals, c.contains, c.in, c.exists].filter((v) => v !== undefined).length === 1,
    'a fact requirement needs exactly one of equals, contains, in, exists'
  )
const metricCondition = z
  .strictObject({
    metric: metricKey,
    min: z.number().nonnegative().optional(),
    max: z.number().nonnegative().optional()
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, 'a metric requirement needs min or max')

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    factCondition,
    metricCondition,
    z.strictObject({ archived: z.boolean() }),
    z.strictObject({ inactive: z.boolean() }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema })
  ])
) as z.ZodType<Condition>

const weight = z.number().min(0, 'must be 0 or more').max(100, 'must be at most 100')

/** At most this many frameworks in one config (over all its categories). */
export const MAX_FRAMEWORKS = 5000

const criteriaSchema = z.array(z.union([idString, z.strictObject({ key: idString, label: idString.optional() })]))
const funnelSchema = z.array(z.strictObject({ stage: idString, require: conditionSchema, why: z.string().optional() }))
const frameworkList = z
  .array(frameworkSchema)
  .min(1, 'needs at least one framework')
  .max(MAX_FRAMEWORKS, 'at most 5,000 frameworks')

// A category is a section of the report with its own ranking (and, when it has one, its own funnel).
// Its frameworks are nested under it, so a framework belongs to exactly one category by construction.
export const categorySchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by "-", e.g. "serving"')
    .max(60, 'must be at most 60 characters')
    .optional(),
  title: idString.max(200, 'must be at most 200 characters'),
  description: z.string().optional(),
  criteria: criteriaSchema.optional(),
  funnel: funnelSchema.optional(),
  frameworks: frameworkList
})

function formatWeights(weights: Partial<Record<string, number>>): string {
  return Object.entries(weights)
    .map(([k, w]) => `${k}: ${w}`)
    .join(', ')
}

/** What the README and editors say about a group's metric weights (see normalizeConfig). */
export function groupWeightsDescription(group: ScoreGroup): string {
  return (
    `Metric weights of the ${group} group (0 turns a metric off). Listing any replaces the whole group: ` +
    `a metric not listed weighs 0. Default: ${formatWeights(DEFAULT_WEIGHTS[group])}.`
  )
}

const weightsSchema = z.strictObject({
  groups: z
    .strictObject(byGroup(() => weight.optional()))
    .optional()
    .meta({ description: `Weight of each sub-score. Default: ${formatWeights(DEFAULT_GROUP_WEIGHTS)}.` }),
  ...byGroup((g) =>
    z
      .partialRecord(metricKey, weight)
      .optional()
      .meta({ description: groupWeightsDescription(g) })
  )
})

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    title: idString.default('Framework comparison'),
    description: z.string().optional(),
    report: z
      .string()
      .regex(/^[^/\\].*\.md$/i, 'must be a relative path of a markdown file, e.g. "docs/frameworks.md"')
      .refine((p) => !p.split('/').includes('..'), 'must stay inside the repository (no "..")')
      .default('FRAMEWORKS.md'),
    history: z
      .string()
      .regex(/^[^/\\].*\.json$/i, 'must be a relative path of a JSON file, e.g. "docs/frameworks-history.json"')
      .refine((p) => !p.split('/').includes('..'), 'must stay inside the repository (no "..")')
      .optional(),
    window_days: z.number().int('must be a whole number of days').min(1).max(365).default(30),
    /** Reconstruct up to 12 monthly points for frameworks new to the history (first run); false turns it off. */
    backfill: z.boolean().default(true),
    inactive_after_days: z.number().int().min(1).max(3650).default(365),
    weights: weightsSchema.optional(),
    criteria: criteriaSchema.optional(),
    funnel: funnelSchema.optional(),
    frameworks: frameworkList.optional(),
    categories: z
      .array(categorySchema)
      .min(1, 'needs at least one category')
      .max(500, 'at most 500 categories')
      .optional()
  })
  .superRefine((cfg, ctx) => {
    for (const issue of [...listIssues(cfg), ...frameworkIssues(cfg)]) ctx.addIssue({ ...issue })
    for (const group of SCORE_GROUPS) {
      const map = cfg.weights?.[group] ?? {}
      for (const metric of Object.keys(map) as MetricKey[]) {
        const home = SCORE_GROUPS.find((g) => metric in DEFAULT_WEIGHTS[g])
        if (home !== group) {
          ctx.addIssue({
            code: 'custom',
            path: ['weights', group, metric],
            message: home
              ? `"${metric}" belongs to the ${home} group: move it under weights.${home}`
              : `"${metric}" is not scored`
          })
        }
      }
    }
  })

/** An issue found across the config's lists (duplicates, a missing or doubled list), as zod reports it. */
export interface ListIssue {
  code: 'custom'
  path: Array<string | number>
  message: string
}

/** Every framework entry with its path: `frameworks[i]` or `categories[c].frameworks[i]`. Works on raw data. */
export function frameworkEntries(data: unknown): Array<{ entry: unknown; path: Array<string | number> }> {
  const cfg = (data ?? {}) as { frameworks?: unknown; categories?: unknown }
  const out: Array<{ entry: unknown; path: Array<string | number> }> = []
  if (Array.isArray(cfg.frameworks)) {
    for (const [i, entry] of cfg.frameworks.entries()) out.push({ entry, path: ['frameworks', i] })
  }
  if (Array.isArray(cfg.categories)) {
    for (const [c, cat] of cfg.categories.entries()) {
      const list = (cat as { frameworks?: unknown } | null)?.frameworks
      if (!Array.isArray(list)) continue
      for (const [i, entry] of list.entries()) out.push({ entry, path: ['categories', c, 'frameworks', i] })
    }
  }
  return out
}

function pathText(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('')
}

/** Names are unique over the whole config, across categories (case-insensitive): history is keyed by name. */
export function duplicateNameIssues(data: unknown): ListIssue[] {
  const seen = new Map<string, Array<string | number>>()
  const issues: ListIssue[] = []
  for (const { entry, path } of frameworkEntries(data)) {
    const name = (entry as { name?: unknown } | null)?.name
    if (typeof name !== 'string') continue
    const key = name.trim().toLowerCase()
    const first = seen.get(key)
    if (first === undefined) seen.set(key, path)
    else
      issues.push({
        code: 'custom',
        path: [...path, 'name'],
        message: `duplicate name "${name}" (first used by ${pathText(first)})`
      })
  }
  return issues
}

/** Exactly one of `frameworks:` and `categories:`; category ids (given or derived from titles) unique. */
export function listIssues(cfg: { frameworks?: unknown; categories?: unknown }): ListIssue[] {
  if (cfg.frameworks === undefined && cfg.categories === undefined)
    return [
      {
        code: 'custom',
        path: ['frameworks'],
        message: 'is required (a list of frameworks), or a `categories:` list whose categories list their frameworks'
      }
    ]
  if (cfg.frameworks !== undefined && cfg.categories !== undefined)
    return [
      {
        code: 'custom',
        path: ['categories'],
        message:
          'use either `frameworks:` or `categories:`, not both: with categories, every framework is listed under ' +
          'its category'
      }
    ]
  const issues: ListIssue[] = []
  const ids = new Map<string, number>()
  if (!Array.isArray(cfg.categories)) return issues
  cfg.categories.forEach((cat: { id?: unknown; title?: unknown } | null, i) => {
    if (typeof cat?.title !== 'string' || (cat.id !== undefined && typeof cat.id !== 'string')) return
    const id = categoryId({ id: cat.id, title: cat.title })
    const first = ids.get(id)
    if (first === undefined) ids.set(id, i)
    else
      issues.push({
        code: 'custom',
        path: ['categories', i, cat.id === undefined ? 'title' : 'id'],
        message: `duplicate category id "${id}" (first used by categories[${first}]); give one of them its own \`id:\``
      })
  })
  return issues
}

function frameworkIssues(cfg: ParsedConfigShape): ListIssue[] {
  const issues = duplicateNameIssues(cfg)
  const total = frameworkEntries(cfg).length
  if (cfg.categories && total > MAX_FRAMEWORKS)
    issues.push({ code: 'custom', path: ['categories'], message: `at most 5,000 frameworks in all (found ${total})` })
  if (cfg.categories && cfg.funnel)
    issues.push({
      code: 'custom',
      path: ['funnel'],
      message:
        'with categories, each category has its own funnel: move it under categories[i].funnel (a YAML anchor ' +
        'shares one)'
    })
  return issues
}

interface ParsedConfigShape {
  frameworks?: unknown
  categories?: unknown[]
  funnel?: unknown
}

/** A category's id: the one given, or its title as a slug ("High-level APIs" → "high-level-apis"). */
export function categoryId(cat: { id?: string; title: string }): string {
  if (cat.id) return cat.id
  const slug = cat.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'category'
}

export type ParsedConfig = z.output<typeof configSchema>

export interface Criterion {
  key: string
  label: string
}

export type FunnelStage = { stage: string; require: Condition; why?: string }

/** A category with its defaults applied: a section of the report with its own ranking. */
export interface Category {
  id: string
  title: string
  description?: string
  /** the category's own columns, else the config's */
  criteria: Criterion[]
  /** the category's own funnel; empty when it has none */
  funnel: FunnelStage[]
  frameworks: FrameworkConfig[]
}

/** The config with every default applied: what the rest of the pipeline uses. */
export interface Config
  extends Omit<ParsedConfig, 'history' | 'criteria' | 'funnel' | 'weights' | '$schema' | 'frameworks' | 'categories'> {
  history: string
  criteria: Criterion[]
  funnel: FunnelStage[]
  weights: {
    groups: Record<ScoreGroup, number>
    /** Every scorable metric's weight in force, 0 included. */
    metrics: Record<ScoreGroup, Partial<Record<MetricKey, number>>>
    /** Groups whose metric weights come from the config (the others use the defaults). */
    configured: Record<ScoreGroup, boolean>
  }
  /** every framework, in config order (over all categories) */
  frameworks: FrameworkConfig[]
  /** empty for a flat `frameworks:` list */
  categories: Category[]
}

/** Criteria columns the sources fill in automatically when the config lists them (or by default). */
export const AUTO_CRITERIA: Record<string, string> = {
  license: 'License',
  language: 'Language',
  latest_release: 'Latest release',
  last_push: 'Last push',
  archived: 'Archived'
}

type CriteriaInput = NonNullable<ParsedConfig['criteria']>

function normalizeCriteria(list: CriteriaInput): Criterion[] {
  return list.map((c) =>
    typeof c === 'string'
      ? { key: c, label: AUTO_CRITERIA[c] ?? PACKAGE_CRITERIA[c] ?? humanize(c) }
      : { key: c.key, label: c.label ?? AUTO_CRITERIA[c.key] ?? PACKAGE_CRITERIA[c.key] ?? humanize(c.key) }
  )
}

export function normalizeConfig(parsed: ParsedConfig): Config {
  const history = parsed.history ?? `${parsed.report.replace(/\.md$/i, '')}-history.json`
  const criteria = normalizeCriteria(parsed.criteria ?? Object.keys(AUTO_CRITERIA))
  // A group the config lists is complete: what it leaves out weighs 0. Defaults fill only unlisted groups.
  const configured = byGroup((g) => parsed.weights?.[g] !== undefined)
  const metrics = byGroup((g) =>
    Object.fromEntries(
      GROUP_METRICS[g].map((m) => [m, configured[g] ? (parsed.weights?.[g]?.[m] ?? 0) : DEFAULT_WEIGHTS[g][m]])
    )
  )
  const { $schema: _schema, weights: _weights, categories: rawCategories, ...rest } = parsed
  const categories: Category[] = (rawCategories ?? []).map((cat) => ({
    id: categoryId(cat),
    title: cat.title,
    ...(cat.description !== undefined ? { description: cat.description } : {}),
    criteria: cat.criteria ? normalizeCriteria(cat.criteria) : criteria,
    funnel: cat.funnel ?? [],
    frameworks: cat.frameworks
  }))
  return {
    ...rest,
    frameworks: rawCategories ? categories.flatMap((c) => c.frameworks) : (parsed.frameworks ?? []),
    categories,
    history,
    criteria,
    funnel: parsed.funnel ?? [],
    weights: {
      groups: { ...DEFAULT_GROUP_WEIGHTS, ...(parsed.weights?.groups ?? {}) } as Record<ScoreGroup, number>,
      metrics,
      configured
    }
  }
}

function humanize(key: string): string {
  const s = key.replace(/[_-]+/g, ' ').trim()
  return s.charAt(0).toUpperCase() + s.slice(1)
}
