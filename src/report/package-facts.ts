// How package facts show in the criteria matrix: a mark for values package metadata supplied
// (not the config), and a flag when the package declares another license than GitHub. Pure.
import type { Config } from '../config/schema.js'
import type { FrameworkData } from '../model.js'
import { licenseMismatch, PACKAGE_CRITERIA } from '../rank/package-facts.js'

/** The mark after a value that came from package metadata, explained by {@link PACKAGE_FACTS_LEGEND}. */
export const AUTO_MARK = 'ᵖ'
export const MISMATCH_MARK = '⚠'
export const PACKAGE_FACTS_LEGEND =
  `${AUTO_MARK} filled in automatically from package metadata (PyPI, npm: latest ` +
  `version); a \`facts:\` entry in the config overrides it. ${MISMATCH_MARK} the package declares another license ` +
  `than GitHub detects.`

/**
 * The text shown in a criteria cell: the value, then "ᵖ" when package metadata supplied it (not
 * the config) and, for the package license, "⚠ GitHub: …" when GitHub detects another license.
 */
export function withAutoMarks(
  config: Config,
  fw: FrameworkData,
  key: string,
  text: string | undefined
): string | undefined {
  if (text === undefined || !(key in PACKAGE_CRITERIA)) return text
  const facts = config.frameworks.find((f) => f.name === fw.name)?.facts ?? {}
  if (Object.hasOwn(facts, key)) return text
  const mismatch = key === 'package_license' ? licenseMismatch(fw) : undefined
  return `${text} ${AUTO_MARK}${mismatch ? ` ${MISMATCH_MARK} GitHub: ${mismatch.github}` : ''}`
}
