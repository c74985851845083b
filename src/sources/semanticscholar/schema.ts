// Semantic Scholar Academic Graph API v1 (https://api.semanticscholar.org/api-docs/graph).
import { z } from 'zod'

export const paperResponse = z.object({
  paperId: z.string(),
  citationCount: z.number().int().nonnegative()
})

/** POST /paper/batch: one entry per requested id, in order; null for ids it does not know. */
export const batchResponse = z.array(paperResponse.nullable())
