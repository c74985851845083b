// JSON Schema of the config, derived from the zod schema (one source of truth).
import { z } from 'zod'
import { configSchema, GROUP_METRICS, SCORE_GROUPS } from './schema.js'

type GroupsSchema = { properties: Record<string, { propertyNames: { enum: string[] } }> }

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' })
  // zod accepts any metric key under a group so that its error can name the right group; editors
  // complete and check each group's own metrics.
  const weights = (schema.properties as Record<string, GroupsSchema>).weights
  for (const group of SCORE_GROUPS) weights.properties[group].propertyNames.enum = GROUP_METRICS[group]
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
