// Citations of the framework's paper, from Semantic Scholar.
import { z } from 'zod'
import { declareSource } from '../declare.js'

export const semanticscholar = declareSource({
  id: 'semanticscholar',
  title: 'Semantic Scholar',
  metrics: {
    citations: {
      label: 'Citations',
      column: 'Citations',
      unit: 'lifetime',
      group: 'popularity',
      cap: 20_000,
      weight: 1,
      figures: { table: 'popularity' }
    }
  },
  config: {
    paper: {
      schema: z
        .string()
        .regex(
          /^(arXiv:\S+|DOI:\S+|CorpusId:\d+|[0-9a-f]{40})$/,
          'must be a paper id Semantic Scholar knows: "arXiv:1603.04467", "DOI:10.…", "CorpusId:123" or a ' +
            '40-hex paper id'
        )
        .optional(),
      description: 'Semantic Scholar paper id (`arXiv:…`, `DOI:…`, `CorpusId:…`): citations',
      example: 'arXiv:1603.04467'
    }
  },
  endpoint: { name: 'semanticscholar', default: 'https://api.semanticscholar.org/graph/v1' },
  load: async () => (await import('./index.js')).semanticScholarSource
})
