import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The per-package vitest config. Tests import sibling packages through the
 * `@org/source` export condition, so nothing has to be built first.
 * (`ssr.resolve.conditions` is the one vitest uses for Node tests; do not add
 * `module`, or the AWS SDK's browser build gets picked.)
 */
export function packageConfig(name: string, overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['@org/source'] },
    ssr: { resolve: { conditions: ['@org/source', 'node', 'import', 'default'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
