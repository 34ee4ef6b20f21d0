import { packageConfig } from '@org/tooling/vitest';

export default packageConfig('driver-llmsim');
