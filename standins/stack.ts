// The repositories and registry entries of examples/deep-learning-stack.yml that the deep-learning
// world does not have yet (high-level APIs and model servers), with plausible 2026 numbers. The demo
// and the tests of categories and several configs add them to the world.
import { spread, type RepoFixture } from './github/metrics.js'
import { type RegistryData, syntheticPypiProject } from './registries.js'

interface Spec {
  slug: string
  created: string
  language: string
  license: [string, string]
  stars: number
  forks: number
  contributors: number
  /** commits and closed issues in the last 90 days */
  commits90: number
  closed90: number
  /** days since each recent release, newest first */
  releases: number[]
  releaseCount: number
  description: string
}

const APACHE: [string, string] = ['Apache-2.0', 'Apache License 2.0']

const SPECS: Spec[] = [
  {
    slug: 'Lightning-AI/pytorch-lightning',
    created: '2019-03-31T00:45:57Z',
    language: 'Python',
    license: APACHE,
    stars: 29_870,
    forks: 3_530,
    contributors: 1_010,
    commits90: 240,
    closed90: 160,
    releases: [14, 60, 110, 170, 250, 330],
    releaseCount: 190,
    description: 'Pretrain, finetune and deploy AI models on multiple GPUs, TPUs with zero code changes.'
  },
  {
    slug: 'fastai/fastai',
    created: '2017-09-09T17:43:36Z',
    language: 'Jupyter Notebook',
    license: APACHE,
    stars: 27_310,
    forks: 7_690,
    contributors: 680,
    commits90: 35,
    closed90: 20,
    releases: [95, 300],
    releaseCount: 140,
    description: 'The fastai deep learning library'
  },
  {
    slug: 'google/flax',
    created: '2020-01-10T09:48:37Z',
    language: 'Python',
    license: APACHE,
    stars: 6_890,
    forks: 730,
    contributors: 290,
    commits90: 310,
    closed90: 70,
    releases: [20, 55, 90, 140, 200, 280],
    releaseCount: 60,
    description: 'Flax is a neural network library for JAX that is designed for flexibility.'
  },
  {
    slug: 'tensorflow/serving',
    created: '2016-01-06T23:19:51Z',
    language: 'C++',
    license: APACHE,
    stars: 6_340,
    forks: 2_200,
    contributors: 300,
    commits90: 110,
    closed90: 25,
    releases: [40, 190, 330],
    releaseCount: 150,
    description: 'A flexible, high-performance serving system for machine learning models'
  },
  {
    slug: 'pytorch/serve',
    created: '2019-10-03T19:06:34Z',
    language: 'Java',
    license: APACHE,
    stars: 4_380,
    forks: 880,
    contributors: 200,
    commits90: 4,
    closed90: 6,
    releases: [250],
    releaseCount: 40,
    description: 'Serve, optimize and scale PyTorch models in production'
  },
  {
    slug: 'triton-inference-server/server',
    created: '2018-10-04T21:10:30Z',
    language: 'Python',
    license: ['BSD-3-Clause', 'BSD 3-Clause "New" or "Revised" License'],
    stars: 9_930,
    forks: 1_620,
    contributors: 160,
    commits90: 190,
    closed90: 120,
    releases: [25, 55, 85, 120, 150, 180, 215, 245, 280, 310, 340],
    releaseCount: 120,
    description: 'The Triton Inference Server provides an optimized cloud and edge inferencing solution.'
  },
  {
    slug: 'bentoml/BentoML',
    created: '2019-04-02T01:39:27Z',
    language: 'Python',
    license: APACHE,
    stars: 7_900,
    forks: 870,
    contributors: 230,
    commits90: 150,
    closed90: 45,
    releases: [10, 30, 60, 95, 130, 170, 220, 270, 330],
    releaseCount: 180,
    description: 'The easiest way to serve AI apps and models'
  },
  {
    slug: 'kserve/kserve',
    created: '2019-03-27T19:07:24Z',
    language: 'Python',
    license: APACHE,
    stars: 4_400,
    forks: 1_200,
    contributors: 280,
    commits90: 95,
    closed90: 60,
    releases: [30, 90, 160, 250],
    releaseCount: 80,
    description: 'Standardized Serverless ML Inference Platform on Kubernetes'
  }
]

function fixture(s: Spec): RepoFixture {
  const [, name] = s.slug.split('/')
  return {
    nameWithOwner: s.slug,
    createdAt: s.created,
    pushedDaysAgo: s.commits90 > 10 ? 0.5 : 12,
    description: s.description,
    license: { spdxId: s.license[0], name: s.license[1] },
    primaryLanguage: s.language,
    topics: ['deep-learning', 'machine-learning'],
    stars: s.stars,
    forks: s.forks,
    watchers: Math.round(s.stars / 40),
    openIssues: Math.round(s.stars / 30),
    closedIssues: Math.round(s.stars / 4),
    openPullRequests: Math.round(s.stars / 200),
    closedPullRequests: Math.round(s.stars / 25),
    mergedPullRequests: Math.round(s.stars / 6),
    commitDaysAgo: spread(s.commits90, 90),
    closedIssueDaysAgo: spread(s.closed90, 90),
    releaseCount: s.releaseCount,
    releases: s.releases.map((daysAgo, i) => ({ tagName: `${name.toLowerCase()}-v${s.releaseCount - i}`, daysAgo })),
    contributors: s.contributors
  }
}

/** The repositories examples/deep-learning-stack.yml adds to the deep-learning world. */
export const stackRepos: RepoFixture[] = SPECS.map(fixture)

/** Registry entries of those frameworks (merged into the deep-learning registry data). */
const STACK_PYPI: Record<string, number> = {
  lightning: 9_402_118,
  fastai: 610_334,
  flax: 2_104_876,
  'tensorflow-serving-api': 3_880_145,
  torchserve: 120_772,
  tritonclient: 2_960_012,
  bentoml: 510_447,
  kserve: 402_991
}

export const stackRegistryData: RegistryData = {
  tags: {
    'pytorch-lightning': { count: 1_412, windowCount: 18 },
    'fast-ai': { count: 1_077, windowCount: 4 }
  },
  pypi: STACK_PYPI,
  // Package metadata for PyPI's JSON API: synthetic, one of each project above.
  pypiProjects: Object.fromEntries(Object.keys(STACK_PYPI).map((name) => [name, syntheticPypiProject(name, 6)])),

  docker: {
    'tensorflow/serving': 121_004_332,
    'pytorch/torchserve': 3_880_412,
    'bentoml/model-server': 1_230_009
  }
}

/** Two registry data sets in one (the second's entries added to the first's), every kind of data included. */
export function mergeRegistryData(a: RegistryData, b: RegistryData): RegistryData {
  const merged: Record<string, Record<string, unknown>> = {}
  const kinds = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof RegistryData>
  for (const kind of kinds) merged[kind] = { ...a[kind], ...b[kind] }
  return merged as RegistryData
}
