// Puts the rendered block into the report file, keeping everything outside the markers.
export const START_MARKER = '<!-- framework-radar:start -->'
export const END_MARKER = '<!-- framework-radar:end -->'

/**
 * When `existing` holds the start marker followed later by the end marker, only the text from the
 * start marker to the end marker (inclusive) is replaced by `block`; every byte before and after is
 * kept. In a CRLF file the block is written with CRLF too, so the file keeps one line-ending style.
 *
 * Otherwise (no file, no markers, or only one of them, or in the wrong order) the file is
 * (re)written as `block` plus a final newline, as the product contract says. Text of a file without
 * markers is therefore replaced: add the markers to such a file by hand to keep your own text
 * around the report.
 */
export function spliceReport(existing: string | undefined, block: string): string {
  if (existing !== undefined) {
    const start = existing.indexOf(START_MARKER)
    const end = start < 0 ? -1 : existing.indexOf(END_MARKER, start + START_MARKER.length)
    if (start >= 0 && end >= 0) {
      const crlf = usesCrlf(existing)
      const body = crlf ? block.replace(/\r?\n/g, '\r\n') : block
      return existing.slice(0, start) + body + existing.slice(end + END_MARKER.length)
    }
  }
  return `${block}\n`
}

/** True when the file's first line break is CRLF. */
function usesCrlf(text: string): boolean {
  const nl = text.indexOf('\n')
  return nl > 0 && text[nl - 1] === '\r'
}
