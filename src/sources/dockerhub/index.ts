// Docker Hub pulls: pull_count of the repository, a LIFETIME total (docker_pulls_total).
// A name without a slash is an official image, which lives in the "library" namespace.
import type { FrameworkConfig } from '../../config/schema.js'
import { createLimiter, errorMessage, fetchJson, OutcomeBuilder, SourceNotFoundError } from '../http.js'
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

async function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const out = new OutcomeBuilder('dockerhub')
  const base = ctx.endpoints.dockerhub.replace(/\/+$/, '')
  const byRepository = new Map<string, FrameworkConfig[]>()
  for (const fw of frameworks) {
    const { namespace, name } = dockerRepository(fw.dockerhub!)
    const key = `${namespace}/${name}`
    byRepository.set(key, [...(byRepository.get(key) ?? []), fw])
  }
  const limit = createLimiter(concurrency)
  await Promise.all(
    [...byRepository].map(([key, fws]) =>
      limit(async () => {
        const { namespace, name } = dockerRepository(key)
        try {
          const url = `${base}/repositories/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`
          const data = await fetchJson(url, { ctx, kind: 'dockerhub', schema: repositoryResponse })
          for (const fw of fws) out.set(fw.name, { docker_pulls_total: data.pull_count })
        } catch (error) {
          const message = error instanceof SourceNotFoundError ? `Docker Hub repository "${key}" not found` : errorMessage(error)
          for (const fw of fws) out.fail(fw.name, message)
        }
      })
    )
  )
  return out.build()
}
