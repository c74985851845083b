// JSON Schema of the config, derived from the zod schema (one source of truth).
import { z } from 'zod'
import { configSchema } from './schema.js'

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<
    string,
    unknown
  >
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/framework-radar/framework-radar/blob/v1/schema/framework-radar.schema.json',
    title: 'framework-radar config',
    description: 'Config of the framework-radar GitHub Action (.github/framework-radar.yml).',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
    // The zod schema says this in a refinement, which JSON Schema cannot derive: one list or the other.
    oneOf: [{ required: ['frameworks'] }, { required: ['categories'] }]
  }
}
