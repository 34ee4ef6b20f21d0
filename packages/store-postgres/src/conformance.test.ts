import { describeStoresConformance, describeWithService } from '@org/testkit';
import type { PostgresBackendsOptions } from './backends.js';
import { appendThenPublish } from './test-support/append-then-publish.js';
import { freshBackends, postgresService } from './test-support/database.js';

/** The store conformance suite on fresh backends built with `options`. */
function describeConformance(name: string, options: Partial<PostgresBackendsOptions>): void {
  describeStoresConformance({
    name,
    async create() {
      const backends = await freshBackends(options);
      // The bus needs its durable events in the history table; the runtime appends before publishing.
      return { ...backends, bus: appendThenPublish(backends.history, backends.bus) };
    },
    async destroy(backends) {
      await (backends as Awaited<ReturnType<typeof freshBackends>>).close();
    },
  });
}

describeWithService(postgresService, 'store-postgres conformance', () => {
  describeConformance('postgres', {});
  // The same contracts with short statements on pipelined connections.
  describeConformance('postgres (pipelined)', { pipeline: 2 });

  // The runtime acceptance suite on these stores runs in runtime-acceptance.test.ts.
});
