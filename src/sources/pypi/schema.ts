// pypistats.org API: GET /api/packages/{name}/recent?period=month (https://pypistats.org/api/).
import { z } from 'zod'

export const recentResponse = z.object({
  data: z.object({ last_month: z.number().int().nonnegative() }),
  package: z.string().optional(),
  type: z.string().optional()
})
