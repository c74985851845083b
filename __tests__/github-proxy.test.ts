// The GitHub client honours HTTP(S)_PROXY through @actions/github (@actions/http-client's proxy
// dispatcher). A small CONNECT proxy on 127.0.0.1 resolves every host to the stand-in and logs what it
// was asked for. Own file: @actions/github picks its proxy when it is first loaded.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { test } from 'node:test'
import { startGitHubStandin } from '../standins/github/server.js'

const TOKEN = 'ghs_proxy-token'

test('every GitHub request goes through HTTP_PROXY when set (the token is not seen by the proxy log)', async (t) => {
  const gh = await startGitHubStandin({ token: TOKEN, site: { owner: 'acme', name: 'docs', files: { 'a.md': 'a\n' } } })
  t.after(() => gh.close())
  const asked: string[] = []
  const proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, socket, head) => {
    asked.push(req.url ?? '')
    // Whatever host was asked for, the stand-in answers (a loopback GITHUB_API_URL would bypass the proxy).
    const upstream = connect(gh.port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    proxy.closeAllConnections()
    proxy.close()
  })
  const apiUrl = `http://api.github.proxy-test:${gh.port}`
  process.env.GITHUB_API_URL = apiUrl
  process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  const { createGitHubClient } = await import('../src/github/client.js')
  const octokit = createGitHubClient({
    token: TOKEN,
    baseUrl: apiUrl,
    log: { info: () => {}, warning: () => {}, debug: () => {} },
    retryBaseMs: 1
  })
  const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'docs' })
  assert.equal(data.default_branch, 'main')
  await octokit.request('POST /graphql', { query: 'query { viewer { login } }' }).catch(() => undefined)
  assert.ok(asked.length >= 1, 'the proxy was asked')
  assert.ok(
    asked.every((a) => a === `api.github.proxy-test:${gh.port}`),
    asked.join(', ')
  )
  assert.deepEqual(
    gh.requests.map((r) => `${r.method} ${r.path}`),
    ['GET /repos/acme/docs', 'POST /graphql']
  )
})
