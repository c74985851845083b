// The HTTP layer of the registry sources (src/net): retries, waits, 404s, gzip, secrets, limits,
// deadlines, fail-fast per host and the proxy hint.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { z } from 'zod'
import { SourceHttpError, SourceNotFoundError } from '../src/net/errors.js'
import { redactUrl } from '../src/net/redact.js'
import { parseRetryAfter } from '../src/net/retry-after.js'
import { HttpScope, type JsonRequest, openScope } from '../src/net/scope.js'
import { DEFAULT_NET_SETTINGS, hungHostBoundMs, NET_ENV_KNOBS, resolveNetSettings } from '../src/net/settings.js'
import type { SourceContext } from '../src/sources/types.js'
import { sourceContext } from './helpers/source-context.js'

const TOKEN = 'ghs_TOKEN_never_printed_1234'
const KEY = 'se)key(secret'

type Step = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** A server that answers the n-th request with steps[n] (the last step repeats), logging arrival times. */
async function scripted(steps: Step[]): Promise<{
  url: string
  hits: Array<{ at: number; url: string; headers: IncomingMessage['headers'] }>
  close(): Promise<void>
}> {
  const hits: Array<{ at: number; url: string; headers: IncomingMessage['headers'] }> = []
  const server = createServer((req, res) => {
    const step = steps[Math.min(hits.length, steps.length - 1)]
    hits.push({ at: performance.now(), url: req.url ?? '', headers: req.headers })
    void step(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const ok =
  (value: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(value))
  }
const status =
  (code: number, value: unknown = { error: 'nope' }, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(value))
  }

function context(overrides: Partial<SourceContext> = {}): SourceContext {
  const now = new Date('2026-11-23T00:00:00Z')
  return sourceContext({ now, token: TOKEN, stackexchangeKey: KEY, maxWaitMs: 1000, ...overrides })
}

const countSchema = z.object({ n: z.number().int().nonnegative() })

/** One request through a fresh scope of the layer (what a source does for each of its requests). */
function fetchJson<T>(url: string, options: JsonRequest<T> & { ctx: SourceContext }): Promise<T> {
  const { ctx, ...request } = options
  return openScope(ctx, 'test', { concurrency: 4 }).getJson(url, request)
}

async function withServer<T>(steps: Step[], run: (s: Awaited<ReturnType<typeof scripted>>) => Promise<T>): Promise<T> {
  const server = await scripted(steps)
  try {
    return await run(server)
  } finally {
    await server.close()
  }
}

describe('HttpScope.getJson', () => {
  test('parses and validates JSON, counting one request', async () => {
    await withServer([ok({ n: 3, extra: true })], async (s) => {
      const ctx = context()
      assert.deepEqual(await fetchJson(`${s.url}/x`, { ctx, kind: 'test', schema: countSchema }), { n: 3 })
      assert.deepEqual(ctx.counter.toJSON(), { test: 1 })
    })
  })

  test('decompresses a gzipped body', async () => {
    const gz: Step = (_req, res) => {
      const body = gzipSync(JSON.stringify({ n: 42 }))
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(body.length)
      })
      res.end(body)
    }
    await withServer([gz], async (s) => {
      assert.deepEqual(await fetchJson(s.url, { ctx: context(), kind: 't', schema: countSchema }), { n: 42 })
      assert.match(String(s.hits[0].headers['accept-encoding']), /gzip/)
    })
  })

  test('retries 502, 503, 429 and 408, then succeeds', async () => {
    await withServer([status(502), status(503), status(429), ok({ n: 1 })], async (s) => {
      const ctx = context()
      assert.deepEqual(await fetchJson(s.url, { ctx, kind: 't', schema: countSchema }), { n: 1 })
      assert.equal(ctx.counter.total(), 4)
    })
    await withServer([status(408), ok({ n: 2 })], async (s) => {
      assert.deepEqual(await fetchJson(s.url, { ctx: context(), kind: 't', schema: countSchema }), { n: 2 })
    })
  })

  test('gives up after 4 attempts with a transient error', async () => {
    await withServer([status(500, { message: 'boom' })], async (s) => {
      const ctx = context()
      await assert.rejects(fetchJson(s.url, { ctx, kind: 't', schema: countSchema }), (error: unknown) => {
        assert.ok(error instanceof SourceHttpError)
        assert.equal(error.status, 500)
        assert.equal(error.transient, true)
        assert.match(error.message, /HTTP 500: boom \(gave up after 4 attempts\)/)
        return true
      })
      assert.equal(s.hits.length, 4)
      assert.equal(ctx.counter.total(), 4)
    })
  })

  test('honours retry-after in seconds, bounded by maxWaitMs', async () => {
    await withServer([status(429, {}, { 'retry-after': '0.12' }), ok({ n: 1 })], async (s) => {
      await fetchJson(s.url, { ctx: context({ retryBaseMs: 0 }), kind: 't', schema: countSchema })
      assert.ok(s.hits[1].at - s.hits[0].at >= 120, 'waited the 120 ms asked for')
    })
    await withServer([status(503, {}, { 'retry-after': '3600' }), ok({ n: 1 })], async (s) => {
      await fetchJson(s.url, { ctx: context({ maxWaitMs: 40 }), kind: 't', schema: countSchema })
      assert.equal(s.hits.length, 2, 'a one-hour retry-after is capped at maxWaitMs')
      assert.ok(s.hits[1].at - s.hits[0].at >= 40)
    })
  })

  test('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-23T00:00:00Z')
    assert.equal(parseRetryAfter('7', now), 7000)
    assert.equal(parseRetryAfter('Mon, 23 Nov 2026 00:00:30 GMT', now), 30_000)
    assert.equal(parseRetryAfter('Sun, 22 Nov 2026 00:00:00 GMT', now), 0)
    assert.equal(parseRetryAfter('soon', now), undefined)
    assert.equal(parseRetryAfter(null, now), undefined)
  })

  test('404 throws SourceNotFoundError without retrying', async () => {
    await withServer([status(404, { error: 'package x not found' })], async (s) => {
      await assert.rejects(fetchJson(s.url, { ctx: context(), kind: 't', schema: countSchema }), SourceNotFoundError)
      assert.equal(s.hits.length, 1)
    })
  })

  test('other 4xx fail at once, with the API message', async () => {
    await withServer(
      [status(400, { error_id: 400, error_name: 'bad_parameter', error_message: 'site' })],
      async (s) => {
        await assert.rejects(
          fetchJson(s.url, { ctx: context(), kind: 't', schema: countSchema }),
          /HTTP 400: bad_parameter: site$/
        )
        assert.equal(s.hits.length, 1)
      }
    )
  })

  test('a transientError hook can retry an error status the helper would not', async () => {
    const throttle = status(400, { error_id: 502, error_name: 'throttle_violation' })
    await withServer([throttle, ok({ n: 5 })], async (s) => {
      const value = await fetchJson(s.url, {
        ctx: context(),
        kind: 't',
        schema: countSchema,
        transientError: (_status, body) =>
          (body as { error_id?: number }).error_id === 502 ? { waitMs: 30 } : undefined
      })
      assert.deepEqual(value, { n: 5 })
      assert.ok(s.hits[1].at - s.hits[0].at >= 30)
    })
  })

  test('retries connection resets and timeouts', async () => {
    const reset: Step = (req) => void req.socket.destroy()
    const hang: Step = async (_req, res) => {
      await sleep(1500)
      if (!res.destroyed) ok({ n: 0 })(_req, res)
    }
    await withServer([reset, hang, ok({ n: 9 })], async (s) => {
      // 300 ms: long enough that the answering third request never times out on a busy machine.
      const ctx = context({ requestTimeoutMs: 300 })
      assert.deepEqual(await fetchJson(s.url, { ctx, kind: 't', schema: countSchema }), { n: 9 })
      assert.equal(ctx.counter.total(), 3)
    })
  })

  test('a timeout that never clears says so', async () => {
    const hang: Step = async () => {
      await sleep(300)
    }
    await withServer([hang], async (s) => {
      await assert.rejects(
        fetchJson(s.url, { ctx: context({ requestTimeoutMs: 30 }), kind: 't', schema: countSchema }),
        /timed out after 30 ms.*gave up after 4 attempts/
      )
    })
  })

  test('a body of the wrong shape, or not JSON, is an error (never a number)', async () => {
    await withServer([ok({ n: -1 })], async (s) => {
      await assert.rejects(
        fetchJson(s.url, { ctx: context(), kind: 't', schema: countSchema }),
        /unexpected response \(n: /
      )
    })
    const notJson: Step = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>maintenance</html>')
    }
    await withServer([notJson], async (s) => {
      await assert.rejects(fetchJson(s.url, { ctx: context(), kind: 't', schema: countSchema }), /not JSON/)
    })
  })

  test('POSTs a JSON body', async () => {
    let received = ''
    const echo: Step = (req, res) => {
      req.on('data', (c: Buffer) => (received += c.toString()))
      req.on('end', () => ok({ n: 1 })(req, res))
    }
    await withServer([echo], async (s) => {
      await fetchJson(s.url, {
        ctx: context(),
        kind: 't',
        schema: countSchema,
        method: 'POST',
        body: { ids: ['a', 'b'] }
      })
      assert.equal(received, '{"ids":["a","b"]}')
      assert.equal(s.hits[0].headers['content-type'], 'application/json')
    })
  })

  test('error messages never contain the key, the token or credentials from the URL', async () => {
    const echoSecret = status(500, { message: `bad token ${TOKEN} and key ${KEY}` })
    await withServer([echoSecret], async (s) => {
      const url = `${s.url}/tags/x/info?site=stackoverflow&key=${encodeURIComponent(KEY)}&access_token=${TOKEN}`
      await assert.rejects(fetchJson(url, { ctx: context(), kind: 't', schema: countSchema }), (error: Error) => {
        for (const secret of [TOKEN, KEY, encodeURIComponent(KEY), 'key=', 'access_token']) {
          assert.ok(!error.message.includes(secret), `message contains ${secret}: ${error.message}`)
        }
        assert.match(error.message, /site=stackoverflow/)
        return true
      })
      assert.equal(new URL(s.hits[0].url, s.url).searchParams.get('key'), KEY, 'the key itself was sent')
    })
  })

  test('a URL with credentials fails at once, and the message does not repeat them', async () => {
    await withServer([ok({ n: 1 })], async (s) => {
      const url = `${s.url.replace('http://', 'http://user:pw@')}/x?key=${encodeURIComponent(KEY)}`
      await assert.rejects(fetchJson(url, { ctx: context(), kind: 't', schema: countSchema }), (error: Error) => {
        for (const secret of ['user:pw', KEY, encodeURIComponent(KEY), 'key='])
          assert.ok(!error.message.includes(secret), error.message)
        assert.doesNotMatch(error.message, /gave up/)
        return true
      })
      assert.equal(s.hits.length, 0)
    })
  })

  test('redactUrl drops secret parameters and keeps the rest', () => {
    assert.equal(
      redactUrl('https://api.stackexchange.com/2.3/questions?tagged=a&key=abc&site=stackoverflow'),
      'https://api.stackexchange.com/2.3/questions?tagged=a&site=stackoverflow'
    )
  })
})

describe('the concurrency limit of a scope', () => {
  test('runs at most n requests at once and runs them all', async () => {
    let running = 0
    let peak = 0
    const counted: Step = async (req, res) => {
      const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('i'))
      running++
      peak = Math.max(peak, running)
      await sleep(40 + (i % 4)) // held long enough that three overlap even on a busy machine
      running--
      ok({ n: i })(req, res)
    }
    await withServer([counted], async (s) => {
      const scope = openScope(context(), 'test', { concurrency: 3 })
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => scope.getJson(`${s.url}/?i=${i}`, { kind: 't', schema: countSchema }))
      )
      assert.equal(peak, 3)
      assert.deepEqual(
        results.map((r) => r.n),
        Array.from({ length: 20 }, (_, i) => i)
      )
    })
  })

  test('a failing request frees its slot', async () => {
    await withServer([status(400), ok({ n: 7 })], async (s) => {
      const scope = openScope(context(), 'test', { concurrency: 1 })
      await assert.rejects(scope.getJson(s.url, { kind: 't', schema: countSchema }))
      assert.deepEqual(await scope.getJson(s.url, { kind: 't', schema: countSchema }), { n: 7 })
    })
  })
})

const never: Step = () => {} // accepts the request and never answers

describe('fail-fast per host', () => {
  test('a host that never answers is given up after one request used its attempts; the rest are skipped', async () => {
    await withServer([never], async (s) => {
      const ctx = context({ requestTimeoutMs: 60 })
      const scope = openScope(ctx, 'test', { concurrency: 2 })
      const started = performance.now()
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => scope.getJson(`${s.url}/p${i}`, { kind: 't', schema: countSchema }))
      )
      const ms = performance.now() - started
      const messages = results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'))
      assert.ok(
        messages.every((m) => /has not answered for [\d.]+ s \(4 attempts in a row\)/.test(m)),
        messages[0]
      )
      assert.match(messages[0], /timed out after 60 ms \(gave up after 4 attempts\); 127\.0\.0\.1:\d+ has not answered/)
      assert.match(messages[39], /GET http:\/\/127\.0\.0\.1:\d+\/p39 skipped: /)
      assert.ok(s.hits.length <= 8, `${s.hits.length} requests reached the host (2 at a time × 4 attempts at most)`)
      assert.ok(ms >= 4 * 60, `gave up after ${ms.toFixed(0)} ms, before 4 timeouts`)
      // 40 × 4 timeouts two at a time would be 4.8 s; the slack is a busy machine's lateness.
      assert.ok(ms < 4 * 60 + 3000, `took ${ms.toFixed(0)} ms for 40 requests to a hung host`)
    })
  })

  test('headers sent but a body that never ends counts as no answer, too', async () => {
    const trickle: Step = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"n":') // and nothing more
    }
    await withServer([trickle], async (s) => {
      const ctx = context({ requestTimeoutMs: 50 })
      const started = performance.now()
      await assert.rejects(
        fetchJson(s.url, { ctx, kind: 't', schema: countSchema }),
        /timed out after 50 ms \(gave up after 4 attempts\); 127\.0\.0\.1:\d+ has not answered/
      )
      assert.equal(ctx.counter.total(), 4)
      // Each attempt's own timer: a timeout signal held only by AbortSignal.any() could be collected
      // with its timer, and the request would then wait for the source's deadline (120 s).
      assert.ok(performance.now() - started < 5000)
    })
  })

  test('a host that keeps answering other requests is not given up when one request times out', async () => {
    const byPath: Step = (req, res) => (req.url === '/slow' ? undefined : ok({ n: 1 })(req, res))
    await withServer([byPath], async (s) => {
      const scope = openScope(context({ requestTimeoutMs: 60 }), 'test', { concurrency: 2 })
      const slow = scope.getJson(`${s.url}/slow`, { kind: 't', schema: countSchema })
      const keepAnswering = (async () => {
        for (let i = 0; i < 10; i++) {
          await scope.getJson(`${s.url}/fast`, { kind: 't', schema: countSchema })
          await sleep(20)
        }
      })()
      await assert.rejects(slow, (error: Error) => {
        assert.match(error.message, /timed out after 60 ms \(gave up after 4 attempts\)$/)
        return true
      })
      await keepAnswering
      assert.deepEqual(await scope.getJson(`${s.url}/fast`, { kind: 't', schema: countSchema }), { n: 1 })
    })
  })
})

describe('the deadline of a source', () => {
  test('requests still queued or in flight when it passes fail at once, naming it', async () => {
    const late: Step = async (req, res) => {
      await sleep(100)
      if (!res.destroyed) ok({ n: 1 })(req, res)
    }
    await withServer([late], async (s) => {
      const scope = openScope(context({ sourceDeadlineMs: 400 }), 'pypi', { concurrency: 1 })
      const started = performance.now()
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => scope.getJson(s.url, { kind: 't', schema: countSchema }))
      )
      const ms = performance.now() - started
      const fulfilled = results.filter((r) => r.status === 'fulfilled').length
      assert.ok(fulfilled >= 1 && fulfilled <= 4, `${fulfilled} answered within 400 ms at 100 ms each`)
      for (const r of results.filter((x) => x.status === 'rejected'))
        assert.match(String(r.reason), /stopped: the pypi source's deadline of 0\.4 s passed/)
      // Twenty in a row would be 2,000 ms; the slack is a busy machine's lateness.
      assert.ok(ms < 400 + 1000, `the source took ${ms.toFixed(0)} ms with a 400 ms deadline`)
    })
  })

  test('a retry-after that would pass the deadline is not waited for', async () => {
    await withServer([status(503, { message: 'busy' }, { 'retry-after': '10' })], async (s) => {
      const ctx = context({ sourceDeadlineMs: 500, maxWaitMs: 60_000 })
      await assert.rejects(
        fetchJson(s.url, { ctx, kind: 't', schema: countSchema }),
        /HTTP 503: busy \(not retried: waiting 10 s would pass the test source's deadline\)/
      )
      assert.equal(s.hits.length, 1)
    })
  })
})

describe('connection failures and proxies', () => {
  test('a host that cannot be reached without a proxy says to set one', async () => {
    const ctx = context()
    for (const [url, variable] of [
      ['http://radar-standin.invalid/x', 'HTTP_PROXY'],
      ['https://radar-standin.invalid/x', 'HTTPS_PROXY']
    ]) {
      const scope = new HttpScope(ctx, 'test', 1, {}) // an environment without proxy variables
      await assert.rejects(scope.getJson(url, { kind: 't', schema: countSchema }), (error: Error) => {
        assert.match(error.message, /could not reach radar-standin\.invalid \(.*(ENOTFOUND|EAI_AGAIN).*\)/)
        assert.ok(error.message.includes(`behind a proxy? set ${variable}`), error.message)
        return true
      })
    }
  })

  test('a proxy that cannot be reached is named, without its credentials', async () => {
    const closed = await scripted([ok({ n: 1 })])
    await closed.close() // a port where nothing listens any more
    const proxy = `http://radar-user:proxy-secret@${closed.url.slice('http://'.length)}`
    const scope = new HttpScope(context(), 'test', 1, { HTTPS_PROXY: proxy })
    await assert.rejects(
      scope.getJson('https://pypistats.invalid/x', { kind: 't', schema: countSchema }),
      (error: Error) => {
        assert.match(error.message, /could not reach pypistats\.invalid through the proxy 127\.0\.0\.1:\d+ \(/)
        assert.ok(!error.message.includes('proxy-secret') && !error.message.includes('radar-user'), error.message)
        assert.doesNotMatch(error.message, /behind a proxy\?/)
        return true
      }
    )
  })
})

describe('settings', () => {
  test('the environment knobs override the defaults, a context overrides both, junk stops the run', () => {
    assert.deepEqual(resolveNetSettings({}, {}), DEFAULT_NET_SETTINGS)
    const env = {
      FRAMEWORK_RADAR_RETRY_BASE_MS: '2',
      FRAMEWORK_RADAR_TIMEOUT_MS: '300',
      FRAMEWORK_RADAR_SOURCE_DEADLINE_MS: '5000'
    }
    assert.deepEqual(resolveNetSettings({}, env), {
      ...DEFAULT_NET_SETTINGS,
      retryBaseMs: 2,
      timeoutMs: 300,
      deadlineMs: 5000
    })
    assert.equal(resolveNetSettings({ requestTimeoutMs: 40 }, env).timeoutMs, 40)
    assert.throws(
      () => resolveNetSettings({}, { FRAMEWORK_RADAR_TIMEOUT_MS: '12s' }),
      /FRAMEWORK_RADAR_TIMEOUT_MS must be a whole number of milliseconds \(0 or more\), got "12s"/
    )
  })

  test('with the defaults a host that never answers costs at most 55 s, under the 60 s bound', () => {
    // 4 attempts × 12 s + waits of 1, 2 and 4 s; the measured counterpart is hung-registry.test.ts.
    assert.equal(hungHostBoundMs(DEFAULT_NET_SETTINGS), 55_000)
    assert.ok(hungHostBoundMs(DEFAULT_NET_SETTINGS) <= 60_000)
  })

  test('the README documents every knob with its default', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const [key, name] of Object.entries(NET_ENV_KNOBS)) {
      const value = DEFAULT_NET_SETTINGS[key as keyof typeof NET_ENV_KNOBS]
      assert.ok(readme.includes(`| \`${name}\` | ${value} |`), `README row for ${name} with default ${value}`)
    }
  })
})
