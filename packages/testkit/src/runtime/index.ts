import type { RuntimeBackends } from '@org/core';
import { afterAll, beforeAll, describe } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { runtimeBuilderScenarios } from './acceptance-runtime-builder.js';
import { reliabilityScenarios } from './acceptance-reliability.js';
import { resumeScenarios } from './acceptance-resume.js';
import { turnScenarios } from './acceptance-turns.js';

export { buildFixture, type RuntimeFixture, SINGLE_TOOL_TURN_ORDER } from './runtime-fixture.js';

/**
 * The runtime acceptance suite (the original's runtime scenarios, ported, plus
 * streaming, cancellation, retries and serialisation), run on the backends
 * the target creates. The backends must include a session file system
 * (`files`). Tests create their own sessions, so one backends instance serves
 * the whole suite.
 *
 * @example
 * describeRuntimeAcceptance({ name: 'memory', create: () => ({ ...memoryBackends(), files: new MemorySessionFileSystem() }) });
 */
export function describeRuntimeAcceptance(target: ConformanceTarget<RuntimeBackends>): void {
  describe(`runtime acceptance (${target.name})`, () => {
    let backends: RuntimeBackends | undefined;
    beforeAll(async () => {
      backends = await target.create();
      if (!backends.files) throw new Error(`the "${target.name}" backends need a session file system (files) for the runtime acceptance suite`);
    });
    afterAll(async () => {
      if (backends) await target.destroy?.(backends);
    });
    const get = () => {
      if (!backends) throw new Error('backends not created');
      return backends;
    };
    describe('builders and context (SPEC 11.1)', () => runtimeBuilderScenarios(get));
    describe('turn semantics (SPEC 11.3)', () => turnScenarios(get));
    describe('reliability', () => reliabilityScenarios(get));
    describe('durable progress and idempotent retries', () => resumeScenarios(get));
  });
}
