// npm downloads of the last month. Unscoped packages go 128 to a request (the bulk form); scoped
// packages one per request, because the bulk API refuses them.
import type { FrameworkConfig } from '../../config/schema.js'
import { errorMessage, openScope, SourceNotFoundError } from '../../net/index.js'
import { chunk, groupBy, OutcomeBuilder } from '../outcome.js'
import { sourceFrom } from '../declare.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { npm } from './declaration.js'
import { bulkPointResponse, pointResponse } from './schema.js'

/** Packages per bulk request: the API's limit. */
export const NPM_BULK_LIMIT = 128

export const npmSource: Source = sourceFrom(npm, (frameworks, ctx) => collect(frameworks, ctx, 4))

/**
 * "@scope/name" keeps its "@" and slash in the path, as npm's documentation writes it;
 * each part is encoded on its own.
 */
export function packagePath(name: string): string {
  return name
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/^%40/, '@'))
    .join('/')
}

async function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const out = new OutcomeBuilder('npm')
  const http = openScope(ctx, 'npm', { concurrency })
  const base = `${ctx.endpoints.npm.replace(/\/+$/, '')}/downloads/point/last-month`
  const byPackage = groupBy(frameworks, (fw) => fw.npm)
  const names = [...byPackage.keys()].sort()
  const frameworksOf = (name: string) => byPackage.get(name) ?? []
  const setValue = (name: string, downloads: number) => {
    for (const fw of frameworksOf(name)) out.set(fw.name, { npm_downloads_month: downloads })
  }
  const fail = (name: string, message: string) => {
    for (const fw of frameworksOf(name)) out.fail(fw.name, message)
  }

  const single = async (name: string) => {
    try {
      const data = await http.getJson(`${base}/${packagePath(name)}`, { kind: 'npm.point', schema: pointResponse })
      setValue(name, data.downloads)
    } catch (error) {
      fail(name, error instanceof SourceNotFoundError ? `npm package "${name}" not found` : errorMessage(error))
    }
  }
  const bulk = async (group: string[]) => {
    try {
      const data = await http.getJson(`${base}/${group.map(encodeURIComponent).join(',')}`, {
        kind: 'npm.bulk',
        schema: bulkPointResponse
      })
      for (const name of group) {
        const point = data[name]
        if (point) setValue(name, point.downloads)
        else fail(name, `npm package "${name}" not found`)
      }
    } catch (error) {
      for (const name of group) fail(name, errorMessage(error))
    }
  }

  const scoped = names.filter((n) => n.startsWith('@'))
  const unscoped = names.filter((n) => !n.startsWith('@'))
  // A "bulk" query with one name answers in the single shape, so ask for it that way.
  const groups = chunk(unscoped, NPM_BULK_LIMIT).map((group) => (group.length === 1 ? single(group[0]) : bulk(group)))
  await Promise.all([...scoped.map(single), ...groups])
  return out.build()
}
