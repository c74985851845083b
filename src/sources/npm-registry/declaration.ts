// Package facts from the npm registry: latest version and date, dependencies, license. No metric:
// the facts fill criteria of the matrix (src/rank/package-facts.ts).
import { declareSource } from '../declare.js'
import { npm } from '../npm/declaration.js'

export const npmRegistry = declareSource({
  id: 'npm-registry',
  title: 'npm (registry metadata)',
  metrics: {},
  // The same `npm` key as the downloads source: one package name, two services.
  config: { npm: npm.config.npm },
  endpoint: { name: 'npm_registry', default: 'https://registry.npmjs.org' },
  load: async () => (await import('./index.js')).npmRegistrySource
})
