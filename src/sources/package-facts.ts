// The shape shared by the two package-metadata sources (PyPI JSON API, npm registry): one request
// per package, frameworks naming the same package share it, and what comes back is a fact record
// (model PackageMeta) in the framework's info, not a metric.
import type { FrameworkConfig } from '../config/schema.js'
import type { PackageMeta, RepoInfo, SourceId } from '../model.js'
import { collectPerKey } from './outcome.js'
import type { SourceOutcome } from './types.js'

export async function collectPackageFacts(opts: {
  source: SourceId
  frameworks: FrameworkConfig[]
  keyOf: (fw: FrameworkConfig) => string | undefined
  fetchMeta: (key: string) => Promise<PackageMeta>
  infoOf: (meta: PackageMeta) => RepoInfo
  notFound: (key: string) => string
}): Promise<SourceOutcome> {
  return collectPerKey({
    ...opts,
    fetchValues: async (key) => ({ metrics: {}, info: opts.infoOf(await opts.fetchMeta(key)) })
  })
}
