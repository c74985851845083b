// Workflow annotations where a runner reads them (GITHUB_ACTIONS=true), plain lines elsewhere: in a
// terminal `::warning::…` is noise, `warning: …` is what a CLI prints.
import * as core from '@actions/core'

function onRunner(): boolean {
  return process.env.GITHUB_ACTIONS === 'true'
}

export function warning(message: string): void {
  if (onRunner()) core.warning(message)
  else process.stdout.write(`warning: ${message}\n`)
}

export function notice(message: string): void {
  if (onRunner()) core.notice(message)
  else process.stdout.write(`notice: ${message}\n`)
}
