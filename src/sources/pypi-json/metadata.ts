// Pure reading of PyPI metadata: platforms and architectures from wheel tags (PEP 425/427 file
// names), Python versions from classifiers, runtime dependencies from requires_dist (PEP 508),
// the declared license. No I/O, so the rules are tested directly.
import type { PackageMeta } from '../../model.js'
import type { ProjectResponse } from './schema.js'

export const PLATFORMS = ['Linux', 'macOS', 'Windows'] as const

/** Platform tags of a wheel file name ("…-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"). */
export function wheelPlatformTags(filename: string): string[] | undefined {
  if (!filename.endsWith('.whl')) return undefined
  const parts = filename.slice(0, -4).split('-')
  // name-version(-build)?-python-abi-platform: 5 or 6 parts.
  if (parts.length < 5 || parts.length > 6) return undefined
  return parts[parts.length - 1].split('.')
}

/** The operating system and architectures one platform tag stands for; "any" is every OS. */
export function readPlatformTag(tag: string): { os: string[]; arch: string[] } {
  const t = tag.toLowerCase()
  if (t === 'any') return { os: [...PLATFORMS], arch: [] }
  if (/^(manylinux|musllinux|linux)/.test(t))
    return { os: ['Linux'], arch: [archOf(t.replace(/^.*?_\d+_\d+_|^(manylinux\d+|linux)_/, ''))] }
  if (t.startsWith('macosx')) {
    const arch = t.replace(/^macosx_\d+_\d+_/, '')
    if (arch === 'universal2') return { os: ['macOS'], arch: ['x86_64', 'arm64'] }
    return { os: ['macOS'], arch: [archOf(arch)] }
  }
  if (t === 'win32') return { os: ['Windows'], arch: ['x86'] }
  if (t.startsWith('win_')) return { os: ['Windows'], arch: [archOf(t.slice(4))] }
  return { os: [], arch: [] }
}

function archOf(raw: string): string {
  if (raw === 'amd64' || raw === 'x86_64' || raw === 'intel') return 'x86_64'
  if (raw === 'aarch64' || raw === 'arm64') return 'arm64'
  if (raw === 'i686' || raw === 'i386' || raw === 'x86') return 'x86'
  return raw
}

/** Platforms and architectures over every wheel of the latest version, in a fixed order. */
export function platformsOf(filenames: string[]): { platforms: string[]; architectures: string[] } {
  const os = new Set<string>()
  const arch = new Set<string>()
  for (const name of filenames) {
    for (const tag of wheelPlatformTags(name) ?? []) {
      const read = readPlatformTag(tag)
      for (const o of read.os) os.add(o)
      for (const a of read.arch) if (a) arch.add(a)
    }
  }
  return {
    platforms: PLATFORMS.filter((p) => os.has(p)),
    architectures: [...arch].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  }
}

/** "Programming Language :: Python :: 3.12" → "3.12"; sorted by version. */
export function pythonVersionsOf(classifiers: readonly string[]): string[] {
  const versions = classifiers
    .map((c) => /^Programming Language :: Python :: (\d+\.\d+)$/.exec(c.trim())?.[1])
    .filter((v): v is string => v !== undefined)
  const key = (v: string) => v.split('.').map(Number)
  return [...new Set(versions)].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1])
}

/** Runtime dependencies: requires_dist entries whose marker does not name an extra, counted by project. */
export function runtimeDependencies(requiresDist: readonly string[]): string[] {
  const names = new Set<string>()
  for (const requirement of requiresDist) {
    const [spec, marker = ''] = requirement.split(';', 2)
    if (/\bextra\s*==/.test(marker)) continue
    const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1]
    if (name) names.add(name.toLowerCase().replace(/[-_.]+/g, '-'))
  }
  return [...names].sort()
}

const LICENSE_CLASSIFIERS: Record<string, string> = {
  'Apache Software License': 'Apache-2.0',
  'MIT License': 'MIT',
  'BSD License': 'BSD',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0'
}

/** The license as declared: license_expression, else a short license field, else the classifier. */
export function declaredLicense(info: ProjectResponse['info']): string | undefined {
  if (info.license_expression?.trim()) return info.license_expression.trim()
  const field = info.license?.trim()
  // Some projects paste the whole license text into the field; only a name is useful here.
  if (field && field.length <= 60 && !field.includes('\n')) return field
  for (const c of info.classifiers ?? []) {
    const m = /^License :: OSI Approved :: (.+)$/.exec(c)
    if (m) return LICENSE_CLASSIFIERS[m[1]] ?? m[1]
  }
  return undefined
}

export function packageMetaOf(project: ProjectResponse): PackageMeta {
  const files = project.urls.filter((f) => f.yanked !== true)
  const { platforms, architectures } = platformsOf(files.map((f) => f.filename))
  const uploaded = files
    .map((f) => f.upload_time_iso_8601)
    .filter((t): t is string => typeof t === 'string')
    .sort()
  const meta: PackageMeta = {
    name: project.info.name,
    version: project.info.version,
    dependencies: runtimeDependencies(project.info.requires_dist ?? []).length
  }
  if (uploaded.length > 0) meta.releasedAt = uploaded[0]
  const license = declaredLicense(project.info)
  if (license) meta.license = license
  if (platforms.length > 0) meta.platforms = platforms
  if (architectures.length > 0) meta.architectures = architectures
  const pythonVersions = pythonVersionsOf(project.info.classifiers ?? [])
  if (pythonVersions.length > 0) meta.pythonVersions = pythonVersions
  if (project.info.requires_python?.trim()) meta.requiresPython = project.info.requires_python.trim()
  return meta
}
