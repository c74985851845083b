// The client lives below publishing and the sources (src/github); these names stay for publish's callers.
export {
  createGitHubClient as createOctokit,
  type GitHubClient as RadarOctokit
} from '../github/client.js'
export { PublishError, RaceLostError, type RepoRef } from './plan.js'
export { type BaseFiles, openBase, readBaseBranchFile, readBotBranchFile, readBotBranchHead } from './read.js'
export { publish, type PublishRequest, type PublishResult } from './publish.js'
