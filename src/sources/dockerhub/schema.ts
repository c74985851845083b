// Docker Hub API v2: GET /repositories/{namespace}/{name}
import { z } from 'zod'

export const repositoryResponse = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  pull_count: z.number().int().nonnegative()
})
