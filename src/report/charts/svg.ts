// One line chart as an SVG string, drawn by Apache ECharts' server-side SVG renderer (no browser,
// no canvas, no native module). Everything that could differ between two renders of the same data
// is fixed here: no animation, no hover styles, and the renderer's per-instance element ids
// ("zr3-c0") are replaced by ids derived from the chart's own name.
import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkAreaComponent, TitleComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { axisLabel, niceRange, spacedIndices, spreadLabels, valueLabel } from './scale.js'

echarts.use([LineChart, GridComponent, LegendComponent, MarkAreaComponent, TitleComponent, SVGRenderer])

export interface LineSeries {
  /** already shortened and unique; escaped for XML by the renderer */
  name: string
  /** one per category; null where the framework has no value */
  values: Array<number | null>
}

export interface LineChartSpec {
  /** [a-z0-9-]: prefixes the SVG's element ids */
  id: string
  title: string
  categories: string[]
  series: LineSeries[]
  /** decimals of the value printed after each line's name */
  decimals: number
  /** smallest tick step (1 for counts) */
  minStep: number
  /** smallest value range of the y-axis */
  minSpan: number
  /** The dates of the backfilled points (reconstructed, not measured): shaded and labelled. */
  backfilled?: { from: string; to: string }
}

const WIDTH = 800
const HEIGHT = 400
const GRID = { left: 64, right: 190, top: 84, bottom: 44 }
/** Pixels between two printed date labels (a YYYY-MM-DD label is about 66 px wide). */
const DATE_GAP = 96
const LABEL_GAP = 16
const FONT = 'Helvetica, Arial, sans-serif'
const TEXT = '#1f2328'
const MUTED = '#59636e'
const RULE = '#d1d9e0'

/** Okabe–Ito, the colour-blind-safe palette, in an order that keeps neighbours apart; yellow last (weak on white). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442']
/** The same hues, darkened where needed, for text on white (orange and pink labels are too faint otherwise). */
const LABEL_COLORS = ['#0072B2', '#B84F00', '#007A5A', '#A3507F', '#9A6A00', '#2B79A8', '#000000', '#7A7200']
/** A marker and a dash pattern per line as well, so no line is told apart by colour alone. */
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect', 'emptyTriangle', 'pin']
const DASHES: Array<'solid' | number[]> = ['solid', [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 5], [12, 6], 'solid']

function endLabelOffsets(spec: LineChartSpec, range: { min: number; max: number }): number[] {
  const plotTop = GRID.top
  const plotBottom = HEIGHT - GRID.bottom
  const y = (v: number) => plotTop + ((range.max - v) / (range.max - range.min)) * (plotBottom - plotTop)
  const ends = spec.series.map((s) => {
    const last = [...s.values].reverse().find((v): v is number => v !== null)
    return last === undefined ? plotBottom : y(last)
  })
  const placed = spreadLabels(ends, LABEL_GAP, plotTop, plotBottom)
  return placed.map((p, i) => p - ends[i])
}

/** Milliseconds of each category's date: the x-axis is a time axis, so a month of backfill is wider than a week. */
function times(spec: LineChartSpec): number[] {
  return spec.categories.map((d) => Date.parse(`${d}T00:00:00Z`))
}

/** Pixel x of each category inside the plot. */
function plotXs(ms: number[]): number[] {
  const span = ms[ms.length - 1] - ms[0] || 1
  return ms.map((t) => ((t - ms[0]) / span) * (WIDTH - GRID.left - GRID.right))
}

/**
 * [time, value] points; markers only where they stand apart (all of them when there is room):
 * 52 markers would hide the dashes.
 */
function markedData(values: Array<number | null>, ms: number[], marked: Set<number>) {
  return values.map((v, i) => (v === null || marked.has(i) ? [ms[i], v] : { value: [ms[i], v], symbol: 'none' }))
}

function seriesOption(spec: LineChartSpec, offsets: number[], ms: number[], marked: Set<number>) {
  return spec.series.map((s, i) => {
    const last = [...s.values].reverse().find((v): v is number => v !== null)
    const color = PALETTE[i % PALETTE.length]
    const textColor = LABEL_COLORS[i % LABEL_COLORS.length]
    return {
      type: 'line' as const,
      name: s.name,
      data: markedData(s.values, ms, marked),
      z: spec.series.length - i, // the best-ranked line is drawn on top
      silent: true,
      connectNulls: false,
      color,
      symbol: SYMBOLS[i % SYMBOLS.length],
      symbolSize: 6,
      showAllSymbol: true,
      lineStyle: { width: 2, type: DASHES[i % DASHES.length] },
      endLabel: {
        show: true,
        offset: [0, Math.round(offsets[i])],
        color: textColor,
        fontFamily: FONT,
        fontSize: 12,
        fontWeight: 'bold' as const,
        formatter: () => `${s.name}  ${last === undefined ? '' : valueLabel(last, spec.decimals)}`
      }
    }
  })
}

/** A grey band labelled "backfilled" behind the points reconstructed on the first run. */
function withBackfillBand<T extends object>(spec: LineChartSpec, series: T[]): T[] {
  if (!spec.backfilled || series.length === 0) return series
  const band = {
    silent: true,
    itemStyle: { color: 'rgba(89, 99, 110, 0.10)' },
    label: {
      show: true,
      position: 'insideTop' as const,
      color: MUTED,
      fontSize: 11,
      formatter: 'backfilled · monthly points'
    },
    data: [
      [
        { xAxis: Date.parse(`${spec.backfilled.from}T00:00:00Z`) },
        { xAxis: Date.parse(`${spec.backfilled.to}T00:00:00Z`) }
      ]
    ]
  }
  return series.map((s, i) => (i === 0 ? { ...s, markArea: band } : s))
}

/** The SVG text of one line chart; the same spec always gives the same bytes. */
export function lineChartSvg(spec: LineChartSpec): string {
  const allValues = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const range = niceRange(allValues, spec.minStep, spec.minSpan)
  const ms = times(spec)
  const xs = plotXs(ms)
  const labelled = [...spacedIndices(xs, DATE_GAP)].sort((a, b) => a - b).map((i) => ms[i])
  const marked = spacedIndices(xs, DATE_GAP / 2)
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT })
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff', // opaque: the chart reads the same in GitHub's dark mode
      textStyle: { fontFamily: FONT, color: TEXT },
      title: { text: spec.title, left: 16, top: 12, textStyle: { fontSize: 16, fontWeight: 'bold', color: TEXT } },
      legend: {
        top: 44,
        left: 16,
        right: 16,
        selectedMode: false,
        itemWidth: 28,
        textStyle: { color: TEXT, fontSize: 12 },
        data: spec.series.map((s) => s.name)
      },
      grid: { ...GRID, containLabel: false },
      xAxis: {
        type: 'time',
        min: ms[0],
        max: ms[ms.length - 1],
        axisLine: { lineStyle: { color: MUTED } },
        splitLine: { show: false },
        axisTick: { customValues: labelled },
        axisLabel: {
          color: MUTED,
          fontSize: 11,
          customValues: labelled,
          hideOverlap: false,
          formatter: (v: number) => new Date(v).toISOString().slice(0, 10)
        }
      },
      yAxis: {
        type: 'value',
        min: range.min,
        max: range.max,
        interval: range.interval,
        axisLabel: { color: MUTED, fontSize: 11, formatter: (v: number) => axisLabel(v, range.interval) },
        splitLine: { lineStyle: { color: RULE } }
      },
      series: withBackfillBand(spec, seriesOption(spec, endLabelOffsets(spec, range), ms, marked))
    })
    return stableIds(chart.renderToSVGString(), spec.id)
  } finally {
    chart.dispose()
  }
}

/**
 * Replaces the renderer's instance counter in ids ("zr3-c0" → "score-c0") and drops what only an
 * interactive chart uses: hydration attributes, hover classes and their style sheet.
 */
function stableIds(svg: string, id: string): string {
  return svg
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ pointer-events="visible"/g, '')
    .replace(/ class="[a-z0-9-]+-cls-\d+"/g, '')
    .replace(/<style\b[^>]*><!\[CDATA\[[^\]]*\]\]>\s*<\/style>\n?/g, '')
}
