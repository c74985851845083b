// conda downloads from anaconda.org: the sum of every file's ndownloads. This is a LIFETIME total
// (the API has no monthly figure), hence the metric conda_downloads_total.
import type { FrameworkConfig } from '../../config/schema.js'
import { createLimiter, errorMessage, fetchJson, isCount, OutcomeBuilder, SourceNotFoundError } from '../http.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { packageResponse } from './schema.js'

export function createCondaSource(options: { concurrency?: number } = {}): Source {
  return {
    id: 'conda',
    metrics: ['conda_downloads_total'],
    appliesTo: (fw) => fw.conda !== undefined,
    collect: (frameworks, ctx) => collect(frameworks, ctx, options.concurrency ?? 4)
  }
}

export const condaSource: Source = createCondaSource()

async function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const out = new OutcomeBuilder('conda')
  const base = ctx.endpoints.anaconda.replace(/\/+$/, '')
  const byPackage = new Map<string, FrameworkConfig[]>()
  for (const fw of frameworks) byPackage.set(fw.conda!, [...(byPackage.get(fw.conda!) ?? []), fw])
  const limit = createLimiter(concurrency)
  await Promise.all(
    [...byPackage].map(([spec, fws]) =>
      limit(async () => {
        const [channel, name] = spec.split('/')
        try {
          const data = await fetchJson(`${base}/package/${encodeURIComponent(channel)}/${encodeURIComponent(name)}`, { ctx, kind: 'conda', schema: packageResponse })
          const total = data.files.reduce((sum, file) => sum + file.ndownloads, 0)
          if (!isCount(total)) throw new Error(`anaconda.org returned an implausible download total for "${spec}"`)
          for (const fw of fws) out.set(fw.name, { conda_downloads_total: total })
        } catch (error) {
          const message = error instanceof SourceNotFoundError ? `conda package "${spec}" not found on anaconda.org` : errorMessage(error)
          for (const fw of fws) out.fail(fw.name, message)
        }
      })
    )
  )
  return out.build()
}
