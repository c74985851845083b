// Renders action.yml's inputs and outputs as markdown tables and splices them into a README.
import { markdownTable } from 'markdown-table'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

export const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ').trim()

export function inputsTable(action: ActionYml): string {
  return markdownTable([
    ['input', 'default', 'meaning'],
    ...Object.entries(action.inputs).map(([name, i]) => [
      `\`${name}\``,
      i.default ? `\`${cell(i.default)}\`` : '(empty)',
      cell(i.description)
    ])
  ])
}

export function outputsTable(action: ActionYml): string {
  return markdownTable([
    ['output', 'value'],
    ...Object.entries(action.outputs).map(([name, o]) => [`\`${name}\``, cell(o.description)])
  ])
}

/** Replaces what lies between `<!-- generated:<name>:start -->` and `<!-- generated:<name>:end -->`. */
export function splice(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name}:start -->`
  const end = `<!-- generated:${name}:end -->`
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${start} … ${end}`)
  return `${text.slice(0, a + start.length)}\n${content}\n${text.slice(b)}`
}

export function actionDocsTables(readme: string, actionYml: string): string {
  const action = parse(actionYml) as ActionYml
  return splice(splice(readme, 'inputs', inputsTable(action)), 'outputs', outputsTable(action))
}
