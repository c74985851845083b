// The time limits of the HTTP layer: defaults, the documented environment knobs that override them
// (tests and benchmarks set them near zero for the spawned dist/index.js), and a context's own values.
import type { SourceContext } from '../sources/types.js'

export interface NetSettings {
  /** Unit of retry waits: attempt n waits retryBaseMs × 2^(n-2). */
  retryBaseMs: number
  /** Time limit of one attempt, connect to last body byte. */
  timeoutMs: number
  /** Time limit of everything one source asks, from the source's start. */
  deadlineMs: number
  /** Upper bound on any single wait a server asks for (retry-after, backoff). */
  maxWaitMs: number
  /**
   * Attempts per request (the first one included). A host is given up for the run once one request
   * used them all without an answer (timeouts, refused or reset connections, DNS failures) while the
   * host answered nothing else.
   */
  maxAttempts: number
}

/**
 * The defaults keep a host that accepts connections and never answers under 60 s for the whole run:
 * its first requests each time out 4 times with 3 waits between, 4 × 12 s + (1 + 2 + 4) s = 55 s,
 * and then every request to it is skipped (sources run in parallel, so hung hosts do not add up).
 * The deadline (120 s) bounds a host that answers, but slowly. See README "Time limits".
 */
export const DEFAULT_NET_SETTINGS: Readonly<NetSettings> = {
  retryBaseMs: 1000,
  timeoutMs: 12_000,
  deadlineMs: 120_000,
  maxWaitMs: 60_000,
  maxAttempts: 4
}

/** Environment knobs, documented in the README; each a whole number of milliseconds. */
export const NET_ENV_KNOBS = {
  retryBaseMs: 'FRAMEWORK_RADAR_RETRY_BASE_MS',
  timeoutMs: 'FRAMEWORK_RADAR_TIMEOUT_MS',
  deadlineMs: 'FRAMEWORK_RADAR_SOURCE_DEADLINE_MS'
} as const

/** Reads one knob; an unreadable value stops the run rather than silently using the default. */
function knob(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number of milliseconds (0 or more), got ${JSON.stringify(raw)}`)
  return value
}

/**
 * The retry unit of FRAMEWORK_RADAR_RETRY_BASE_MS
 * (main passes the same knob, read in inputs.ts, as ctx.retryBaseMs).
 */
function retryBaseMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return knob(env, NET_ENV_KNOBS.retryBaseMs, DEFAULT_NET_SETTINGS.retryBaseMs)
}

/** Defaults, overridden by the environment knobs, overridden by the context's own values (tests). */
export function resolveNetSettings(ctx: Partial<SourceContext>, env: NodeJS.ProcessEnv = process.env): NetSettings {
  const d = DEFAULT_NET_SETTINGS
  return {
    ...d,
    retryBaseMs: ctx.retryBaseMs ?? retryBaseMsFromEnv(env),
    timeoutMs: ctx.requestTimeoutMs ?? knob(env, NET_ENV_KNOBS.timeoutMs, d.timeoutMs),
    deadlineMs: ctx.sourceDeadlineMs ?? knob(env, NET_ENV_KNOBS.deadlineMs, d.deadlineMs),
    maxWaitMs: ctx.maxWaitMs ?? d.maxWaitMs
  }
}

/** The longest a host that never answers can hold up its source: one request's attempts and waits. */
export function hungHostBoundMs(s: NetSettings): number {
  let total = s.maxAttempts * s.timeoutMs
  for (let attempt = 2; attempt <= s.maxAttempts; attempt++)
    total += Math.min(s.maxWaitMs, s.retryBaseMs * 2 ** (attempt - 2))
  return Math.min(total, s.deadlineMs)
}
