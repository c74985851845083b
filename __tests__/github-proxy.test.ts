// The GitHub client honours HTTP(S)_PROXY and NO_PROXY as they are when the client is created (not when
// @actions/github was first imported). A small CONNECT proxy on 127.0.0.1 resolves every host to the
// stand-in and logs what it was asked for.
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { type TestContext, test } from 'node:test'
import { createGitHubClient } from '../src/github/client.js'
import { type GitHubStandin, startGitHubStandin } from '../standins/github/server.js'

const TOKEN = 'ghs_proxy-token'
const quiet = { info: () => {}, warning: () => {}, debug: () => {} }

/** Sets variables for one test: the suite shares one process, so they are put back after it. */
function setEnv(t: TestContext, values: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]))
  const assign = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  assign(values)
  t.after(() => assign(saved))
}

/** A CONNECT proxy whose every tunnel ends at the stand-in, whatever host was asked for. */
async function connectProxy(t: TestContext, gh: GitHubStandin): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = []
  const proxy = createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req, socket, head) => {
    asked.push(req.url ?? '')
    // (a loopback GITHUB_API_URL would bypass the proxy, so the tests use names only the proxy resolves)
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
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, asked }
}

async function standin(t: TestContext): Promise<GitHubStandin> {
  const gh = await startGitHubStandin({ token: TOKEN, site: { owner: 'acme', name: 'docs', files: { 'a.md': 'a\n' } } })
  t.after(() => gh.close())
  return gh
}

test('every GitHub request goes through HTTP_PROXY when set (the token is not seen by the proxy log)', async (t) => {
  const gh = await standin(t)
  const proxy = await connectProxy(t, gh)
  const apiUrl = `http://api.github.proxy-test:${gh.port}`
  setEnv(t, { GITHUB_API_URL: apiUrl, HTTP_PROXY: proxy.url })
  const octokit = createGitHubClient({ token: TOKEN, baseUrl: apiUrl, log: quiet, retryBaseMs: 1 })
  const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'docs' })
  assert.equal(data.default_branch, 'main')
  await octokit.request('POST /graphql', { query: 'query { viewer { login } }' }).catch(() => undefined)
  assert.ok(proxy.asked.length >= 1, 'the proxy was asked')
  assert.ok(
    proxy.asked.every((a) => a === `api.github.proxy-test:${gh.port}`),
    proxy.asked.join(', ')
  )
  assert.deepEqual(
    gh.requests.map((r) => `${r.method} ${r.path}`),
    ['GET /repos/acme/docs', 'POST /graphql']
  )
})

test('each client reads the proxy variables when it is created: a changed HTTP_PROXY, then NO_PROXY', async (t) => {
  const gh = await standin(t)
  const [first, second] = [await connectProxy(t, gh), await connectProxy(t, gh)]
  const apiUrl = `http://api.github.proxy-test:${gh.port}`
  const get = (octokit: ReturnType<typeof createGitHubClient>) =>
    octokit.rest.repos.get({ owner: 'acme', repo: 'docs' })
  setEnv(t, { HTTP_PROXY: first.url, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined })
  const viaFirst = createGitHubClient({ token: TOKEN, baseUrl: apiUrl, log: quiet, retryBaseMs: 1 })
  process.env.HTTP_PROXY = second.url
  const viaSecond = createGitHubClient({ token: TOKEN, baseUrl: apiUrl, log: quiet, retryBaseMs: 1 })
  await get(viaSecond)
  await get(viaFirst)
  assert.deepEqual([first.asked.length, second.asked.length], [1, 1], 'each client kept the proxy of its creation')
  // NO_PROXY names the host: asked directly, the name does not resolve, and no proxy is asked.
  process.env.NO_PROXY = 'proxy-test'
  const direct = createGitHubClient({ token: TOKEN, baseUrl: apiUrl, log: quiet, retryBaseMs: 1, retries: 0 })
  await assert.rejects(get(direct))
  assert.deepEqual([first.asked.length, second.asked.length], [1, 1], 'NO_PROXY: no proxy asked')
  assert.equal(gh.requests.length, 2)
})
