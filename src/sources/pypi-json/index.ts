// Package facts from PyPI's JSON API (GET /pypi/{project}/json): supported platforms and
// architectures (wheel tags), Python versions, runtime dependencies, latest version and date,
// declared license. One request per project; FRAMEWORK_RADAR_PYPI_URL points it elsewhere.
import type { FrameworkConfig } from '../../config/schema.js'
import { openScope } from '../../net/index.js'
import { collectPackageFacts } from '../package-facts.js'
import { sourceFrom } from '../declare.js'
import { normalizePypiName } from '../pypi/declaration.js'
import { pypiJson } from './declaration.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { packageMetaOf } from './metadata.js'
import { projectResponse } from './schema.js'

export const pypiJsonSource: Source = sourceFrom(pypiJson, (frameworks, ctx) => collect(frameworks, ctx))

function collect(frameworks: FrameworkConfig[], ctx: SourceContext): Promise<SourceOutcome> {
  const base = ctx.endpoints.pypi.replace(/\/+$/, '')
  const http = openScope(ctx, 'pypi-json', { concurrency: 4 })
  return collectPackageFacts({
    source: 'pypi-json',
    frameworks,
    keyOf: (fw) => (fw.pypi === undefined ? undefined : normalizePypiName(fw.pypi)),
    notFound: (name) => `PyPI project "${name}" not found on PyPI`,
    fetchMeta: async (name) =>
      packageMetaOf(
        await http.getJson(`${base}/pypi/${encodeURIComponent(name)}/json`, {
          kind: 'pypi-json',
          schema: projectResponse
        })
      ),
    infoOf: (meta) => ({ pypiPackage: meta })
  })
}
