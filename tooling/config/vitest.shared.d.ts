import type { ViteUserConfig } from 'vitest/config';

/** The per-package vitest config (see vitest.shared.js). */
export declare function packageConfig(name: string, overrides?: ViteUserConfig['test']): ViteUserConfig;
