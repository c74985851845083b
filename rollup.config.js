// Bundles src/index.ts into the committed dist/index.js (actions/typescript-action recipe).
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

export default {
  input: 'src/index.ts',
  output: { file: 'dist/index.js', format: 'es', sourcemap: false, inlineDynamicImports: true },
  plugins: [
    typescript({ tsconfig: './tsconfig.build.json' }),
    // One undici in the bundle (ours, 7.x) instead of three: @actions/github and @actions/http-client
    // each bring a 6.x copy for the same fetch and ProxyAgent APIs (~1.9 MB more to compile at every start).
    nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'], dedupe: ['undici'] }),
    // undici loads node:sqlite lazily for a cache store we never use; hoisted, it would break Node 20.
    commonjs({ ignore: ['node:sqlite'] }),
    json()
  ],
  onwarn(warning, warn) {
    if (['CIRCULAR_DEPENDENCY', 'THIS_IS_UNDEFINED', 'INVALID_ANNOTATION'].includes(warning.code)) return
    warn(warning)
  }
}
