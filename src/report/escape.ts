// Escaping and number formatting for the report. Every string that comes from outside (names,
// facts, descriptions, release names, tags, error messages) goes through escapeText before it
// reaches markdown, so no raw HTML, link, table pipe or mention survives.

/** Longest outside string shown in a table cell or list, in code points (the rest becomes "…"). */
export const MAX_TEXT = 160

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  $: '&#36;',
  '#': '&#35;',
  ':': '&#58;'
}

/** Cuts a string to `max` code points (never inside a surrogate pair), adding "…" when cut. */
export function truncate(s: string, max = MAX_TEXT): string {
  const points = Array.from(s)
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`
}

/**
 * Makes an outside string inert, single-line markdown text for tables, lists and headings:
 * HTML and markdown punctuation become entities, line breaks and control characters become spaces,
 * bidirectional overrides are dropped, "@name" cannot mention anyone, and "javascript:"-style
 * schemes cannot form a link (":" is only escaped after a scheme-like word).
 */
export function escapeText(input: unknown, max = MAX_TEXT): string {
  const raw = typeof input === 'string' ? input : String(input ?? '')
  const flat = raw
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .trim()
  const short = truncate(flat, max)
  let out = ''
  for (let i = 0; i < short.length; i++) {
    const ch = short[i]
    if (ch === ':') {
      // only where a URL scheme could be meant (javascript:x, http://): after a word, before a non-space
      const schemeLike =
        /(^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*$/.test(short.slice(Math.max(0, i - 40), i)) &&
        /\S/.test(short[i + 1] ?? ' ')
      out += schemeLike ? ENTITIES[':'] : ':'
    } else if (ch === '_') {
      // an underscore inside a word never makes emphasis in GFM: keep snake_case readable
      out += /[\p{L}\p{N}]/u.test(short[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(short[i + 1] ?? '') ? '_' : ENTITIES._
    } else if (ch === '@') {
      // zero-width space after @ stops GitHub mentions (the approach Renovate and Dependabot use)
      out += '@&#8203;'
    } else out += ENTITIES[ch] ?? ch
  }
  return out
}

/** A cell value: escaped text, or "–" when empty. */
export function cell(input: unknown, max = MAX_TEXT): string {
  const s = escapeText(input, max)
  return s === '' ? '–' : s
}

/**
 * A label inside a mermaid chart, quoted. Mermaid has no escaping inside quotes, so everything that
 * could end the string, start a directive or comment, or inject HTML is replaced.
 */
export function mermaidLabel(input: unknown, max = 60): string {
  const raw = typeof input === 'string' ? input : String(input ?? '')
  const safe = Array.from(
    raw
      .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
  )
    .map((ch) => (/[\p{L}\p{N} .,_+/()-]/u.test(ch) ? ch : ' '))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  return `"${truncate(safe, max) || '-'}"`
}

/** Whole numbers with "," thousands separators (193,271); other numbers with one decimal. */
export function formatNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–'
  const negative = n < 0
  const abs = Math.abs(n)
  const [int, frac] = Number.isInteger(abs) ? [String(abs), ''] : abs.toFixed(1).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return (negative ? '−' : '') + grouped + (frac ? `.${frac}` : '')
}

/** A signed change: +1,204 / −3 / ±0; one decimal for scores. */
export function formatDelta(d: number | undefined, decimals = 0): string {
  if (d === undefined || !Number.isFinite(d)) return '–'
  const rounded = decimals > 0 ? Math.round(d * 10 ** decimals) / 10 ** decimals : Math.round(d)
  if (rounded === 0) return '±0'
  const body =
    decimals > 0
      ? formatNumber(Math.abs(rounded)).replace(/^(\d[\d,]*)$/, `$1.${'0'.repeat(decimals)}`)
      : formatNumber(Math.abs(rounded))
  return (rounded > 0 ? '+' : '−') + body
}

/** A URL to a repository; only a valid owner/name slug is linked. */
export function repoUrl(serverUrl: string, slug: string): string | undefined {
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(slug)) return undefined
  const base = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/.test(serverUrl)
    ? serverUrl.replace(/\/+$/, '')
    : 'https://github.com'
  return `${base}/${slug}`
}

/** A markdown link with escaped text, or only the text when the URL is not safe. */
export function link(text: string, url: string | undefined): string {
  const label = cell(text)
  if (!url || !/^https?:\/\/[^\s()<>[\]"'`\\|]+$/.test(url)) return label
  return `[${label}](${url})`
}
