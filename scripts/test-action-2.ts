// One of npm test's five processes (scripts/test-suite.ts): half of the files that start the action.
import { registerLane } from './test-suite.js'

registerLane('action-2')
