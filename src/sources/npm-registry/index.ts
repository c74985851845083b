// Package facts from the npm registry (GET /{name}): latest version and its date, runtime
// dependencies of the latest version, declared license. One request per package;
// FRAMEWORK_RADAR_NPM_REGISTRY_URL points it elsewhere.
import type { FrameworkConfig } from '../../config/schema.js'
import type { PackageMeta } from '../../model.js'
import { openScope, SourceHttpError } from '../../net/index.js'
import { sourceFrom } from '../declare.js'
import { collectPackageFacts } from '../package-facts.js'
import { npmRegistry } from './declaration.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { packumentResponse, type PackumentResponse } from './schema.js'

export const npmRegistrySource: Source = sourceFrom(npmRegistry, (frameworks, ctx) => collect(frameworks, ctx))

/** The registry path of a package: a scoped name is one segment, "@scope%2Fname". */
export function registryPath(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)
}

export function npmMetaOf(doc: PackumentResponse): PackageMeta {
  const latest = doc['dist-tags'].latest
  const manifest = doc.versions[latest]
  if (!manifest) throw new SourceHttpError(`npm package "${doc.name}": latest version ${latest} is not listed`)
  const meta: PackageMeta = {
    name: doc.name,
    version: latest,
    dependencies: Object.keys(manifest.dependencies ?? {}).length
  }
  const releasedAt = doc.time?.[latest]
  if (releasedAt) meta.releasedAt = releasedAt
  const license = manifest.license ?? doc.license
  if (license) meta.license = license
  return meta
}

function collect(frameworks: FrameworkConfig[], ctx: SourceContext): Promise<SourceOutcome> {
  const base = ctx.endpoints.npm_registry.replace(/\/+$/, '')
  const http = openScope(ctx, 'npm-registry', { concurrency: 4 })
  return collectPackageFacts({
    source: 'npm-registry',
    frameworks,
    keyOf: (fw) => fw.npm,
    notFound: (name) => `npm package "${name}" not found in the registry`,
    fetchMeta: async (name) =>
      npmMetaOf(
        await http.getJson(`${base}/${registryPath(name)}`, { kind: 'npm-registry', schema: packumentResponse })
      ),
    infoOf: (meta) => ({ npmPackage: meta })
  })
}
