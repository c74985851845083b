// Types of dist-sources.js (plain JavaScript: rollup.config.js imports it too).
export declare const DIST_INPUTS: string[]
export declare const DIGEST_PREFIX: string
export declare function sourcesDigest(root?: string): string
