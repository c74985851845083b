// Every source, in report order, GitHub first. Adding a source = its folder + one line here (see
// README "Development"). Pure: only declarations are imported; collectors load when a run needs them.
import type { SourceDeclaration } from './declare.js'
import { conda } from './conda/declaration.js'
import { dockerhub } from './dockerhub/declaration.js'
import { github } from './github/declaration.js'
import { npm } from './npm/declaration.js'
import { npmRegistry } from './npm-registry/declaration.js'
import { pypi } from './pypi/declaration.js'
import { pypiJson } from './pypi-json/declaration.js'
import { semanticscholar } from './semanticscholar/declaration.js'
import { stackoverflow } from './stackexchange/declaration.js'
import type { Source } from './types.js'

export const SOURCES = [
  github,
  stackoverflow,
  pypi,
  npm,
  conda,
  dockerhub,
  semanticscholar,
  pypiJson,
  npmRegistry
] as const satisfies readonly SourceDeclaration[]

/** The collectors of every source, in the order above. */
export function loadSources(): Promise<Source[]> {
  return Promise.all(SOURCES.map((s) => s.load()))
}
