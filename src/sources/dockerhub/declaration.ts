// Docker Hub pulls: the repository's pull_count, a LIFETIME total.
import { z } from 'zod'
import { declareSource } from '../declare.js'

export const dockerhub = declareSource({
  id: 'dockerhub',
  title: 'Docker Hub',
  metrics: {
    docker_pulls_total: {
      label: 'Docker pulls (lifetime)',
      column: 'Docker pulls (lifetime)',
      unit: 'lifetime',
      group: 'popularity',
      cap: 100_000_000,
      weight: 0.5,
      figures: { table: 'adoption' }
    }
  },
  config: {
    dockerhub: {
      schema: z
        .string()
        .regex(
          /^([a-z0-9._-]+\/)?[a-z0-9._-]+$/,
          'must be a Docker Hub repository, e.g. "library/python" or "tensorflow/tensorflow"'
        )
        .optional(),
      description: 'Docker Hub repository (`library/x` for official images): **lifetime** pulls',
      example: 'tensorflow/tensorflow'
    }
  },
  endpoint: { name: 'dockerhub', default: 'https://hub.docker.com/v2' },
  load: async () => (await import('./index.js')).dockerHubSource
})
