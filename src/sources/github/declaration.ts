// GitHub: the one source every framework has (its `github` key is required).
import { z } from 'zod'
import { declareSource } from '../declare.js'

const repoSlug = z
  .string()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name" of a GitHub repository, e.g. "pytorch/pytorch"')
  .refine((s) => !s.endsWith('.git'), 'must not end with ".git"')

export const github = declareSource({
  id: 'github',
  title: 'GitHub',
  metrics: {
    stars: {
      label: 'Stars',
      column: 'Stars',
      unit: 'lifetime',
      group: 'popularity',
      cap: 100_000,
      weight: 3,
      figures: { table: 'popularity' }
    },
    forks: {
      label: 'Forks',
      column: 'Forks',
      unit: 'lifetime',
      group: 'popularity',
      cap: 30_000,
      weight: 1,
      figures: { table: 'popularity' }
    },
    watchers: {
      label: 'Watchers',
      column: 'Watchers',
      unit: 'lifetime',
      group: 'popularity',
      cap: 5_000,
      weight: 0,
      figures: { table: 'popularity', onlyWeighted: true }
    },
    contributors: {
      label: 'Contributors',
      column: 'Contributors',
      unit: 'lifetime',
      group: 'activity',
      cap: 2_000,
      weight: 2,
      figures: { table: 'activity' }
    },
    commits_window: {
      label: 'Commits (window)',
      column: 'Commits',
      unit: 'window',
      group: 'activity',
      cap: 1_000,
      weight: 3,
      figures: { table: 'activity' }
    },
    open_issues: { label: 'Open issues', column: 'Open issues', unit: 'now', group: 'activity', cap: 5_000 },
    closed_issues: {
      label: 'Closed issues',
      column: 'Closed issues',
      unit: 'lifetime',
      group: 'activity',
      cap: 50_000
    },
    closed_issues_window: {
      label: 'Issues closed (window)',
      column: 'Issues closed',
      unit: 'window',
      group: 'activity',
      cap: 500,
      weight: 1,
      figures: { table: 'activity', onlyWeighted: true }
    },
    releases: { label: 'Releases', column: 'Releases', unit: 'lifetime', group: 'activity', cap: 500 },
    releases_365d: {
      label: 'Releases (365 d)',
      column: 'Releases',
      unit: '/365 d',
      group: 'activity',
      cap: 24,
      weight: 1,
      figures: { table: 'activity', onlyWeighted: true }
    },
    open_prs: { label: 'Open PRs', column: 'Open PRs', unit: 'now', group: 'activity', cap: 1_000 },
    merged_prs: {
      label: 'Merged PRs',
      column: 'Merged PRs',
      unit: 'lifetime',
      group: 'activity',
      cap: 50_000,
      weight: 0,
      figures: { table: 'activity', onlyWeighted: true }
    }
  },
  config: {
    github: {
      schema: repoSlug,
      description: 'required, `owner/name`; a renamed repository is followed (and a notice says so)',
      example: 'tensorflow/tensorflow',
      // GitHub names are case-insensitive.
      canonical: (value: string) => value.toLowerCase()
    }
  },
  load: async () => (await import('./index.js')).githubSource
})
