// conda downloads from anaconda.org: a LIFETIME total (the API has no monthly figure).
import { z } from 'zod'
import { declareSource } from '../declare.js'

export const conda = declareSource({
  id: 'conda',
  title: 'conda (anaconda.org)',
  metrics: {
    conda_downloads_total: {
      label: 'conda downloads (lifetime)',
      column: 'conda (lifetime)',
      unit: 'lifetime',
      group: 'popularity',
      cap: 50_000_000,
      weight: 0.5,
      figures: { table: 'adoption' }
    }
  },
  config: {
    conda: {
      schema: z
        .string()
        .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/, 'must be "channel/package", e.g. "conda-forge/numpy"')
        .optional(),
      description: 'Anaconda `channel/package`: **lifetime** downloads',
      example: 'conda-forge/tensorflow'
    }
  },
  endpoint: { name: 'anaconda', default: 'https://api.anaconda.org' },
  load: async () => (await import('./index.js')).condaSource
})
