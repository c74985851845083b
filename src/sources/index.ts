// Every source, GitHub first. Adding a source = one folder + one line here.
import { githubSource } from './github/index.js'
import { registrySources } from './registry.js'
import type { Source } from './types.js'

export function allSources(): Source[] {
  return [githubSource, ...registrySources]
}
