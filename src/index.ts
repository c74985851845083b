// Entry point the Actions runner starts (bundled into dist/index.js).
import { run } from './main.js'

await run()
