// The HTTP layer every registry source uses (see scope.ts); GitHub has its own client.
export { errorMessage, SourceHttpError, SourceNotFoundError } from './errors.js'
export { openScope, type HttpScope, type TransientVerdict } from './scope.js'
