// The npm registry's package document: GET /{name} (scoped names as @scope%2Fname),
// https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md. Only the fields read are checked.
import { z } from 'zod'

const license = z.union([z.string(), z.object({ type: z.string() }).transform((l) => l.type)])

export const packumentResponse = z.object({
  name: z.string(),
  'dist-tags': z.object({ latest: z.string() }).catchall(z.string()),
  versions: z.record(
    z.string(),
    z.object({
      version: z.string(),
      license: license.nullish(),
      dependencies: z.record(z.string(), z.string()).nullish()
    })
  ),
  time: z.record(z.string(), z.string()).optional(),
  license: license.nullish()
})
export type PackumentResponse = z.infer<typeof packumentResponse>
