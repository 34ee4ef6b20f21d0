import { packageConfig } from '@org/tooling/vitest';

export default packageConfig('worker', { testTimeout: 60_000, fileParallelism: false });
