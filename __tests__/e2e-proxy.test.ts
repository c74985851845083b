// End to end through the bundled dist/index.js (Node 24, as the runner starts it): with
// HTTP_PROXY/HTTPS_PROXY set every registry and GitHub request goes through the proxy; without a
// proxy an unreachable registry says to set one. (Split from e2e-net.test.ts so the two files run
// side by side in npm test.)
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type ProxyStandin, startProxyStandin } from '../standins/proxy.js'
import { exampleConfig, startWorld, type World } from '../standins/world.js'

const WEEK2 = '2026-11-23T06:17:00Z'
/** Short knobs for the spawned action: the layer's limits, scaled down (README "Time limits"). */
const FAST = { FRAMEWORK_RADAR_RETRY_BASE_MS: '1', FRAMEWORK_RADAR_WRITE_SPACING_MS: '0' }

/**
 * A workspace whose config turns the backfill off (a dry run reads the workspace's config first): the
 * first test sends the backfill's requests through the proxy too; the others' subject is routing.
 */
function workspaceWithoutBackfill(): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'radar-proxy-'))
  mkdirSync(path.join(workspace, '.github'))
  writeFileSync(path.join(workspace, '.github', 'framework-radar.yml'), `backfill: false\n${exampleConfig()}`)
  return workspace
}

describe('behind a proxy', () => {
  let world: World
  let proxy: ProxyStandin
  before(async () => {
    world = await startWorld({ now: new Date(WEEK2) })
    proxy = await startProxyStandin() // resolves every name to 127.0.0.1
  })
  after(async () => {
    await Promise.all([world?.close(), proxy?.close()])
  })

  /** The world's URLs with a host name only the proxy can resolve in place of 127.0.0.1. */
  function namedEndpoints(): Record<string, string> {
    const named: Record<string, string> = {}
    for (const [key, url] of Object.entries(world.env)) {
      const service = key
        .replace(/^(FRAMEWORK_RADAR_|GITHUB_)/, '')
        .replace(/_URL$/, '')
        .toLowerCase()
      named[key] = url.replace('127.0.0.1', `${service.replace(/_/g, '-')}.radar.test`)
    }
    return named
  }

  test('with HTTP_PROXY and HTTPS_PROXY set, every registry and GitHub request goes through the proxy', async () => {
    const env = { ...FAST, ...namedEndpoints(), HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }
    world.github.resetLog()
    const run = await world.run({ now: WEEK2, inputs: { 'dry-run': 'true' }, env })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.doesNotMatch(run.stdout, /::warning/, 'no source failed')

    const viaProxy = (suffix: string) => proxy.requests.filter((r) => r.target.split(':')[0].endsWith(suffix))
    const registries = world.registries.requests
    assert.ok(registries.length >= 6, 'every registry was asked')
    assert.equal(
      viaProxy('.radar.test').length - viaProxy('api.radar.test').length - viaProxy('graphql.radar.test').length,
      registries.length
    )
    for (const service of ['stackexchange', 'pypistats', 'npm', 'anaconda', 'dockerhub', 'semanticscholar'])
      assert.ok(viaProxy(`${service}.radar.test`).length > 0, `${service} went through the proxy`)
    const github = viaProxy('api.radar.test').length + viaProxy('graphql.radar.test').length
    assert.ok(world.github.requests.length > 0, 'GitHub was asked')
    assert.equal(github, world.github.requests.length, 'every GitHub request went through the proxy')
  })

  test('NO_PROXY hosts are asked directly', async () => {
    proxy.requests.length = 0
    const env: Record<string, string> = { ...FAST, ...namedEndpoints(), HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }
    env.FRAMEWORK_RADAR_NPM_URL = world.env.FRAMEWORK_RADAR_NPM_URL // 127.0.0.1, listed in NO_PROXY
    const before = world.registries.requests.filter((r) => r.service === 'npm').length
    const run = await world.run({
      now: WEEK2,
      workspace: workspaceWithoutBackfill(),
      inputs: { 'dry-run': 'true' },
      env: { ...env, NO_PROXY: '127.0.0.1' }
    })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.ok(world.registries.requests.filter((r) => r.service === 'npm').length > before, 'npm was asked')
    assert.ok(!proxy.requests.some((r) => r.target.startsWith('127.0.0.1')), 'no request for 127.0.0.1 via the proxy')
    assert.ok(
      proxy.requests.some((r) => r.target.startsWith('pypistats.radar.test')),
      'the others still use it'
    )
  })

  test('without a proxy, a registry that cannot be reached says to set one, and the run publishes', async () => {
    const env = { ...FAST, FRAMEWORK_RADAR_PYPISTATS_URL: 'http://pypistats.radar.invalid/api' }
    const run = await world.run({
      now: WEEK2,
      workspace: workspaceWithoutBackfill(),
      inputs: { 'dry-run': 'true' },
      env
    })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(
      run.stdout,
      /::warning::.*could not reach pypistats\.radar\.invalid \(.*\); behind a proxy\? set HTTP_PROXY/
    )
  })
})
