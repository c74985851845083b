// Entry point the Actions runner starts (bundled into dist/index.js).
import { setFlagsFromString } from 'node:v8'

// `runs.using: node24` cannot pass node flags. A small young generation keeps the peak RSS of
// large runs (1,000 frameworks) low; the live heap is only ~25 MB. Must run before the work starts.
setFlagsFromString('--max-semi-space-size=1')
setFlagsFromString('--optimize-for-size')

const { run } = await import('./main.js')
// Not awaited (run() never rejects): in the bundle, the collectors each source loads on demand
// (src/sources/<id>/declaration.ts `load`) are evaluated after this line, so the module body must
// finish before the run reaches them.
void run()
