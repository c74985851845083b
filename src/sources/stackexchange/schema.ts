// Stack Exchange API 2.3 response shapes (https://api.stackexchange.com/docs/wrapper).
import { z } from 'zod'

const count = z.number().int().nonnegative()

/** Fields every wrapper may carry; `backoff` asks us to wait before calling the same method again. */
const wrapperFields = {
  backoff: z.number().nonnegative().optional(),
  quota_max: count.optional(),
  quota_remaining: z.number().int().optional(),
  has_more: z.boolean().optional()
}

/** GET /tags/{tags}/info */
export const tagInfoResponse = z.object({
  items: z.array(z.object({ name: z.string(), count })),
  ...wrapperFields
})

/** GET /questions?filter=total */
export const totalResponse = z.object({ total: count, ...wrapperFields })

/** The error wrapper: https://api.stackexchange.com/docs/error-handling */
export const errorResponse = z.object({
  error_id: z.number().int(),
  error_name: z.string(),
  error_message: z.string().optional()
})
