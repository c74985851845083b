// npm downloads of the last month.
import { z } from 'zod'
import { declareSource } from '../declare.js'

export const npm = declareSource({
  id: 'npm',
  title: 'npm',
  metrics: {
    npm_downloads_month: {
      label: 'npm downloads (last month)',
      column: 'npm',
      unit: '/month',
      group: 'popularity',
      cap: 10_000_000,
      weight: 1,
      figures: { table: 'adoption' }
    }
  },
  config: {
    npm: {
      schema: z
        .string()
        .regex(/^(@[a-z0-9._~-]+\/)?[a-z0-9._~-]+$/, 'must be an npm package name, e.g. "react" or "@scope/name"')
        .optional(),
      description: 'npm package: downloads last month and package facts (registry)',
      example: '@tensorflow/tfjs'
    }
  },
  endpoint: { name: 'npm', default: 'https://api.npmjs.org' },
  load: async () => (await import('./index.js')).npmSource
})
