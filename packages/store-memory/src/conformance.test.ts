import { describeStoresConformance } from '@org/testkit';
import { memoryBackends } from './memory-backends.js';

describeStoresConformance({
  name: 'memory',
  create: () => memoryBackends(),
  destroy: (backends) => backends.bus?.close(),
});
