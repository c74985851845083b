// The logging forward proxy stand-in (standins/proxy.ts) and the HTTP layer's use of proxies:
// absolute-URI forwarding and CONNECT tunnels, HTTP_PROXY / http_proxy / NO_PROXY, credentials.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { ProxyAgent, fetch as undiciFetch } from 'undici'
import { z } from 'zod'
import { HttpScope } from '../src/net/scope.js'
import type { SourceContext } from '../src/sources/types.js'
import { sourceContext } from './helpers/source-context.js'
import { type ProxyStandin, startProxyStandin } from '../standins/proxy.js'

const schema = z.object({ path: z.string() })

function context(): SourceContext {
  return sourceContext({ now: new Date('2026-11-23T00:00:00Z') })
}

describe('the proxy stand-in and the HTTP layer', () => {
  let origin: Server
  let port: number
  let proxy: ProxyStandin
  before(async () => {
    origin = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ path: req.url }))
    })
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
    port = (origin.address() as AddressInfo).port
    proxy = await startProxyStandin() // every host name → 127.0.0.1
  })
  after(async () => {
    await proxy.close()
    origin.closeAllConnections()
    await new Promise<void>((resolve) => origin.close(() => resolve()))
  })

  const get = (env: NodeJS.ProcessEnv, url: string) =>
    new HttpScope(context(), 'test', 1, env).getJson(url, { kind: 't', schema })

  test('HTTP_PROXY: a plain-http request is forwarded in absolute-URI form and logged', async () => {
    proxy.requests.length = 0
    // registry.test resolves nowhere but in the proxy: the answer proves the request went through it.
    const data = await get({ HTTP_PROXY: proxy.url }, `http://registry.test:${port}/pkg?x=1`)
    assert.deepEqual(data, { path: '/pkg?x=1' })
    assert.deepEqual(proxy.requests, [
      {
        method: 'GET',
        target: `registry.test:${port}`,
        url: `http://registry.test:${port}/pkg?x=1`,
        proxyAuthorization: undefined
      }
    ])
  })

  test('lower-case http_proxy wins over HTTP_PROXY, as curl reads them', async () => {
    proxy.requests.length = 0
    await get({ http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' }, `http://registry.test:${port}/a`)
    assert.equal(proxy.requests.length, 1)
  })

  test('NO_PROXY hosts are asked directly, others still through the proxy', async () => {
    proxy.requests.length = 0
    const env = { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }
    assert.deepEqual(await get(env, `http://127.0.0.1:${port}/direct`), { path: '/direct' })
    assert.equal(proxy.requests.length, 0)
    await get(env, `http://registry.test:${port}/proxied`)
    assert.deepEqual(
      proxy.requests.map((r) => r.target),
      [`registry.test:${port}`]
    )
  })

  test('credentials in the proxy URL are sent as Proxy-Authorization', async () => {
    proxy.requests.length = 0
    const withAuth = proxy.url.replace('http://', 'http://radar:s3cret@')
    await get({ HTTP_PROXY: withAuth }, `http://registry.test:${port}/auth`)
    assert.equal(proxy.requests[0]?.proxyAuthorization, `Basic ${Buffer.from('radar:s3cret').toString('base64')}`)
  })

  test('CONNECT: a tunnelling client (as for https targets) is tunnelled and logged', async () => {
    proxy.requests.length = 0
    const dispatcher = new ProxyAgent({ uri: proxy.url, proxyTunnel: true })
    try {
      const response = await undiciFetch(`http://tunnelled.test:${port}/through`, { dispatcher })
      assert.deepEqual(await response.json(), { path: '/through' })
    } finally {
      await dispatcher.close()
    }
    assert.deepEqual(proxy.requests, [
      { method: 'CONNECT', target: `tunnelled.test:${port}`, proxyAuthorization: undefined }
    ])
  })
})
