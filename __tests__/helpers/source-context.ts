// The SourceContext the sources' tests hand a source: a quiet log, a fresh request counter, fast
// retries, and every endpoint on a closed loopback port unless the test names it, so a request no
// test meant to send fails at once instead of reaching anything.
import { RequestCounter, type Endpoints, type SourceContext } from '../../src/sources/types.js'
import type { RegistryStandins } from '../../standins/registries.js'

/** Port 9 (discard) on loopback: nothing listens, a request fails at once. */
export const CLOSED_URL = 'http://127.0.0.1:9/unused'

export const silentLog = { info() {}, warning() {}, debug() {} }

/** GitHub on the closed port, every registry at its stand-in. */
export function registryEndpoints(urls: RegistryStandins['urls']): Endpoints {
  return { githubApi: CLOSED_URL, githubGraphql: CLOSED_URL, ...urls }
}

function closedEndpoints(): Endpoints {
  const registries = {
    stackexchange: CLOSED_URL,
    pypistats: CLOSED_URL,
    npm: CLOSED_URL,
    anaconda: CLOSED_URL,
    dockerhub: CLOSED_URL,
    semanticscholar: CLOSED_URL,
    pypi: CLOSED_URL,
    npm_registry: CLOSED_URL
  }
  return registryEndpoints(registries)
}

/** A context at 2026-11-23 06:17 UTC with a 30-day window; `overrides` win. */
export function sourceContext(overrides: Partial<SourceContext> = {}): SourceContext {
  return {
    now: new Date('2026-11-23T06:17:00Z'),
    windowDays: 30,
    endpoints: closedEndpoints(),
    token: 'ghs_unused_token_0123',
    log: silentLog,
    counter: new RequestCounter(),
    retryBaseMs: 1,
    requestTimeoutMs: 2000,
    ...overrides
  }
}
