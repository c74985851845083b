// PyPI's JSON API: GET /pypi/{project}/json (https://docs.pypi.org/api/json/). Only the fields read
// are checked; `urls` lists the files of the latest version (wheels and the sdist).
import { z } from 'zod'

export const projectResponse = z.object({
  info: z.object({
    name: z.string(),
    version: z.string(),
    license: z.string().nullish(),
    // PEP 639 metadata (2.4): an SPDX expression, when the package declares one.
    license_expression: z.string().nullish(),
    requires_python: z.string().nullish(),
    requires_dist: z.array(z.string()).nullish(),
    classifiers: z.array(z.string()).nullish()
  }),
  urls: z.array(
    z.object({
      filename: z.string(),
      packagetype: z.string(),
      upload_time_iso_8601: z.string().nullish(),
      yanked: z.boolean().optional()
    })
  )
})
export type ProjectResponse = z.infer<typeof projectResponse>
