// Stand-ins for the package registries' metadata APIs, served by the registries server
// (standins/registries.ts): PyPI's JSON API (GET /pypi/{project}/json, names looked up PEP 503
// normalised, 404 {"message":"Not Found"}) and the npm registry's package document (GET /{name},
// a scoped name as ONE path segment "@scope%2Fname", 404 {"error":"Not found"}).

export interface PypiProjectFixture {
  name: string
  version: string
  /** Upload time of the latest version's files. */
  uploaded: string
  license?: string | null
  license_expression?: string
  requires_python?: string
  requires_dist?: string[]
  classifiers?: string[]
  /** File names of the latest version (wheels and sdist). */
  files: string[]
}

export interface NpmPackageFixture {
  latest: string
  /** Publication time of every version. */
  time: Record<string, string>
  license?: string | { type: string }
  /** dependencies of the latest version */
  dependencies: Record<string, string>
}

export interface PackageData {
  pypiProjects?: Record<string, PypiProjectFixture>
  npmPackages?: Record<string, NpmPackageFixture>
}

export interface JsonReply {
  status: number
  value: unknown
}

export function pypiJsonReply(data: PackageData, path: string): JsonReply {
  const match = /^\/pypi\/([^/]+)\/json\/?$/.exec(path)
  const project = match ? findPypi(data, decodeURIComponent(match[1])) : undefined
  if (!project) return { status: 404, value: { message: 'Not Found' } }
  return {
    status: 200,
    value: {
      info: {
        name: project.name,
        version: project.version,
        license: project.license ?? null,
        ...(project.license_expression ? { license_expression: project.license_expression } : {}),
        requires_python: project.requires_python ?? null,
        requires_dist: project.requires_dist ?? null,
        classifiers: project.classifiers ?? [],
        summary: `${project.name} package`,
        yanked: false
      },
      last_serial: 1,
      urls: project.files.map((filename) => ({
        filename,
        packagetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
        python_version: filename.endsWith('.whl') ? (filename.split('-').at(-3) ?? 'py3') : 'source',
        upload_time_iso_8601: project.uploaded,
        yanked: false
      })),
      vulnerabilities: []
    }
  }
}

/**
 * PEP 503 normalisation, as PyPI and pypistats store names. The stand-ins keep their own copy (not
 * src/'s): they model the services, so a mistake in the action's normalisation still shows.
 */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

function findPypi(data: PackageData, name: string): PypiProjectFixture | undefined {
  const key = normalizePypiName(name)
  const projects = data.pypiProjects ?? {}
  return Object.hasOwn(projects, key) ? projects[key] : undefined
}

/** GET /{name}: "@scope%2Fname" is the scoped form; "/@scope/name" (two segments) is not a package document. */
export function npmRegistryReply(data: PackageData, rawPath: string): JsonReply {
  const segments = rawPath.replace(/^\/+/, '').split('/')
  const name = segments.length === 1 ? decodeURIComponent(segments[0]) : undefined
  const packages = data.npmPackages ?? {}
  const pkg = name !== undefined && Object.hasOwn(packages, name) ? packages[name] : undefined
  if (!pkg || name === undefined) return { status: 404, value: { error: 'Not found' } }
  const versions = Object.fromEntries(
    Object.keys(pkg.time).map((version) => [
      version,
      {
        name,
        version,
        license: pkg.license,
        dependencies: version === pkg.latest ? pkg.dependencies : {},
        dist: { tarball: `https://registry.example/${name}/-/${version}.tgz` }
      }
    ])
  )
  const times = Object.values(pkg.time).sort()
  return {
    status: 200,
    value: {
      _id: name,
      name,
      'dist-tags': { latest: pkg.latest },
      versions,
      time: { created: times[0], modified: times.at(-1), ...pkg.time },
      license: pkg.license
    }
  }
}

const PY = (versions: string[]) => [
  'Programming Language :: Python :: 3',
  ...versions.map((v) => `Programming Language :: Python :: ${v}`),
  'Operating System :: OS Independent'
]
const wheels = (name: string, version: string, tags: string[]) => [
  ...tags.map((t) => `${name}-${version}-${t}.whl`),
  `${name}-${version}.tar.gz`
]

/** Package metadata of the frameworks of examples/deep-learning.yml (as the registries stated it in late 2026). */
export const deepLearningPackageData: PackageData = {
  pypiProjects: {
    tensorflow: {
      name: 'tensorflow',
      version: '2.20.0',
      uploaded: '2026-08-13T17:04:11.000000Z',
      license: 'Apache 2.0',
      requires_python: '>=3.9',
      requires_dist: [
        'absl-py>=1.0.0',
        'astunparse>=1.6.0',
        'flatbuffers>=24.3.25',
        'gast!=0.5.0,!=0.5.1,!=0.5.2,>=0.2.1',
        'google_pasta>=0.1.1',
        'libclang>=13.0.0',
        'opt_einsum>=2.3.2',
        'packaging',
        'protobuf>=5.28.0',
        'requests<3,>=2.21.0',
        'setuptools',
        'six>=1.12.0',
        'termcolor>=1.1.0',
        'typing_extensions>=3.6.6',
        'wrapt>=1.11.0',
        'grpcio<2.0,>=1.24.3',
        'tensorboard~=2.20.0',
        'keras>=3.10.0',
        'numpy>=1.26.0',
        'h5py>=3.11.0',
        'ml_dtypes<1.0.0,>=0.5.1',
        'nvidia-cublas-cu12==12.5.3.2; extra == "and-cuda"',
        'nvidia-cudnn-cu12==9.3.0.75; extra == "and-cuda"'
      ],
      classifiers: [
        ...PY(['3.9', '3.10', '3.11', '3.12', '3.13']),
        'License :: OSI Approved :: Apache Software License'
      ],
      files: wheels(
        'tensorflow',
        '2.20.0',
        ['cp39', 'cp310', 'cp311', 'cp312', 'cp313'].flatMap((py) => [
          `${py}-${py}-manylinux_2_17_x86_64.manylinux2014_x86_64`,
          `${py}-${py}-manylinux_2_17_aarch64.manylinux2014_aarch64`,
          `${py}-${py}-macosx_12_0_arm64`,
          `${py}-${py}-win_amd64`
        ])
      )
    },
    torch: {
      name: 'torch',
      version: '2.9.1',
      uploaded: '2026-11-12T15:20:44.000000Z',
      license_expression: 'BSD-3-Clause',
      requires_python: '>=3.10',
      requires_dist: [
        'filelock',
        'typing-extensions>=4.10.0',
        'setuptools; python_version >= "3.12"',
        'sympy>=1.13.3',
        'networkx>=2.5.1',
        'jinja2',
        'fsspec>=0.8.5',
        'nvidia-cuda-runtime-cu12==12.8.90; platform_system == "Linux"',
        'nvidia-cudnn-cu12==9.10.2.21; platform_system == "Linux"',
        'triton==3.5.1; platform_system == "Linux"',
        'optree>=0.13.0; extra == "optree"',
        'opt-einsum>=3.3; extra == "opt-einsum"'
      ],
      classifiers: PY(['3.10', '3.11', '3.12', '3.13', '3.14']),
      files: wheels(
        'torch',
        '2.9.1',
        ['cp310', 'cp311', 'cp312', 'cp313', 'cp314'].flatMap((py) => [
          `${py}-${py}-manylinux_2_28_x86_64`,
          `${py}-${py}-manylinux_2_28_aarch64`,
          `${py}-none-macosx_11_0_arm64`,
          `${py}-${py}-win_amd64`
        ])
      ).filter((f) => !f.endsWith('.tar.gz'))
    },
    keras: {
      name: 'keras',
      version: '3.12.0',
      uploaded: '2026-10-27T20:15:09.000000Z',
      license: 'Apache License 2.0',
      requires_python: '>=3.10',
      requires_dist: ['absl-py', 'numpy', 'rich', 'namex', 'h5py', 'optree', 'ml-dtypes', 'packaging'],
      classifiers: PY(['3.10', '3.11', '3.12', '3.13']),
      files: wheels('keras', '3.12.0', ['py3-none-any'])
    },
    jax: {
      name: 'jax',
      version: '0.8.1',
      uploaded: '2026-11-18T21:02:37.000000Z',
      license_expression: 'Apache-2.0',
      requires_python: '>=3.11',
      requires_dist: [
        'jaxlib<=0.8.1,>=0.8.1',
        'ml_dtypes>=0.5.0',
        'numpy>=2.0',
        'opt_einsum',
        'scipy>=1.13',
        'jaxlib==0.8.1; extra == "minimum-jaxlib"',
        'jax-cuda12-plugin[with-cuda]<=0.8.1,>=0.8.1; extra == "cuda12"'
      ],
      classifiers: PY(['3.11', '3.12', '3.13', '3.14']),
      files: wheels('jax', '0.8.1', ['py3-none-any'])
    },
    mxnet: {
      name: 'mxnet',
      version: '1.9.1',
      uploaded: '2022-05-10T18:33:50.000000Z',
      license: 'Apache 2.0',
      requires_dist: ['numpy<2.0.0,>1.16.0', 'requests<3,>=2.20.0', 'graphviz<0.9.0,>=0.8.1'],
      classifiers: PY(['3.5', '3.6', '3.7', '3.8']),
      files: wheels('mxnet', '1.9.1', [
        'py3-none-manylinux2014_x86_64',
        'py3-none-manylinux2014_aarch64',
        'py3-none-macosx_10_13_x86_64'
      ])
    },
    theano: {
      name: 'Theano',
      version: '1.0.5',
      uploaded: '2020-07-27T16:20:15.000000Z',
      license: 'BSD',
      requires_dist: ['numpy>=1.9.1', 'scipy>=0.14', 'six>=1.9.0'],
      classifiers: PY(['2.7', '3.4', '3.5', '3.6']),
      files: ['Theano-1.0.5.tar.gz']
    },
    cntk: {
      name: 'cntk',
      version: '2.7',
      uploaded: '2019-04-26T18:05:52.000000Z',
      license: 'MIT',
      requires_dist: ['numpy>=1.11', 'scipy>=0.17'],
      classifiers: PY(['3.5', '3.6', '3.7']),
      files: ['cp35-cp35m', 'cp36-cp36m', 'cp37-cp37m'].flatMap((py) => [
        `cntk-2.7-${py}-manylinux1_x86_64.whl`,
        `cntk-2.7-${py}-win_amd64.whl`
      ])
    },
    nervananeon: {
      name: 'nervananeon',
      version: '2.4.0',
      uploaded: '2017-11-13T19:44:02.000000Z',
      license: 'Apache 2.0',
      requires_dist: ['numpy', 'h5py', 'appdirs', 'six', 'requests', 'configargparse', 'pillow', 'future'],
      classifiers: PY(['2.7', '3.5']),
      files: ['nervananeon-2.4.0.tar.gz']
    }
  },
  npmPackages: {
    '@tensorflow/tfjs': {
      latest: '4.22.0',
      time: {
        '4.20.0': '2024-06-03T21:11:50.000Z',
        '4.21.0': '2024-08-28T18:47:11.000Z',
        '4.22.0': '2024-10-21T17:31:05.000Z'
      },
      license: 'Apache-2.0',
      dependencies: {
        '@tensorflow/tfjs-backend-cpu': '4.22.0',
        '@tensorflow/tfjs-backend-webgl': '4.22.0',
        '@tensorflow/tfjs-converter': '4.22.0',
        '@tensorflow/tfjs-core': '4.22.0',
        '@tensorflow/tfjs-data': '4.22.0',
        '@tensorflow/tfjs-layers': '4.22.0',
        argparse: '^1.0.10',
        chalk: '^4.1.0',
        'core-js': '3.29.1',
        'regenerator-runtime': '^0.13.5',
        yargs: '^16.0.3'
      }
    }
  }
}
