// npm downloads API: https://github.com/npm/registry/blob/main/docs/download-counts.md
import { z } from 'zod'

export const pointResponse = z.object({
  downloads: z.number().int().nonnegative(),
  start: z.string(),
  end: z.string(),
  package: z.string()
})

/** Bulk form (several unscoped names, comma-separated): keyed by name, null for unknown packages. */
export const bulkPointResponse = z.record(z.string(), pointResponse.nullable())
