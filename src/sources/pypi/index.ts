// PyPI downloads of the last month, from pypistats.org (one request per package; the API has no bulk form).
import type { FrameworkConfig } from '../../config/schema.js'
import { openScope } from '../../net/index.js'
import { collectPerPackage } from '../outcome.js'
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

function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const base = ctx.endpoints.pypistats.replace(/\/+$/, '')
  const http = openScope(ctx, 'pypi', { concurrency }) // pypistats is a small service that rate-limits eagerly
  return collectPerPackage({
    source: 'pypi',
    frameworks,
    keyOf: (fw) => (fw.pypi === undefined ? undefined : normalizePypiName(fw.pypi)),
    notFound: (name) => `PyPI project "${name}" not found on pypistats.org`,
    fetchMetrics: async (name) => {
      const data = await http.getJson(`${base}/packages/${encodeURIComponent(name)}/recent?period=month`, {
        kind: 'pypi',
        schema: recentResponse
      })
      return { pypi_downloads_month: data.data.last_month }
    }
  })
}
