// Every source, in report order, GitHub first. Adding a source = its folder + one line here (see
// README "Development"). Pure: only declarations are imported; collectors load when a run needs them.
import type { FrameworkConfig } from '../config/schema.js'
import type { MetricKey } from '../model.js'
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

/** A framework key that holds a name or a package (the keys sources declare are strings). */
export type SourceKey = {
  [K in keyof FrameworkConfig]-?: FrameworkConfig[K] extends string | undefined ? K : never
}[keyof FrameworkConfig]

/** The declaration of the source that collects a metric. */
export function sourceOfMetric(metric: MetricKey): (typeof SOURCES)[number] {
  const source = SOURCES.find((s) => metric in s.metrics)
  if (!source) throw new Error(`no source declares the metric ${metric}`)
  return source
}

/** The framework key a metric is collected for: the one config key its source declares. */
export function configKeyOf(metric: MetricKey): SourceKey {
  const keys = Object.keys(sourceOfMetric(metric).config)
  if (keys.length !== 1) throw new Error(`the source of ${metric} declares ${keys.length} config keys, not one`)
  return keys[0] as SourceKey
}
