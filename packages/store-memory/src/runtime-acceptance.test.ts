import { describeRuntimeAcceptance } from '@org/testkit';
import { memoryBackends } from './memory-backends.js';

describeRuntimeAcceptance({ name: 'memory', create: () => memoryBackends() });
