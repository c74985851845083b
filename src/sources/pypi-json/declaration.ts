// Package facts from PyPI's JSON API: platforms, Python versions, dependencies, latest version,
// license. No metric: the facts fill criteria of the matrix (src/rank/package-facts.ts).
import { declareSource } from '../declare.js'
import { pypi } from '../pypi/declaration.js'

export const pypiJson = declareSource({
  id: 'pypi-json',
  title: 'PyPI (package metadata)',
  metrics: {},
  // The same `pypi` key as the downloads source: one project name, two services.
  config: { pypi: pypi.config.pypi },
  endpoint: { name: 'pypi', default: 'https://pypi.org' },
  load: async () => (await import('./index.js')).pypiJsonSource
})
