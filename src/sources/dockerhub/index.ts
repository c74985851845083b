// Docker Hub pulls: pull_count of the repository, a LIFETIME total (docker_pulls_total).
// A name without a slash is an official image, which lives in the "library" namespace.
import type { FrameworkConfig } from '../../config/schema.js'
import { openScope } from '../../net/index.js'
import { collectPerPackage } from '../outcome.js'
import { sourceFrom } from '../declare.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { dockerhub } from './declaration.js'
import { repositoryResponse } from './schema.js'

export function dockerRepository(spec: string): { namespace: string; name: string } {
  const [namespace, name] = spec.includes('/') ? spec.split('/') : ['library', spec]
  return { namespace, name }
}

export const dockerHubSource: Source = sourceFrom(dockerhub, (frameworks, ctx) => collect(frameworks, ctx, 4))

function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const base = ctx.endpoints.dockerhub.replace(/\/+$/, '')
  const http = openScope(ctx, 'dockerhub', { concurrency })
  return collectPerPackage({
    source: 'dockerhub',
    frameworks,
    keyOf: (fw) => {
      if (fw.dockerhub === undefined) return undefined
      const { namespace, name } = dockerRepository(fw.dockerhub)
      return `${namespace}/${name}`
    },
    notFound: (key) => `Docker Hub repository "${key}" not found`,
    fetchMetrics: async (key) => {
      const { namespace, name } = dockerRepository(key)
      const url = `${base}/repositories/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`
      const data = await http.getJson(url, { kind: 'dockerhub', schema: repositoryResponse })
      return { docker_pulls_total: data.pull_count }
    }
  })
}
