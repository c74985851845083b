// Stack Overflow, through the Stack Exchange API: questions with the framework's tag.
import { z } from 'zod'
import { declareSource } from '../declare.js'

export const stackoverflow = declareSource({
  id: 'stackoverflow',
  title: 'Stack Overflow',
  metrics: {
    so_questions: {
      label: 'SO questions',
      column: 'SO questions',
      unit: 'lifetime',
      group: 'popularity',
      cap: 100_000,
      weight: 2,
      figures: { table: 'popularity' }
    },
    so_questions_window: {
      label: 'SO questions (window)',
      column: 'SO questions',
      unit: 'window',
      group: 'activity',
      cap: 500,
      weight: 1,
      figures: { table: 'activity' }
    }
  },
  config: {
    stackoverflow: {
      schema: z
        .string()
        .regex(/^[a-z0-9+#.-]+$/, 'must be a Stack Overflow tag: lowercase letters, digits and + # . -')
        .optional(),
      description: 'Stack Overflow tag: total questions and new questions in the window',
      example: 'tensorflow'
    }
  },
  endpoint: { name: 'stackexchange', default: 'https://api.stackexchange.com/2.3' },
  load: async () => (await import('./index.js')).stackOverflowSource
})
