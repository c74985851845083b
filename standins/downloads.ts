// Daily download series behind the registries stand-in's history endpoints, as the real services
// serve them: pypistats `GET /packages/{name}/overall` (about 180 days of daily rows, with and
// without mirrors) and npm `GET /downloads/range/{start}:{end}/{package}` (daily rows, at most
// 18 months per request). Deterministic: the series of a package follows from its monthly figure
// and the clock, and the backfill is checked against dailyDownloads().

const DAY_MS = 86_400_000
/** pypistats keeps about 180 days. */
export const PYPISTATS_DAYS = 180
/** npm answers ranges up to 18 months (the API says "range must be less than 18 months"). */
export const NPM_RANGE_MAX_DAYS = 549

/** Downloads on the UTC day `day` (YYYY-MM-DD) of a package whose last 30 days total about `monthly`. */
export function dailyDownloads(monthly: number, day: string, today: string): number {
  const age = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / DAY_MS)
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  // A year ago about 60 % of today, weekends lower.
  const trend = 1 - 0.4 * Math.min(1, age / 365)
  const week = weekday === 0 || weekday === 6 ? 0.7 : 1.1
  return Math.round((monthly / 30) * trend * week)
}

function days(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** pypistats overall: the last 180 complete days, category with_mirrors and without_mirrors. */
export function pypistatsOverall(name: string, monthly: number, now: Date, mirrors: string | null) {
  const today = dayOf(now.getTime())
  const series = days(dayOf(now.getTime() - PYPISTATS_DAYS * DAY_MS), dayOf(now.getTime() - DAY_MS))
  const rows = (category: string, factor: number) =>
    series.map((date) => ({ category, date, downloads: Math.round(dailyDownloads(monthly, date, today) * factor) }))
  const data =
    mirrors === 'true'
      ? rows('with_mirrors', 1.05)
      : mirrors === 'false'
        ? rows('without_mirrors', 1)
        : [...rows('with_mirrors', 1.05), ...rows('without_mirrors', 1)]
  return { data, package: name, type: 'overall_downloads' }
}

/** npm range: daily rows from start to end (both included, clipped to yesterday); undefined when too long. */
export function npmRange(pkg: string, monthly: number, start: string, end: string, now: Date) {
  const yesterday = dayOf(now.getTime() - DAY_MS)
  const last = end < yesterday ? end : yesterday
  return {
    start,
    end: last,
    package: pkg,
    downloads: days(start, last).map((day) => ({ day, downloads: dailyDownloads(monthly, day, dayOf(now.getTime())) }))
  }
}
