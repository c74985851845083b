// Stars on past dates from GitHub's stargazer list (oldest first, 100 per page, `starred_at` per
// star): the count on date D is the index of the first star given on or after D. Instead of
// reading every page, the search reads the page where each monthly boundary falls, guessing it by
// interpolation between the pages already read (as star-history samples pages), so a boundary
// usually costs one or two requests. Within the page budget every value is an exact count; when
// the budget runs out the rest is interpolated and marked estimated. GitHub lists only the first
// 400 pages (40,000 stars): a boundary beyond them is left out, never invented.

export const STARS_PER_PAGE = 100
export const STARGAZER_PAGE_LIMIT = 400

export interface StarsAt {
  date: string
  value: number
  estimated: boolean
}

export interface StarSearch {
  /** Stars today (stargazerCount). */
  total: number
  /** ms of the repository's creation (no star before). */
  createdMs: number
  nowMs: number
  /** Requests the search may spend. */
  maxPages: number
  /** Reads one page: the starred_at times (ms, ascending), or 'beyond-cap' for GitHub's 422. */
  fetchPage: (page: number) => Promise<number[] | 'beyond-cap'>
}

export interface StarSearchResult {
  points: StarsAt[]
  /** Dates left out because their boundary lies beyond the pages GitHub lists. */
  beyondCap: string[]
  pagesRead: number
}

interface Anchor {
  t: number
  count: number
}

export async function starsOnDates(dates: string[], search: StarSearch): Promise<StarSearchResult> {
  const pages = new Map<number, number[]>()
  const lastPage = Math.max(1, Math.ceil(search.total / STARS_PER_PAGE))
  let listed = Math.min(lastPage, STARGAZER_PAGE_LIMIT)
  const points: StarsAt[] = []
  const beyondCap: string[] = []
  let pagesRead = 0
  // No stargazer today: none on any earlier date either, and nothing to read.
  if (search.total === 0)
    return { points: dates.map((date) => ({ date, value: 0, estimated: false })), beyondCap, pagesRead }
  // Newest first: recent boundaries sit in the last pages, and what is read narrows the older ones.
  for (const date of [...dates].sort().reverse()) {
    const at = Date.parse(`${date}T00:00:00Z`)
    for (;;) {
      const found = exactCount(pages, at, lastPage, search.total)
      if (found !== undefined) {
        points.push({ date, value: found, estimated: false })
        break
      }
      const [lo, hi] = bracket(pages, at, search, lastPage)
      // Past the last page GitHub lists: the count is above 40,000 and unknown.
      if (lo.page >= listed) {
        beyondCap.push(date)
        break
      }
      if (pagesRead >= search.maxPages) {
        points.push({ date, value: interpolate(lo.anchor, hi.anchor, at), estimated: true })
        break
      }
      const guess = Math.floor(interpolate(lo.anchor, hi.anchor, at) / STARS_PER_PAGE) + 1
      const page = Math.min(listed, Math.max(lo.page + 1, Math.min(hi.page - 1, guess)))
      pagesRead++
      const times = await search.fetchPage(page)
      if (times === 'beyond-cap' || times.length === 0) listed = Math.min(listed, page - 1)
      else pages.set(page, times)
    }
  }
  points.sort((a, b) => (a.date < b.date ? -1 : 1))
  return { points, beyondCap: beyondCap.sort(), pagesRead }
}

/** The exact count before `at` when a read page pins the boundary down. */
function exactCount(pages: Map<number, number[]>, at: number, lastPage: number, total: number): number | undefined {
  for (const [page, times] of pages) {
    if (times.length === 0) continue
    const before = times.filter((t) => t < at).length
    const offset = (page - 1) * STARS_PER_PAGE
    if (before > 0 && before < times.length) return offset + before
    if (before === 0 && page === 1) return 0
    if (before === times.length) {
      if (page === lastPage) return Math.max(total, offset + before)
      const next = pages.get(page + 1)
      if (next && next.length > 0 && next[0] >= at) return offset + before
    }
  }
  return undefined
}

/** The nearest read pages (or the virtual ends: creation with 0 stars, now with all) around `at`. */
function bracket(
  pages: Map<number, number[]>,
  at: number,
  search: StarSearch,
  lastPage: number
): [{ page: number; anchor: Anchor }, { page: number; anchor: Anchor }] {
  let lo = { page: 0, anchor: { t: search.createdMs, count: 0 } }
  let hi = { page: lastPage + 1, anchor: { t: search.nowMs, count: search.total } }
  for (const [page, times] of pages) {
    if (times.length === 0) continue
    const last = times[times.length - 1]
    if (last < at && page > lo.page)
      lo = { page, anchor: { t: last, count: (page - 1) * STARS_PER_PAGE + times.length } }
    if (times[0] >= at && page < hi.page) hi = { page, anchor: { t: times[0], count: (page - 1) * STARS_PER_PAGE } }
  }
  return [lo, hi]
}

function interpolate(lo: Anchor, hi: Anchor, at: number): number {
  if (hi.t <= lo.t) return lo.count
  const f = Math.min(1, Math.max(0, (at - lo.t) / (hi.t - lo.t)))
  return Math.round(lo.count + f * (hi.count - lo.count))
}
