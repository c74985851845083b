// PyPI downloads of the last month, from pypistats.org.
import { z } from 'zod'
import { declareSource } from '../declare.js'

/** PEP 503 normalisation: PyPI (and pypistats) treat case and runs of "-", "_" and "." alike. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

export const pypi = declareSource({
  id: 'pypi',
  title: 'PyPI',
  metrics: {
    pypi_downloads_month: {
      label: 'PyPI downloads (last month)',
      column: 'PyPI',
      unit: '/month',
      group: 'popularity',
      cap: 10_000_000,
      weight: 1,
      figures: { table: 'adoption' }
    }
  },
  config: {
    pypi: {
      schema: z
        .string()
        .regex(/^[A-Za-z0-9._-]+$/, 'must be a PyPI project name')
        .optional(),
      description: 'PyPI project: downloads last month (pypistats) and package facts (PyPI JSON API)',
      example: 'tensorflow',
      canonical: normalizePypiName
    }
  },
  endpoint: { name: 'pypistats', default: 'https://pypistats.org/api' },
  load: async () => (await import('./index.js')).pypiSource
})
