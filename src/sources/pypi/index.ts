// PyPI downloads of the last month, from pypistats.org (one request per package; the API has no bulk form).
import type { FrameworkConfig } from '../../config/schema.js'
import { createLimiter, errorMessage, fetchJson, OutcomeBuilder, SourceNotFoundError } from '../http.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { recentResponse } from './schema.js'

/** PEP 503 normalisation: pypistats stores projects under their normalised name. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

export function createPypiSource(options: { concurrency?: number } = {}): Source {
  return {
    id: 'pypi',
    metrics: ['pypi_downloads_month'],
    appliesTo: (fw) => fw.pypi !== undefined,
    collect: (frameworks, ctx) => collect(frameworks, ctx, options.concurrency ?? 2)
  }
}

export const pypiSource: Source = createPypiSource()

async function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const out = new OutcomeBuilder('pypi')
  const base = ctx.endpoints.pypistats.replace(/\/+$/, '')
  const byPackage = new Map<string, FrameworkConfig[]>()
  for (const fw of frameworks) {
    const name = normalizePypiName(fw.pypi!)
    byPackage.set(name, [...(byPackage.get(name) ?? []), fw])
  }
  const limit = createLimiter(concurrency) // pypistats is a small service that rate-limits eagerly
  await Promise.all(
    [...byPackage].map(([name, fws]) =>
      limit(async () => {
        try {
          const data = await fetchJson(`${base}/packages/${encodeURIComponent(name)}/recent?period=month`, { ctx, kind: 'pypi', schema: recentResponse })
          for (const fw of fws) out.set(fw.name, { pypi_downloads_month: data.data.last_month })
        } catch (error) {
          const message = error instanceof SourceNotFoundError ? `PyPI project "${name}" not found on pypistats.org` : errorMessage(error)
          for (const fw of fws) out.fail(fw.name, message)
        }
      })
    )
  )
  return out.build()
}
