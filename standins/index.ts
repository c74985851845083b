// Local stand-ins for the services framework-radar talks to (tests, demo, benchmarks).
export {
  startGitHubStandin,
  type GitHubStandin,
  type GitHubStandinOptions,
  type RequestLogEntry,
  type StandinRequest,
  type StandinResponse,
  type StandinHandler,
  type FaultInjector
} from './github/server.js'
export { Faults, mulberry32, type FaultKind, type FaultOptions } from './github/faults.js'
export { RepoState, gitBlobSha, ACTIONS_BOT, HUMAN, type PullRequest, type SiteOptions } from './github/state.js'
export { paginate, errorResponse, type Permissions } from './github/rest.js'
export {
  createMetricsHandler,
  deepLearningRepos,
  syntheticRepos,
  type RepoFixture,
  type ReleaseFixture
} from './github/metrics.js'
export * from './registries.js'
export { SecondaryLimits, maxPointsInWindow, type SecondaryLimitOptions } from './github/limits.js'
export { startProxyStandin, type ProxiedRequest, type ProxyStandin, type ProxyStandinOptions } from './proxy.js'
