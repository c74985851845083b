// Configs the report and chart tests build from a list of framework names.
import { parseConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'

/** A config listing `names` in order, the i-th at github o{i}/r{i}; names are quoted, so any text goes. */
export function configNamed(names: string[]): Config {
  const list = names.map((n, i) => `  - { name: ${JSON.stringify(n)}, github: o${i}/r${i} }`).join('\n')
  return parseConfig(`frameworks:\n${list}\n`, 'c.yml')
}
