// Parses and validates the YAML config. Pure: text in, Config or ConfigError out.
// Every error names the file, the line and column, and the key, so users can fix it at once.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import type { z } from 'zod'
import {
  configSchema,
  duplicateNameIssues,
  frameworkSchema,
  listIssues,
  normalizeConfig,
  SCORE_GROUPS,
  type Config
} from './schema.js'

export const MAX_CONFIG_BYTES = 1024 * 1024

export interface ConfigProblem {
  line: number
  column: number
  /** dotted key path, e.g. frameworks[2].github */
  key: string
  message: string
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[]
  ) {
    super(
      `Invalid config ${file}:\n` +
        problems.map((p) => `  ${file}:${p.line}:${p.column}: ${p.key ? `${p.key}: ` : ''}${p.message}`).join('\n')
    )
    this.name = 'ConfigError'
  }
}

export function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += (out ? '.' : '') + String(part)
  }
  return out
}

export function parseConfig(text: string, file: string): Config {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError(file, [
      {
        line: 1,
        column: 1,
        key: '',
        message:
          `the file is ${bytes.toLocaleString('en-US')} bytes; the limit is ` +
          `${MAX_CONFIG_BYTES.toLocaleString('en-US')} bytes`
      }
    ])
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0])
        return {
          line: pos.line,
          column: pos.col,
          key: keyAtOffset(doc.contents, e.pos[0]),
          message: firstLine(e.message)
        }
      })
    )
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 })
  if (data === null || data === undefined) {
    throw new ConfigError(file, [
      { line: 1, column: 1, key: '', message: 'the file is empty: it needs at least a `frameworks:` list' }
    ])
  }
  const result = configSchema.safeParse(data, { reportInput: true })
  if (!result.success) {
    const issues = [...result.error.issues, ...listProblems(data)]
    throw new ConfigError(file, issuesToProblems(issues, doc.contents, lineCounter))
  }
  return normalizeConfig(result.data)
}

/** Duplicate names and list problems, also when other errors stop the schema's own checks from running. */
function listProblems(data: unknown): z.core.$ZodIssue[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return []
  return [...listIssues(data), ...duplicateNameIssues(data)].map(
    (i) => ({ ...i, input: undefined }) as z.core.$ZodIssue
  )
}

function issuesToProblems(issues: z.core.$ZodIssue[], root: unknown, lc: LineCounter): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  for (const issue of flattenUnion(issues)) {
    const path = issue.path as PropertyKey[]
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const node = keyNode(root, path, k)
        problems.push({
          ...position(node, root, path, lc),
          key: keyPath([...path, k]),
          message: `unknown key "${k}"${suggest(k, issue)}`
        })
      }
      continue
    }
    const node = nodeAt(root, path)
    problems.push({ ...position(node, root, path, lc), key: keyPath(path), message: describe(issue) })
  }
  // One message per key and line: unions can repeat themselves.
  const seen = new Set<string>()
  return problems
    .filter((p) => {
      const id = `${p.line}:${p.key}:${p.message}`
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
    .sort((a, b) => a.line - b.line || a.column - b.column)
}

/** For a union that failed everywhere, report the member the user meant (by its deciding key). */
function flattenUnion(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = []
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Prefer the branch with the fewest unknown keys: it is the shape the user was writing.
      const ranked = issue.errors
        .map((branch) => ({
          branch,
          unknown: branch
            .filter((i) => i.code === 'unrecognized_keys')
            .reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 0), 0),
          typeOnly: branch.every((i) => i.code === 'invalid_type' && i.path.length === 0)
        }))
        .filter((b) => !b.typeOnly)
        .sort((a, b) => a.unknown - b.unknown || a.branch.length - b.branch.length)
      if (ranked.length === 0) {
        out.push({ ...issue, message: issue.message } as z.core.$ZodIssue)
        continue
      }
      const best = ranked[0].branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue)
      out.push(...flattenUnion(best))
    } else out.push(issue)
  }
  return out
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `is required (${issue.expected})`
      if (issue.expected === 'int') return `must be a whole number, got ${typeName(issue.input)}`
      return `must be ${article(issue.expected)}, got ${typeName(issue.input)}`
    case 'invalid_union':
      if (issue.input === undefined) return 'is required'
      return issue.path.includes('require')
        ? `must be a requirement such as { fact: languages, contains: Python }, { metric: commits_window, min: 20 } ` +
            `or { archived: false }, got ${typeName(issue.input)}`
        : `has the wrong type: got ${typeName(issue.input)}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} item(s)`
        : issue.message.replace(/^Too small: expected \w+ to (have )?/, 'must ')
    case 'too_big':
      return issue.origin === 'array'
        ? `takes at most ${issue.maximum} item(s)`
        : issue.message.replace(/^Too big: expected \w+ to (have )?/, 'must ')
    default:
      return issue.message
  }
}

const KEYS_BY_PLACE: Array<[RegExp, string[]]> = [
  [
    /^$/,
    [
      'title',
      'description',
      'report',
      'history',
      'window_days',
      'inactive_after_days',
      'weights',
      'criteria',
      'funnel',
      'frameworks',
      'categories'
    ]
  ],
  [/^categories\[\d+\]$/, ['id', 'title', 'description', 'criteria', 'funnel', 'frameworks']],
  [/(^|\.)frameworks\[\d+\]$/, Object.keys(frameworkSchema.shape)],
  [/(^|\.)funnel\[\d+\]$/, ['stage', 'require', 'why']],
  [
    /require/,
    ['fact', 'metric', 'equals', 'contains', 'in', 'exists', 'min', 'max', 'archived', 'inactive', 'all', 'any', 'not']
  ],
  [/^weights$/, ['groups', ...SCORE_GROUPS]],
  [/(^|\.)criteria\[\d+\]$/, ['key', 'label']]
]

function suggest(key: string, issue: z.core.$ZodIssue): string {
  const place = keyPath(issue.path as PropertyKey[])
  const known = KEYS_BY_PLACE.find(([re]) => re.test(place))?.[1] ?? []
  if (/(^|\.)frameworks\[\d+\]$/.test(place) && /star|fork|commit|download|contributor|question|citation/i.test(key)) {
    return ': metrics are collected, not configured; put fixed values under `facts:`'
  }
  let best = ''
  let bestDistance = Infinity
  for (const k of known) {
    const d = distance(key.toLowerCase(), k)
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  // Only close misspellings: two edits at most, and not more than half the word.
  return best && bestDistance <= 2 && bestDistance <= key.length / 2 ? ` (did you mean "${best}"?)` : ''
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) dp[0][j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
  return dp[a.length][b.length]
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  return `${typeof v} ${String(v)}`
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim()
}

function nodeAt(root: unknown, path: ReadonlyArray<PropertyKey>): { node: Node | undefined; depth: number } {
  let node = root as Node | undefined
  let depth = 0
  for (const part of path) {
    let next: Node | undefined
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part))
      next = (pair?.value as Node | undefined) ?? (pair?.key as Node | undefined)
    } else if (isSeq(node) && typeof part === 'number') next = node.items[part] as Node | undefined
    if (!next) break
    node = next
    depth++
  }
  return { node, depth }
}

function keyNode(
  root: unknown,
  path: ReadonlyArray<PropertyKey>,
  key: string
): { node: Node | undefined; depth: number } {
  const parent = nodeAt(root, path)
  if (parent.depth === path.length && isMap(parent.node)) {
    const pair = parent.node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
    if (pair && isScalar(pair.key)) return { node: pair.key, depth: path.length + 1 }
  }
  return parent
}

function position(
  found: { node: Node | undefined },
  _root: unknown,
  _path: ReadonlyArray<PropertyKey>,
  lc: LineCounter
): { line: number; column: number } {
  const offset = found.node?.range?.[0]
  if (offset === undefined) return { line: 1, column: 1 }
  const pos = lc.linePos(offset)
  return { line: pos.line, column: pos.col }
}

function keyAtOffset(root: unknown, offset: number): string {
  const path: PropertyKey[] = []
  let node = root as Node | undefined
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as Node | null
        const v = p.value as Node | null
        const start = k?.range?.[0] ?? v?.range?.[0] ?? Infinity
        const end = v?.range?.[2] ?? k?.range?.[2] ?? -Infinity
        return offset >= start && offset <= end
      })
      if (!pair || !isScalar(pair.key)) break
      path.push(String(pair.key.value))
      node = pair.value as Node | undefined
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => {
        const r = (it as Node | null)?.range
        return r ? offset >= r[0] && offset <= r[2] : false
      })
      if (i < 0) break
      path.push(i)
      node = node.items[i] as Node | undefined
    } else break
  }
  return keyPath(path)
}
