import { packageConfig } from '@org/tooling/vitest';

// `pg` is CommonJS and requires `pg-pool`; with the shared `import` SSR condition
// that require would pick pg-pool's ESM build and fail, so this package resolves
// without it (the `@org/source` condition, which loads siblings from source, stays).
const config = packageConfig('store-postgres');
config.ssr = { resolve: { conditions: ['@org/source', 'node', 'default'] } };
export default config;
