// What a request that got no answer says about why: a timeout, or a connection that could not be made
// (with a hint about proxies when none is set, since that is the usual cause on self-hosted runners).
import { type ProxyEnv, proxyFor, proxyLabel } from './proxy.js'

/** Errors that happen before a connection exists: DNS, refused, unreachable, connect timeout. */
const CONNECT_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT'
])

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

/** fetch wraps socket errors as TypeError("fetch failed", { cause }); a request it refuses to build has no cause. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof Error && (error as { cause?: unknown }).cause !== undefined
}

function causeOf(error: unknown): { code?: string; message?: string } {
  const cause = (error as { cause?: unknown }).cause
  if (!cause || typeof cause !== 'object') return {}
  const code = 'code' in cause ? String((cause as { code: unknown }).code) : undefined
  return { code, message: cause instanceof Error ? cause.message : undefined }
}

/** e.g. "could not reach pypistats.org (getaddrinfo ENOTFOUND pypistats.org); behind a proxy? set HTTPS_PROXY". */
export function describeNetworkError(error: unknown, url: URL, proxies: ProxyEnv): string {
  const { code, message } = causeOf(error)
  const detail = message && code && !message.includes(code) ? `${code}: ${message}` : (message ?? code ?? 'unknown')
  if (code === undefined || !CONNECT_CODES.has(code)) return `connection to ${url.host} failed (${detail})`
  const proxy = proxyFor(url, proxies)
  if (proxy) return `could not reach ${url.host} through the proxy ${proxyLabel(proxy)} (${detail})`
  const variable = url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'
  return `could not reach ${url.host} (${detail}); behind a proxy? set ${variable}`
}
