// Writes schema/framework-radar.schema.json from the zod schema the code validates with,
// so editors (yaml-language-server) complete and check the config. `--check` fails when stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { configJsonSchema } from '../src/config/json-schema.js'

const file = new URL('../schema/framework-radar.schema.json', import.meta.url)
const text = JSON.stringify(configJsonSchema(), null, 2) + '\n'
if (process.argv.includes('--check')) {
  let committed = ''
  try {
    committed = readFileSync(file, 'utf8')
  } catch {
    // missing counts as stale
  }
  if (committed !== text) {
    console.error('schema/framework-radar.schema.json is stale: run `npm run schema` and commit it.')
    process.exit(1)
  }
  console.log('schema/framework-radar.schema.json is up to date')
} else {
  writeFileSync(file, text)
  console.log('wrote schema/framework-radar.schema.json')
}
