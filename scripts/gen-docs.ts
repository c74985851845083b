// Regenerates the inputs and outputs tables in README.md from action.yml (between markers),
// so the docs cannot drift from the action. `--check` fails when README.md is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { actionDocsTables } from './action-docs.js'

const readmeUrl = new URL('../README.md', import.meta.url)
const readme = readFileSync(readmeUrl, 'utf8')
const action = readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
const updated = actionDocsTables(readme, action)
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md inputs/outputs tables differ from action.yml: run `npm run docs` and commit README.md.')
    process.exit(1)
  }
  console.log('README.md tables match action.yml')
} else {
  writeFileSync(readmeUrl, updated)
  console.log('README.md tables regenerated from action.yml')
}
