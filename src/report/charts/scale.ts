// Axis arithmetic for the SVG charts, kept apart from the charting library so it can be tested:
// an axis range fitted to the data (never a fixed 0–100), compact tick labels (193k, 1.2M) and
// which date labels to print so they never overlap.

export interface AxisRange {
  min: number
  max: number
  interval: number
}

const NICE_STEPS = [1, 2, 2.5, 5, 10]

/** Rounds away floating-point noise (0.30000000000000004 → 0.3). */
function clean(n: number): number {
  return Number.parseFloat(n.toPrecision(12))
}

/**
 * A range that holds every value with about `ticks` round steps: 1, 2, 2.5 or 5 × 10^k. Values that
 * are all ≥ 0 never get a negative axis. The range is at least `minSpan` wide (centred on the data),
 * so a change of 0.1 score points is not blown up to fill the chart; `minStep` keeps counts whole.
 */
export function niceRange(values: number[], minStep = 0, minSpan = 0, ticks = 4): AxisRange {
  const finite = values.filter((v) => Number.isFinite(v))
  if (finite.length === 0) return { min: 0, max: 1, interval: 1 }
  let lo = Math.min(...finite)
  let hi = Math.max(...finite)
  // a little air, so no line runs along the frame (a flat series gets a band around it)
  const pad = hi === lo ? Math.max(Math.abs(lo) * 0.02, minStep, 0.5) : (hi - lo) * 0.04
  const grow = Math.max(0, minSpan - (hi - lo) - 2 * pad) / 2
  lo -= pad + grow
  hi += pad + grow
  if (Math.min(...finite) >= 0 && lo < 0) {
    hi -= lo
    lo = 0
  }
  const raw = (hi - lo) / ticks
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  let step = (NICE_STEPS.find((s) => s * magnitude >= raw) ?? 10) * magnitude
  step = clean(Math.max(step, minStep))
  const min = clean(Math.floor(lo / step) * step)
  const max = clean(Math.ceil(hi / step) * step)
  return { min, max: max > min ? max : clean(min + step), interval: step }
}

/** Digits after the point that tell ticks `step` apart (0 for whole steps, at most 2). */
function decimalsFor(step: number): number {
  for (let d = 0; d < 2; d++) if (Math.abs(step * 10 ** d - Math.round(step * 10 ** d)) < 1e-9) return d
  return 2
}

/** Whole numbers with "," separators: 12,345. */
function grouped(n: number, decimals: number): string {
  const [int, frac] = Math.abs(n).toFixed(decimals).split('.')
  return `${n < 0 ? '−' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`
}

/**
 * A tick label: 10,000 and above as k or M (193k, 1.25M) with as many decimals as the tick step
 * needs, smaller numbers with separators (9,500; 95.5).
 */
export function axisLabel(value: number, step: number): string {
  if (value === 0) return '0'
  const abs = Math.abs(value)
  const unit = abs >= 1e6 || step >= 1e6 ? 1e6 : abs >= 1e4 || step >= 1e4 ? 1e3 : 1
  const suffix = unit === 1e6 ? 'M' : unit === 1e3 ? 'k' : ''
  return grouped(value / unit, decimalsFor(step / unit)) + suffix
}

/** A value as printed next to a line's name: the same rule, with a precision suited to one number. */
export function valueLabel(value: number, decimals: number): string {
  const abs = Math.abs(value)
  if (abs >= 1e6) return `${grouped(value / 1e6, 2)}M`
  if (abs >= 1e4) return `${grouped(value / 1e3, 1)}k`
  return grouped(value, decimals)
}

/**
 * The indices to mark on an axis where `xs` are pixel positions (ascending): the last one always, then
 * going back, each one at least `minGap` pixels left of the one picked before. On a time axis dates are
 * not evenly spaced (a year of monthly backfilled points, then weekly runs), so labels and markers are
 * spaced by where they are drawn, not by their index.
 */
export function spacedIndices(xs: number[], minGap: number): Set<number> {
  const picked = new Set<number>()
  let last = Number.POSITIVE_INFINITY
  for (let i = xs.length - 1; i >= 0; i--)
    if (last - xs[i] >= minGap) {
      picked.add(i)
      last = xs[i]
    }
  return picked
}

/**
 * Vertical positions for the end-of-line labels: as close to each line's last point as possible,
 * at least `gap` pixels apart, inside [top, bottom]. Returns positions in the input order.
 */
export function spreadLabels(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i)
  const placed = order.map((o) => o.y)
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k], k === 0 ? top : placed[k - 1] + gap)
  // pushed past the bottom: shift the tail back up, keeping the gaps
  for (let k = placed.length - 1; k >= 0; k--)
    placed[k] = Math.min(placed[k], k === placed.length - 1 ? bottom : placed[k + 1] - gap)
  const out = new Array<number>(ys.length)
  order.forEach((o, k) => {
    out[o.i] = placed[k]
  })
  return out
}
