import { describeRuntimeAcceptance } from '@org/testkit';
import { memoryBackends } from './memory-backends.js';
import { MemorySessionFileSystem } from './memory-file-system.js';

describeRuntimeAcceptance({ name: 'memory', create: () => ({ ...memoryBackends(), files: new MemorySessionFileSystem() }) });
