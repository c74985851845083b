// One of npm test's three processes (scripts/test-suite.ts): a third of the files that run in this process only.
import { registerLane } from './test-suite.js'

registerLane('in-process-1')
