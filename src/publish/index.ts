export { createOctokit, type CreateOctokitOptions, type RadarOctokit } from './octokit.js'
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
