// Keeps credentials out of every message: URLs lose userinfo and secret-bearing query parameters,
// and known secrets (plain or URL-encoded) are replaced by ***.

/** Query parameters that may carry credentials; they are dropped from every URL we print. */
const SECRET_PARAMS = ['key', 'access_token', 'token', 'api_key', 'apikey', 'client_secret', 'sig']

/** The URL without credentials: userinfo and secret-bearing query parameters are removed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMS.includes(name.toLowerCase())) parsed.searchParams.delete(name)
    }
    return parsed.toString()
  } catch {
    return url.replace(/([?&](?:key|access_token|token|api_key|apikey|client_secret|sig)=)[^&#\s]*/gi, '$1***')
  }
}

/** Removes credentials from every URL in the text, then every occurrence of a secret (plain or URL-encoded). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/https?:\/\/[^\s'"<>]+/g, (url) => redactUrl(url))
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***')
  }
  return out
}
