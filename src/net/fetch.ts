// The one fetch of the run, for every registry and for GitHub (Octokit's documented `request.fetch`):
// undici's `request`, returning a standard Response. undici's own fetch runs the whole WHATWG fetch
// algorithm (body streams, CORS bookkeeping, header guards) on every call: about 0.7 ms of CPU per
// request more on this project's 2-core machine (measured: 1.2 vs 0.5 ms per request including the
// server), which a run of 1,000 frameworks makes thousands of times on the event loop that also
// times the answers. What it keeps of fetch: redirects followed (GitHub answers renamed repositories
// with 301), gzip/deflate/br answers decoded, the abort signal's reason as the rejection, and
// network failures as TypeError("fetch failed", { cause }) — what net/network-error.ts reads.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import { type Dispatcher, Headers, request, Response } from 'undici'

export interface LeanFetchInit {
  method?: string
  headers?: Record<string, string> | Headers | Array<[string, string]>
  body?: string | Uint8Array | null
  signal?: AbortSignal | null
  redirect?: 'follow' | 'manual' | 'error'
  dispatcher?: Dispatcher
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20

/** fetch(url, init) over undici's request: the same answers, a fraction of the CPU. */
export async function leanFetch(input: string | URL, init: LeanFetchInit = {}): Promise<Response> {
  let url = new URL(String(input))
  // as fetch: refused before any connection, and without a cause (not a network error to retry)
  if (url.username || url.password)
    throw new TypeError('Request cannot be constructed from a URL that includes credentials')
  let method = (init.method ?? 'GET').toUpperCase()
  let body = init.body ?? undefined
  const headers = requestHeaders(init.headers, url)
  try {
    for (let hop = 0; ; hop++) {
      const answer = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers: Object.fromEntries(headers),
        body,
        signal: init.signal ?? undefined,
        dispatcher: init.dispatcher
      })
      const location = answer.headers.location
      if (REDIRECTS.has(answer.statusCode) && typeof location === 'string' && init.redirect !== 'manual') {
        await answer.body.dump()
        if (init.redirect === 'error' || hop >= MAX_REDIRECTS) throw new Error(`redirect to ${location} not followed`)
        const next = new URL(location, url)
        if (next.origin !== url.origin) headers.delete('authorization')
        if (becomesGet(answer.statusCode, method)) {
          method = 'GET'
          body = undefined
          headers.delete('content-type')
        }
        url = next
        continue
      }
      return await responseOf(answer, url)
    }
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason // as fetch: the abort's reason, whatever was under way
    throw new TypeError('fetch failed', { cause: error })
  }
}

/** A 303, or a 301/302 after a POST, is followed with a GET and no body (as fetch does). */
function becomesGet(status: number, method: string): boolean {
  return status === 303 || ((status === 301 || status === 302) && method === 'POST')
}

/** The request's headers with what fetch adds when they are missing (accept, accept-encoding). */
function requestHeaders(given: LeanFetchInit['headers'], url: URL): Headers {
  const headers = new Headers(given)
  if (!headers.has('accept')) headers.set('accept', '*/*')
  if (!headers.has('accept-encoding'))
    headers.set('accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate')
  return headers
}

/** A Response over the whole (decoded) body; fetch's url is the last one asked after redirects. */
async function responseOf(answer: Dispatcher.ResponseData, url: URL): Promise<Response> {
  const raw = Buffer.from(await answer.body.arrayBuffer())
  const encoding = String(answer.headers['content-encoding'] ?? '').toLowerCase()
  const headers = new Headers()
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue
    // the body handed on is decoded: its encoding and length no longer apply
    if (encoding && (name === 'content-encoding' || name === 'content-length')) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const status = answer.statusCode
  const empty = status === 204 || status === 205 || status === 304
  const response = new Response(empty ? null : decode(raw, encoding), {
    status,
    statusText: answer.statusText ?? '',
    headers
  })
  Object.defineProperty(response, 'url', { value: url.href })
  return response
}

function decode(raw: Buffer, encoding: string): Buffer {
  if (raw.length === 0) return raw
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(raw)
  if (encoding === 'br') return brotliDecompressSync(raw)
  // "deflate" is zlib-wrapped by the spec, raw in some servers' hands: fetch accepts both
  if (encoding === 'deflate') return (raw[0] & 0x0f) === 8 ? inflateSync(raw) : inflateRawSync(raw)
  return raw
}
