// The shape shared by the two package-metadata sources (PyPI JSON API, npm registry): one request
// per package, frameworks naming the same package share it, and what comes back is a fact record
// (model PackageMeta) in the framework's info, not a metric.
import type { FrameworkConfig } from '../config/schema.js'
import type { PackageMeta, RepoInfo, SourceId } from '../model.js'
import { errorMessage, SourceNotFoundError } from '../net/index.js'
import { groupBy, OutcomeBuilder } from './outcome.js'
import type { SourceOutcome } from './types.js'

export async function collectPackageFacts(opts: {
  source: SourceId
  frameworks: FrameworkConfig[]
  keyOf: (fw: FrameworkConfig) => string | undefined
  fetchMeta: (key: string) => Promise<PackageMeta>
  infoOf: (meta: PackageMeta) => RepoInfo
  notFound: (key: string) => string
}): Promise<SourceOutcome> {
  const out = new OutcomeBuilder(opts.source)
  await Promise.all(
    [...groupBy(opts.frameworks, opts.keyOf)].map(async ([key, fws]) => {
      try {
        const info = opts.infoOf(await opts.fetchMeta(key))
        for (const fw of fws) out.values.set(fw.name, { metrics: {}, info })
      } catch (error) {
        const message = error instanceof SourceNotFoundError ? opts.notFound(key) : errorMessage(error)
        for (const fw of fws) out.fail(fw.name, message)
      }
    })
  )
  return out.build()
}
