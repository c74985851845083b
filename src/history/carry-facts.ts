// Stale fallback for package facts: when the PyPI JSON or npm registry source fails for a
// framework, the facts of the last snapshot stay in the criteria matrix (as metrics do) instead
// of turning into "–" for a week. Pure.
import type { FrameworkConfig } from '../config/schema.js'
import type { FrameworkData, SourceFailure, SourceId } from '../model.js'
import { declaredFor } from '../sources/declare.js'
import { SOURCES } from '../sources/index.js'
import { entryOf, type Snapshot } from './index.js'

/** The sources of package facts and the info field each fills (whom they apply to: their declarations). */
const FACT_SOURCES: Partial<Record<SourceId, 'pypiPackage' | 'npmPackage'>> = {
  'pypi-json': 'pypiPackage',
  'npm-registry': 'npmPackage'
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
      const key = FACT_SOURCES[failure.source]
      const declaration = SOURCES.find((s) => s.id === failure.source)
      if (!key || !declaration || (failure.framework !== undefined && failure.framework !== fw.name)) continue
      const config = frameworks.find((f) => f.name === fw.name)
      const prev = entryOf(last, fw.name)?.info[key]
      if (config && declaredFor(declaration, config) && info[key] === undefined && prev !== undefined)
        info = { ...info, [key]: prev }
    }
    return info === fw.info ? fw : { ...fw, info }
  })
}
