// The docs cannot drift: README tables come from action.yml, the JSON Schema from the zod schema,
// and the schema accepts every example and rejects a broken config.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import { parse } from 'yaml'
import { configJsonSchema } from '../src/config/json-schema.js'
import { actionDocsTables } from '../scripts/action-docs.js'

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8')

test('README inputs and outputs tables match action.yml (npm run docs)', () => {
  const readme = read('README.md')
  assert.equal(actionDocsTables(readme, read('action.yml')), readme, 'run `npm run docs` and commit README.md')
})

test('action.yml declares every input and output of the contract, each with a description', () => {
  const action = parse(read('action.yml'))
  assert.deepEqual(Object.keys(action.inputs).sort(), [
    'assignees',
    'base',
    'branch',
    'config',
    'draft',
    'dry-run',
    'labels',
    'reviewers',
    'stackexchange-key',
    'title',
    'token'
  ])
  assert.deepEqual(Object.keys(action.outputs).sort(), [
    'changed',
    'pull-request-number',
    'pull-request-operation',
    'pull-request-url',
    'ranking',
    'report-path'
  ])
  for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)] as Array<
    [string, { description?: string }]
  >) {
    assert.ok((spec.description ?? '').length > 10, `${name} has a description`)
  }
  assert.equal(action.runs.using, 'node24')
  assert.equal(action.runs.main, 'dist/index.js')
})

test('the committed JSON Schema is the one generated from the code (npm run schema)', () => {
  assert.equal(read('schema/framework-radar.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`)
})

// A small JSON Schema (draft-7 subset) checker, enough to prove the schema accepts and rejects configs
// the way an editor would. It supports the keywords the generated schema uses.
function validate(schema: any, value: unknown, root: any = schema, path = '$'): string[] {
  if (schema === true || schema === undefined) return []
  if (schema.$ref) return validate(resolve(root, schema.$ref), value, root, path)
  const errors: string[] = []
  if (schema.anyOf && !schema.anyOf.some((s: any) => validate(s, value, root, path).length === 0))
    errors.push(`${path}: matches no alternative`)
  if (schema.oneOf && schema.oneOf.filter((s: any) => validate(s, value, root, path).length === 0).length !== 1)
    errors.push(`${path}: must match exactly one alternative`)
  if (schema.allOf) for (const s of schema.allOf) errors.push(...validate(s, value, root, path))
  const type = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value
  if (schema.type) {
    const types = ([] as string[]).concat(schema.type)
    if (!types.includes(type) && !(type === 'integer' && types.includes('number')))
      return [...errors, `${path}: must be ${types.join('|')}`]
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: not in enum`)
  if (schema.const !== undefined && schema.const !== value) errors.push(`${path}: must be ${schema.const}`)
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${path}: does not match ${schema.pattern}`)
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: too short`)
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: < ${schema.minimum}`)
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: > ${schema.maximum}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: too few items`)
    if (schema.items)
      for (const [i, v] of value.entries()) errors.push(...validate(schema.items, v, root, `${path}[${i}]`))
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}.${key}: required`)
    for (const [key, v] of Object.entries(obj)) {
      if (schema.properties?.[key]) errors.push(...validate(schema.properties[key], v, root, `${path}.${key}`))
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: unknown key`)
      else if (typeof schema.additionalProperties === 'object')
        errors.push(...validate(schema.additionalProperties, v, root, `${path}.${key}`))
    }
  }
  return errors
}

function resolve(root: any, ref: string): any {
  if (ref === '#') return root
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], root)
}

test('the JSON Schema accepts every example config and rejects broken ones', () => {
  const schema = JSON.parse(read('schema/framework-radar.schema.json'))
  const examples = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yml'))
  for (const file of examples) assert.deepEqual(validate(schema, parse(read(`examples/${file}`))), [], file)
  const broken = parse(read('examples/deep-learning.yml'))
  broken.frameworks[0].github = 'tensorflow'
  broken.frameworks[1].stars = 5
  broken.window_days = 0
  const errors = validate(schema, broken)
  assert.ok(
    errors.some((e) => e.startsWith('$.frameworks[0].github')),
    errors.join('\n')
  )
  assert.ok(
    errors.some((e) => e === '$.frameworks[1].stars: unknown key'),
    errors.join('\n')
  )
  assert.ok(
    errors.some((e) => e.startsWith('$.window_days')),
    errors.join('\n')
  )
})
