// Writes schema/framework-radar.schema.json from the zod schema the code validates with, so editors
// (yaml-language-server) complete and check the config. __tests__/docs.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs'
import { configJsonSchema } from '../src/config/json-schema.js'

writeFileSync(
  new URL('../schema/framework-radar.schema.json', import.meta.url),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`
)
console.log('wrote schema/framework-radar.schema.json')
