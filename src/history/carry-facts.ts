// Stale fallback for package facts: when the PyPI JSON or npm registry source fails for a
// framework, the facts of the last snapshot stay in the criteria matrix (as metrics do) instead
// of turning into "–" for a week. Pure.
import type { FrameworkConfig } from '../config/schema.js'
import type { FrameworkData, SourceFailure, SourceId } from '../model.js'
import { entryOf, type Snapshot } from './index.js'

const FACT_SOURCES: Partial<
  Record<SourceId, { key: 'pypiPackage' | 'npmPackage'; applies: (fw: FrameworkConfig) => boolean }>
> = {
  'pypi-json': { key: 'pypiPackage', applies: (fw) => fw.pypi !== undefined },
  'npm-registry': { key: 'npmPackage', applies: (fw) => fw.npm !== undefined }
}

export function carryPackageFacts(
  data: FrameworkData[],
  frameworks: FrameworkConfig[],
  failures: SourceFailure[],
  last: Snapshot | undefined
): FrameworkData[] {
  if (!last) return data
  return data.map((fw) => {
    let info = fw.info
    for (const failure of failures) {
      const source = FACT_SOURCES[failure.source]
      if (!source || (failure.framework !== undefined && failure.framework !== fw.name)) continue
      const config = frameworks.find((f) => f.name === fw.name)
      const prev = entryOf(last, fw.name)?.info[source.key]
      if (config && source.applies(config) && info[source.key] === undefined && prev !== undefined)
        info = { ...info, [source.key]: prev }
    }
    return info === fw.info ? fw : { ...fw, info }
  })
}
