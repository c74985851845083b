import type { Ranked } from '../model.js'

/** The ranking as aligned plain text for the log (and the CLI preview). */
export function rankingText(ranked: Ranked[]): string {
  const width = Math.max(4, ...ranked.map((r) => r.name.length))
  const rows = ranked.map((r) => {
    const flags = [r.info.missing ? 'missing' : '', r.info.archived ? 'archived' : '', r.stale.length ? 'stale' : '']
      .filter(Boolean)
      .join(', ')
    return (
      `${String(r.rank).padStart(4)}  ${r.name.padEnd(width)}  ` +
      `${r.score.toFixed(1).padStart(5)}${flags ? `  (${flags})` : ''}`
    )
  })
  return [`Ranking:`, `Rank  ${'Name'.padEnd(width)}  Score`, ...rows].join('\n')
}
