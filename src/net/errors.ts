// The errors a request of the HTTP layer ends with. Messages never carry a secret (see redact.ts).

export class SourceHttpError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** true when retrying could have helped (the attempts, the deadline or the host ran out). */
    readonly transient = false
  ) {
    super(message)
    this.name = 'SourceHttpError'
  }
}

/** The server says the thing asked for does not exist (HTTP 404). Never retried. */
export class SourceNotFoundError extends SourceHttpError {
  constructor(message: string) {
    super(message, 404, false)
    this.name = 'SourceNotFoundError'
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The message an API put in its error body (Stack Exchange, npm, Semantic Scholar, Anaconda shapes). */
export function errorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as Record<string, unknown>
  const parts: string[] = []
  if (typeof record.error_name === 'string') parts.push(record.error_name)
  for (const key of ['error_message', 'error', 'message', 'detail']) {
    const value = record[key]
    if (typeof value === 'string') {
      parts.push(value)
      break
    }
  }
  const text = parts.join(': ')
  if (!text) return undefined
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
