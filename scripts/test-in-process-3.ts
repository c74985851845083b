// One of npm test's five processes (scripts/test-suite.ts): a third of the files that run in process only.
import { registerLane } from './test-suite.js'

registerLane('in-process-3')
