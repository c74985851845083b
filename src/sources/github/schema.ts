// The shape of GitHub's answer to the batch document (query.ts), validated before any number is
// used: a field GitHub renames or drops must fail loudly, not turn into a zero.
import { z } from 'zod'

const count = z.object({ totalCount: z.number().int().nonnegative() })

export const repositorySchema = z.object({
  nameWithOwner: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  isArchived: z.boolean(),
  createdAt: z.string(),
  pushedAt: z.string().nullable(),
  description: z.string().nullable(),
  homepageUrl: z.string().nullable(),
  stargazerCount: z.number().int().nonnegative(),
  forkCount: z.number().int().nonnegative(),
  watchers: count,
  openIssues: count,
  closedIssues: count,
  openPullRequests: count,
  mergedPullRequests: count,
  releases: z.object({
    totalCount: z.number().int().nonnegative(),
    nodes: z.array(z.object({ publishedAt: z.string().nullable() }).nullable())
  }),
  latestRelease: z
    .object({ tagName: z.string(), name: z.string().nullable(), publishedAt: z.string().nullable() })
    .nullable(),
  licenseInfo: z.object({ spdxId: z.string().nullable(), name: z.string() }).nullable(),
  primaryLanguage: z.object({ name: z.string() }).nullable(),
  repositoryTopics: z.object({ nodes: z.array(z.object({ topic: z.object({ name: z.string() }) }).nullable()) }),
  // An empty repository has no default branch; a branch pointing at a tag has no history here.
  // The head oid tells whether anything was committed since the last run (old answers lack it).
  defaultBranchRef: z
    .object({ target: z.object({ oid: z.string().optional(), history: count.optional() }).nullable() })
    .nullable()
})
export type RepositoryData = z.infer<typeof repositorySchema>

export const searchSchema = z.object({ issueCount: z.number().int().nonnegative() })

export const rateLimitSchema = z.object({
  cost: z.number().int().nonnegative(),
  remaining: z.number().int(),
  resetAt: z.string(),
  limit: z.number().int(),
  used: z.number().int()
})
export type RateLimit = z.infer<typeof rateLimitSchema>

export const graphqlErrorSchema = z.looseObject({
  type: z.string().optional(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional()
})
export type GraphqlError = z.infer<typeof graphqlErrorSchema>

/** The envelope: data may be absent (whole-document errors) or partial (errors with a path). */
export const responseSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(graphqlErrorSchema).optional()
})
