// Seeded fault injection for the GitHub stand-in. Faults are decided before routing, so a faulted
// write never happens (what a client must assume of a 502 anyway). A given request (method, path,
// body) fails at most `maxPerRequestKey` times in a row, so a client that retries always finishes.
import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'

export const HTTP_FAULT_KINDS = ['502', '503', 'secondary-403', '429', 'reset', 'timeout'] as const
export const GRAPHQL_FAULT_KINDS = ['graphql-rate-limited', 'graphql-resource-limits'] as const
export type HttpFaultKind = (typeof HTTP_FAULT_KINDS)[number]
export type GraphqlFaultKind = (typeof GRAPHQL_FAULT_KINDS)[number]
export type FaultKind = HttpFaultKind | GraphqlFaultKind

export interface FaultOptions {
  seed: number
  /** Probability (0..1) that a request is faulted. */
  rate: number
  /** Kinds to draw from; all kinds when absent. GraphQL kinds only apply to POST /graphql. */
  kinds?: FaultKind[]
  /** A given request fails at most this many times in a row (default 2). */
  maxPerRequestKey?: number
  /** How long a 'timeout' fault holds the request before destroying the socket (default 3000). */
  timeoutMs?: number
}

/** mulberry32: tiny, fast, good enough for reproducible test noise. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface RequestFaultContext {
  graphqlFault?: GraphqlFaultKind
}

export class Faults {
  /** Faults actually injected, by kind. */
  readonly injectedByKind = new Map<FaultKind, number>()
  readonly timeoutMs: number
  private readonly random: () => number
  private readonly rate: number
  private readonly kinds: FaultKind[]
  private readonly maxPerRequestKey: number
  private readonly streaks = new Map<string, number>()
  private readonly context = new AsyncLocalStorage<RequestFaultContext>()

  constructor(options?: FaultOptions) {
    this.random = mulberry32(options?.seed ?? 0)
    this.rate = options?.rate ?? 0
    this.kinds = options?.kinds ?? [...HTTP_FAULT_KINDS, ...GRAPHQL_FAULT_KINDS]
    this.maxPerRequestKey = options?.maxPerRequestKey ?? 2
    this.timeoutMs = options?.timeoutMs ?? 3000
  }

  get injected(): number {
    let sum = 0
    for (const n of this.injectedByKind.values()) sum += n
    return sum
  }

  static requestKey(method: string, path: string, body: string): string {
    return `${method} ${path} ${createHash('sha1').update(body).digest('hex')}`
  }

  /** Decides the fault for one request, before it is routed. */
  decide(key: string, isGraphql: boolean): FaultKind | undefined {
    if (this.rate <= 0) return undefined
    const eligible = this.kinds.filter((k) => isGraphql || !(GRAPHQL_FAULT_KINDS as readonly string[]).includes(k))
    // Always draw twice so that the sequence does not depend on eligibility.
    const hit = this.random() < this.rate
    const pick = this.random()
    const streak = this.streaks.get(key) ?? 0
    if (!hit || eligible.length === 0 || streak >= this.maxPerRequestKey) {
      this.streaks.delete(key)
      return undefined
    }
    this.streaks.set(key, streak + 1)
    return eligible[Math.floor(pick * eligible.length)]
  }

  count(kind: FaultKind): void {
    this.injectedByKind.set(kind, (this.injectedByKind.get(kind) ?? 0) + 1)
  }

  /** Runs a handler with the GraphQL fault decided for its request (read back by graphqlFault()). */
  runWith<T>(graphqlFault: GraphqlFaultKind | undefined, fn: () => T): T {
    return this.context.run({ graphqlFault }, fn)
  }

  /** For the GraphQL handler: the GraphQL-level error to answer the current request with, if any. */
  graphqlFault(): 'RATE_LIMITED' | 'RESOURCE_LIMITS_EXCEEDED' | undefined {
    const store = this.context.getStore()
    const kind = store?.graphqlFault
    if (!store || !kind) return undefined
    store.graphqlFault = undefined // consumed once per request
    this.count(kind)
    return kind === 'graphql-rate-limited' ? 'RATE_LIMITED' : 'RESOURCE_LIMITS_EXCEEDED'
  }
}
