// Fail-fast per host: a host that stops answering (accepts connections and never replies, or cannot
// be reached at all) is given up for the rest of the run once one request used all its attempts
// without an answer, instead of costing every one of its requests 4 timeouts. Its in-flight requests
// are aborted and its queued ones skipped.
import { performance } from 'node:perf_hooks'
import type { NetSettings } from './settings.js'

export class HostHealth {
  private readonly openedAt = performance.now()
  private lastAnswerAt = -Infinity
  private readonly controller = new AbortController()
  /** Why the host was given up, once it is. */
  down: string | undefined

  constructor(
    readonly host: string,
    private readonly settings: NetSettings
  ) {}

  /** Aborted when the host is given up. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** Any HTTP answer (an error status too) proves the host is alive. */
  answered(): void {
    this.lastAnswerAt = performance.now()
  }

  /**
   * One request's attempts got no answer `streak` times in a row, the first of them started at
   * `since`. The host is given up when that streak reaches maxAttempts and the host answered nothing
   * else meanwhile, so scattered resets or timeouts on a host that otherwise answers never trip it,
   * and no request fails that would not have failed anyway. Returns true when the host is given up.
   */
  noAnswer(streak: number, since: number): boolean {
    if (this.down === undefined && streak >= this.settings.maxAttempts && this.lastAnswerAt <= since) {
      const silentS = ((performance.now() - Math.max(this.lastAnswerAt, this.openedAt)) / 1000).toFixed(1)
      this.down =
        `${this.host} has not answered for ${silentS} s (${streak} attempts in a row), so its other ` +
        `requests are skipped this run`
      this.controller.abort()
    }
    return this.down !== undefined
  }
}
