// Anaconda.org API: GET /package/{channel}/{name} (https://api.anaconda.org/docs).
import { z } from 'zod'

export const packageResponse = z.object({
  files: z.array(z.object({ ndownloads: z.number().int().nonnegative() }))
})
