// Regenerates the generated tables of README.md (between markers): inputs and outputs from action.yml,
// framework keys, weights, metrics and endpoints from the source declarations, so the docs cannot
// drift from the code. __tests__/docs.test.ts fails when README.md is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { actionDocsTables } from './action-docs.js'
import { sourceDocsTables } from './source-docs.js'

const readmeUrl = new URL('../README.md', import.meta.url)
const action = readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
writeFileSync(readmeUrl, sourceDocsTables(actionDocsTables(readFileSync(readmeUrl, 'utf8'), action)))
console.log('README.md tables regenerated from action.yml and the source declarations')
