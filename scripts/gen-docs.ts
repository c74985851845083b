// Regenerates the inputs and outputs tables in README.md from action.yml (between markers), so the
// docs cannot drift from the action. __tests__/docs.test.ts fails when README.md is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { actionDocsTables } from './action-docs.js'

const readmeUrl = new URL('../README.md', import.meta.url)
const action = readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
writeFileSync(readmeUrl, actionDocsTables(readFileSync(readmeUrl, 'utf8'), action))
console.log('README.md tables regenerated from action.yml')
