// Docker Hub pulls: pull_count of the repository, a LIFETIME total (docker_pulls_total).
// A name without a slash is an official image, which lives in the "library" namespace.
import type { FrameworkConfig } from '../../config/schema.js'
import { openScope } from '../../net/index.js'
import { collectPerPackage } from '../outcome.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { repositoryResponse } from './schema.js'

export function dockerRepository(spec: string): { namespace: string; name: string } {
  const [namespace, name] = spec.includes('/') ? spec.split('/') : ['library', spec]
  return { namespace, name }
}

export function createDockerHubSource(options: { concurrency?: number } = {}): Source {
  return {
    id: 'dockerhub',
    metrics: ['docker_pulls_total'],
    appliesTo: (fw) => fw.dockerhub !== undefined,
    collect: (frameworks, ctx) => collect(frameworks, ctx, options.concurrency ?? 4)
  }
}

export const dockerHubSource: Source = createDockerHubSource()

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
