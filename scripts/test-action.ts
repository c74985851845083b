// One of npm test's two processes (scripts/test-suite.ts): the files that start the action.
import { registerLane } from './test-suite.js'

registerLane('action')
