// One of npm test's two processes (scripts/test-suite.ts): the files that run in this process only.
import { registerLane } from './test-suite.js'

registerLane('in-process')
