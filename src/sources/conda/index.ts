// conda downloads from anaconda.org: the sum of every file's ndownloads. This is a LIFETIME total
// (the API has no monthly figure), hence the metric conda_downloads_total.
import type { FrameworkConfig } from '../../config/schema.js'
import { openScope } from '../../net/index.js'
import { collectPerPackage, isCount } from '../outcome.js'
import { sourceFrom } from '../declare.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { conda } from './declaration.js'
import { packageResponse } from './schema.js'

export const condaSource: Source = sourceFrom(conda, (frameworks, ctx) => collect(frameworks, ctx, 4))

function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const base = ctx.endpoints.anaconda.replace(/\/+$/, '')
  const http = openScope(ctx, 'conda', { concurrency })
  return collectPerPackage({
    source: 'conda',
    frameworks,
    keyOf: (fw) => fw.conda,
    notFound: (spec) => `conda package "${spec}" not found on anaconda.org`,
    fetchMetrics: async (spec) => {
      const [channel, name] = spec.split('/')
      const data = await http.getJson(`${base}/package/${encodeURIComponent(channel)}/${encodeURIComponent(name)}`, {
        kind: 'conda',
        schema: packageResponse
      })
      const total = data.files.reduce((sum, file) => sum + file.ndownloads, 0)
      if (!isCount(total)) throw new Error(`anaconda.org returned an implausible download total for "${spec}"`)
      return { conda_downloads_total: total }
    }
  })
}
