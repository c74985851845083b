// `npm run preview`: the CLI (`framework-radar --config … --dry-run`) against the bundled stand-ins,
// exactly as a user runs it against the real services. Writes the report into .demo/preview/.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../standins/runner.js'
import { DEMO_TOKEN, startWorld } from '../standins/world.js'

const config = path.resolve(ROOT, process.argv[2] ?? 'examples/deep-learning.yml')
const cwd = path.join(ROOT, '.demo', 'preview')
mkdirSync(cwd, { recursive: true })
const world = await startWorld()
try {
  const cli = spawn(process.execPath, [path.join(ROOT, 'bin', 'framework-radar.js'), '--config', config, '--dry-run'], {
    cwd,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...world.env,
      GITHUB_TOKEN: DEMO_TOKEN,
      FRAMEWORK_RADAR_NOW: '2026-11-23T06:17:00Z',
      GITHUB_REPOSITORY: '',
      GITHUB_WORKSPACE: cwd
    }
  })
  process.exitCode = await new Promise<number>((resolve) => cli.on('close', (code) => resolve(code ?? 1)))
  console.log(`\nReport written to ${path.relative(ROOT, cwd)}/`)
} finally {
  await world.close()
}
