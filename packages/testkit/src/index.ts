export type { ConformanceTarget } from './conformance-target.js';
export { describeWithService, inCi, probeService, type ServiceStatus } from './services.js';
export { killSpawnedChildren, spawnTypeScript, type TypeScriptChild } from './child-process.js';
export * from './stores/index.js';
export * from './bus/index.js';
export * from './file-system/index.js';
export * from './runtime/index.js';
