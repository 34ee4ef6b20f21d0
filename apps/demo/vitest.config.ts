import { packageConfig } from '@org/tooling/vitest';

// `pg` (through @org/store-postgres) is CommonJS and requires `pg-pool`; with the shared
// `import` SSR condition that require would pick pg-pool's ESM build and fail, so the demo
// resolves without it, as store-postgres does (`@org/source` still loads siblings from source).
const config = packageConfig('demo');
config.ssr = { resolve: { conditions: ['@org/source', 'node', 'default'] } };
export default config;
