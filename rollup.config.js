// Bundles src/index.ts into the committed dist/index.js (actions/typescript-action recipe).
import { isBuiltin } from 'node:module'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { DIGEST_PREFIX, sourcesDigest } from './scripts/lib/dist-sources.js'

/**
 * `import http from 'http'` in an ES module makes Node build the module's ES facade, which reads
 * every export, lazy getters included: node:http's load Node's own copy of undici (~35 ms at every
 * start). A default-only import of a built-in becomes a require() of it, which reads nothing; a bare one goes.
 */
function requireBuiltins() {
  const IMPORT = /^import (?:([\w$]+) from )?'([\w:/]+)';$/gm
  return {
    name: 'require-builtins',
    renderChunk(code) {
      let replaced = 0
      const out = code.replace(IMPORT, (line, binding, specifier) => {
        if (!isBuiltin(specifier)) return line
        replaced++
        // a bare `import 'path'` (rollup's trace of a module whose value went unused) loads nothing
        return binding ? `const ${binding} = __require(${JSON.stringify(specifier)});` : ''
      })
      if (replaced === 0) return null
      const head = "import { createRequire as __createRequire } from 'node:module';\n"
      return { code: `${head}const __require = __createRequire(import.meta.url);\n${out}`, map: null }
    }
  }
}

export default {
  input: 'src/index.ts',
  output: {
    file: 'dist/index.js',
    format: 'es',
    sourcemap: false,
    inlineDynamicImports: true,
    // npm test rebuilds the bundle only when this digest no longer matches the sources (scripts/fresh-dist.ts)
    footer: `${DIGEST_PREFIX}${sourcesDigest()}`
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.build.json' }),
    // One undici in the bundle (ours, 7.x) instead of three: @actions/github and @actions/http-client
    // each bring a 6.x copy for the same fetch and ProxyAgent APIs (~1.9 MB more to compile at every start).
    nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'], dedupe: ['undici'] }),
    // undici loads node:sqlite lazily for a cache store we never use; hoisted, it would break Node 20.
    commonjs({ ignore: ['node:sqlite'] }),
    json(),
    requireBuiltins()
  ],
  onwarn(warning, warn) {
    if (['CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED', 'INVALID_ANNOTATION'].includes(warning.code)) return
    warn(warning)
  }
}
