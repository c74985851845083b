// Reading GitHub's errors: the status, and the whole message — REST's `errors[]` details
// (resource, field, code, message) and GraphQL's `errors[]` (type, message) — so a refusal
// reaches the log as GitHub worded it.

interface RestErrorDetail {
  resource?: string
  field?: string
  code?: string
  message?: string
}

interface HttpError {
  name?: string
  status?: number
  message?: string
  response?: { data?: unknown }
  /** GraphqlResponseError */
  errors?: Array<{ type?: string; message?: string }>
}

export function httpStatus(error: unknown): number | undefined {
  return (error as HttpError | undefined)?.status
}

/** One `errors[]` entry: its message, or "resource.field code" when GitHub sent no message. */
function detailText(detail: RestErrorDetail | string): string | undefined {
  if (typeof detail === 'string') return detail
  if (!detail) return undefined
  const where = [detail.resource, detail.field].filter(Boolean).join('.')
  const code = detail.code && detail.code !== 'custom' ? detail.code : undefined
  if (detail.message)
    return code || where ? `${detail.message} (${[where, code].filter(Boolean).join(' ')})` : detail.message
  return [where, code].filter(Boolean).join(' ') || undefined
}

/** The message GitHub sent, with every detail it gave (REST `errors[]`, GraphQL `errors[]`). */
export function gitHubMessage(error: unknown): string {
  const e = error as HttpError
  if (e?.name === 'GraphqlResponseError' && Array.isArray(e.errors)) {
    const parts = e.errors.map((x) => [x.type, x.message].filter(Boolean).join(': ')).filter(Boolean)
    if (parts.length > 0) return parts.join('; ')
  }
  const data = e?.response?.data as { message?: string; errors?: Array<RestErrorDetail | string> } | undefined
  const parts = [data?.message, ...(data?.errors ?? []).map(detailText)].filter(Boolean)
  return parts.length > 0 ? parts.join(': ') : String(e?.message ?? error)
}
