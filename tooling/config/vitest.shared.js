import { defineConfig } from 'vitest/config';

/**
 * The per-package vitest config. Tests import sibling packages through the
 * `@org/source` export condition, so nothing has to be built first.
 * (`ssr.resolve.conditions` is the one vitest uses for Node tests; do not add
 * `module`, or the AWS SDK's browser build gets picked.)
 * Plain JavaScript on purpose: Node 20 loads it without a TypeScript loader.
 *
 * @param {string} name the vitest project name
 * @param {import('vitest/config').ViteUserConfig['test']} [overrides]
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function packageConfig(name, overrides = {}) {
  return defineConfig({
    resolve: { conditions: ['@org/source'] },
    ssr: { resolve: { conditions: ['@org/source', 'node', 'default'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
