// The six non-GitHub sources, in report order (index.ts puts GitHub first).
import { condaSource } from './conda/index.js'
import { dockerHubSource } from './dockerhub/index.js'
import { npmSource } from './npm/index.js'
import { pypiSource } from './pypi/index.js'
import { semanticScholarSource } from './semanticscholar/index.js'
import { stackOverflowSource } from './stackexchange/index.js'
import type { Source } from './types.js'

export const registrySources: Source[] = [
  stackOverflowSource,
  pypiSource,
  npmSource,
  condaSource,
  dockerHubSource,
  semanticScholarSource
]
