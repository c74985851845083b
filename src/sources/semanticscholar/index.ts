// Citations from Semantic Scholar: POST /paper/batch (500 ids a request). When a batch is refused
// as a whole (HTTP 400, e.g. an id it cannot parse), that batch's papers are asked one by one so a
// single bad id costs only its own framework. The shared public rate limit often answers 429
// without retry-after; fetchJson then backs off exponentially.
import type { FrameworkConfig } from '../../config/schema.js'
import { errorMessage, openScope, SourceHttpError, SourceNotFoundError } from '../../net/index.js'
import { chunk, groupBy, OutcomeBuilder } from '../outcome.js'
import { sourceFrom } from '../declare.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { semanticscholar } from './declaration.js'
import { batchResponse, paperResponse } from './schema.js'

export const PAPERS_PER_BATCH = 500

export const semanticScholarSource: Source = sourceFrom(semanticscholar, (frameworks, ctx) =>
  collect(frameworks, ctx, 1)
)

/** A paper id as one path segment: encoded, but "arXiv:…" / "DOI:…" keep their colon. */
export function paperPath(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':')
}

async function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const out = new OutcomeBuilder('semanticscholar')
  const http = openScope(ctx, 'semanticscholar', { concurrency })
  const base = ctx.endpoints.semanticscholar.replace(/\/+$/, '')
  const byPaper = groupBy(frameworks, (fw) => fw.paper)
  const frameworksOf = (id: string) => byPaper.get(id) ?? []
  const setValue = (id: string, citations: number) => {
    for (const fw of frameworksOf(id)) out.set(fw.name, { citations })
  }
  const fail = (id: string, message: string) => {
    for (const fw of frameworksOf(id)) out.fail(fw.name, message)
  }
  const notFound = (id: string) => `paper "${id}" not found on Semantic Scholar`

  const single = async (id: string) => {
    try {
      const data = await http.getJson(`${base}/paper/${paperPath(id)}?fields=citationCount`, {
        kind: 'semanticscholar.paper',
        schema: paperResponse
      })
      setValue(id, data.citationCount)
    } catch (error) {
      fail(id, error instanceof SourceNotFoundError ? notFound(id) : errorMessage(error))
    }
  }

  const batch = async (group: string[]) => {
    try {
      const data = await http.getJson(`${base}/paper/batch?fields=citationCount`, {
        kind: 'semanticscholar.batch',
        schema: batchResponse,
        method: 'POST',
        body: { ids: group }
      })
      if (data.length !== group.length)
        throw new SourceHttpError(`Semantic Scholar answered ${data.length} entries for ${group.length} paper ids`)
      for (const [i, id] of group.entries()) {
        const paper = data[i]
        if (paper) setValue(id, paper.citationCount)
        else fail(id, notFound(id))
      }
    } catch (error) {
      // A batch refused as a whole (an id it cannot parse): ask its papers one by one.
      if (error instanceof SourceHttpError && error.status === 400) {
        for (const id of group) await single(id)
        return
      }
      for (const id of group) fail(id, errorMessage(error))
    }
  }

  await Promise.all(chunk([...byPaper.keys()].sort(), PAPERS_PER_BATCH).map(batch))
  return out.build()
}
