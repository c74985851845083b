// A logging forward proxy on 127.0.0.1, as corporate and GHES runners have: it forwards plain-HTTP
// requests sent in absolute-URI form ("GET http://host/path") and tunnels CONNECT requests, and logs
// every target. Host names are resolved by `resolve` (default: every name → 127.0.0.1), so tests can
// give each stand-in a name that only the proxy knows: a request that bypassed it cannot succeed.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'

export interface ProxiedRequest {
  /** 'CONNECT' for a tunnel, otherwise the HTTP method of a forwarded request. */
  method: string
  /** host:port the client asked for. */
  target: string
  /** The full URL of a forwarded request; undefined for a tunnel. */
  url?: string
  /** The Proxy-Authorization header, when the client sent one. */
  proxyAuthorization?: string
}

export interface ProxyStandin {
  url: string
  requests: ProxiedRequest[]
  close(): Promise<void>
}

export interface ProxyStandinOptions {
  /** Maps a requested host name to the address to connect to. */
  resolve?: (hostname: string) => string
}

export async function startProxyStandin(options: ProxyStandinOptions = {}): Promise<ProxyStandin> {
  const sockets = new Set<Socket | Duplex>()
  const ctx: ProxyContext = {
    resolve: options.resolve ?? (() => '127.0.0.1'),
    requests: [],
    track: (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
  }
  const server = createServer((req, res) => forward(ctx, req, res))
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => tunnel(ctx, req, client, head))
  server.on('connection', (socket: Socket) => ctx.track(socket))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: ctx.requests,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => done())
      })
  }
}

interface ProxyContext {
  resolve: (hostname: string) => string
  requests: ProxiedRequest[]
  /** Keeps a socket until it closes, so close() can end every connection. */
  track: (socket: Socket | Duplex) => void
}

/** A plain-HTTP request in absolute-URI form, forwarded to its target without the proxy headers. */
function forward({ resolve, requests }: ProxyContext, req: IncomingMessage, res: ServerResponse): void {
  let target: URL
  try {
    target = new URL(req.url ?? '')
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('absolute-URI required')
    return
  }
  requests.push({
    method: req.method ?? 'GET',
    target: target.host,
    url: target.href,
    proxyAuthorization: req.headers['proxy-authorization']
  })
  const headers = { ...req.headers }
  delete headers['proxy-authorization']
  delete headers['proxy-connection']
  const upstream = httpRequest(
    {
      host: resolve(target.hostname),
      port: Number(target.port) || 80,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    }
  )
  upstream.on('error', () => res.destroy())
  res.on('close', () => upstream.destroy())
  req.pipe(upstream)
}

/** CONNECT host:port: a TCP tunnel to the target. */
function tunnel({ resolve, requests, track }: ProxyContext, req: IncomingMessage, client: Duplex, head: Buffer): void {
  const target = req.url ?? ''
  requests.push({ method: 'CONNECT', target, proxyAuthorization: req.headers['proxy-authorization'] })
  const [hostname, port] = splitHostPort(target)
  const upstream = connect(port, resolve(hostname), () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) upstream.write(head)
    upstream.pipe(client)
    client.pipe(upstream)
  })
  track(upstream)
  track(client)
  upstream.on('error', () => client.destroy())
  client.on('error', () => upstream.destroy())
}

/** "host:port" or "[v6]:port" → [host, port]. */
function splitHostPort(target: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target)
  return m ? [m[1], Number(m[2])] : [target, 443]
}
