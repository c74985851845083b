// Criteria values the package registries fill in automatically (PyPI JSON API, npm registry): the seed
// article's "supported operating systems and platforms", "ease of installation (dependencies)" and
// "compatibility (languages)". A config `facts:` entry with the same key overrides them. Pure.
import type { FactValue } from '../config/schema.js'
import type { FrameworkData, PackageMeta } from '../model.js'

/** Criterion keys filled from package metadata, with their default column labels. */
export const PACKAGE_CRITERIA: Record<string, string> = {
  platforms: 'Platforms',
  architectures: 'Architectures',
  python_versions: 'Python versions',
  dependencies: 'Dependencies',
  package_version: 'Latest package',
  package_license: 'Package license'
}

/** PyPI first (platforms and Python versions exist only there), then npm. */
function packageOf(fw: FrameworkData): PackageMeta | undefined {
  return fw.info.pypiPackage ?? fw.info.npmPackage
}

/** The value of a package criterion for a framework; undefined for other keys or when unknown. */
export function packageFact(fw: FrameworkData, key: string): FactValue | undefined {
  const pypi = fw.info.pypiPackage
  const pkg = packageOf(fw)
  switch (key) {
    case 'platforms':
      return pypi?.platforms
    case 'architectures':
      return pypi?.architectures
    case 'python_versions':
      return pypi?.pythonVersions ?? pypi?.requiresPython
    case 'dependencies':
      return pkg?.dependencies
    case 'package_version':
      return pkg ? `${pkg.version}${pkg.releasedAt ? ` (${pkg.releasedAt.slice(0, 10)})` : ''}` : undefined
    case 'package_license':
      return pkg?.license
    default:
      return undefined
  }
}

/** "Apache License 2.0", "Apache-2.0" and "Apache 2.0" are one license; "BSD" covers "BSD-3-Clause". */
export function sameLicense(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\b(the|license|licence|version|software)\b/g, '')
      .replace(/[^a-z0-9]/g, '')
  const [x, y] = [norm(a), norm(b)]
  return x !== '' && y !== '' && (x.startsWith(y) || y.startsWith(x))
}

/** The package's license when it differs from the one GitHub detects, else undefined. */
export function licenseMismatch(fw: FrameworkData): { pkg: string; github: string } | undefined {
  const declared = packageOf(fw)?.license
  const github = fw.info.license
  if (!declared || !github || sameLicense(declared, github)) return undefined
  return { pkg: declared, github }
}
