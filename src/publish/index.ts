// The client lives below publishing and the sources (src/github); these names stay for publish's callers.
export {
  createGitHubClient as createOctokit,
  type GitHubClientOptions as CreateOctokitOptions,
  type GitHubClient as RadarOctokit
} from '../github/client.js'
export {
  openBase,
  readBotBranchFile,
  publish,
  PublishError,
  MAX_BODY_CHARS,
  type RepoRef,
  type BaseFiles,
  type PublishRequest,
  type PublishResult
} from './publish.js'
