// PyPI downloads of the last month, from pypistats.org (one request per package; the API has no bulk form).
import type { FrameworkConfig } from '../../config/schema.js'
import { openScope } from '../../net/index.js'
import { collectPerPackage } from '../outcome.js'
import { sourceFrom } from '../declare.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { normalizePypiName, pypi } from './declaration.js'
import { recentResponse } from './schema.js'

export const pypiSource: Source = sourceFrom(pypi, (frameworks, ctx) => collect(frameworks, ctx, 2))

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
