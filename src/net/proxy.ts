// The one fetch every registry request goes through: net/fetch.ts with an EnvHttpProxyAgent, so
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower-case first, as curl and undici read them) are honoured.
// Node's global fetch ignores them. The dispatcher is shared by the whole process (one connection
// pool) and rebuilt only when the proxy variables change (tests change them between runs).
import { EnvHttpProxyAgent } from 'undici'
import { type LeanFetchInit, leanFetch } from './fetch.js'

export interface ProxyEnv {
  http?: string
  https?: string
  noProxy: string
}

/** The proxy variables as the layer uses them: the first non-empty of the lower- and upper-case names. */
export function proxyEnv(env: NodeJS.ProcessEnv = process.env): ProxyEnv {
  const pick = (...names: string[]) => names.map((n) => env[n]?.trim()).find((v) => v)
  return {
    http: pick('http_proxy', 'HTTP_PROXY'),
    https: pick('https_proxy', 'HTTPS_PROXY'),
    noProxy: pick('no_proxy', 'NO_PROXY') ?? ''
  }
}

let shared: { key: string; agent: EnvHttpProxyAgent } | undefined

function dispatcherFor(p: ProxyEnv): EnvHttpProxyAgent {
  const key = JSON.stringify(p)
  if (shared?.key !== key) {
    // Empty strings, not undefined: undefined would make undici read process.env on its own.
    // proxyTunnel false: plain-http targets are asked as absolute URIs (as curl does); https ones via CONNECT.
    const agent = new EnvHttpProxyAgent({
      httpProxy: p.http ?? '',
      httpsProxy: p.https ?? p.http ?? '',
      noProxy: p.noProxy,
      proxyTunnel: false
    })
    shared = { key, agent }
  }
  return shared.agent
}

/** fetch through the proxy the environment names, if any. */
export function proxiedFetch(url: string, init: LeanFetchInit, env: NodeJS.ProcessEnv = process.env) {
  return leanFetch(url, { ...init, dispatcher: dispatcherFor(proxyEnv(env)) })
}

/** The proxy a request to `url` goes through, or undefined: the choice EnvHttpProxyAgent makes. */
export function proxyFor(url: URL, p: ProxyEnv): string | undefined {
  const proxy = url.protocol === 'https:' ? (p.https ?? p.http) : p.http
  return proxy && !bypassesProxy(url, p.noProxy) ? proxy : undefined
}

/** NO_PROXY as undici reads it: "*", or host[:port] entries matching the host or its subdomains. */
function bypassesProxy(url: URL, noProxy: string): boolean {
  if (noProxy.trim() === '*') return true
  const host = url.hostname.toLowerCase()
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .some((entry) => {
      const m = /^(.+):(\d+)$/.exec(entry)
      const name = (m ? m[1] : entry).replace(/^\*?\./, '').toLowerCase()
      if (m && Number(m[2]) !== port) return false
      return host === name || host.endsWith(`.${name}`)
    })
}

/** host:port of a proxy URL, without credentials, for messages. */
export function proxyLabel(proxy: string): string {
  try {
    return new URL(proxy).host
  } catch {
    return 'the configured proxy'
  }
}
