import { describeStoresConformance, describeWithService } from '@org/testkit';
import { appendThenPublish } from './test-support/append-then-publish.js';
import { freshBackends, postgresService } from './test-support/database.js';

describeWithService(postgresService, 'store-postgres conformance', () => {
  describeStoresConformance({
    name: 'postgres',
    async create() {
      const backends = await freshBackends();
      // The bus needs its durable events in the history table; the runtime appends before publishing.
      return { ...backends, bus: appendThenPublish(backends.history, backends.bus) };
    },
    async destroy(backends) {
      await (backends as Awaited<ReturnType<typeof freshBackends>>).close();
    },
  });

  // The same contracts with short statements on pipelined connections.
  describeStoresConformance({
    name: 'postgres (pipelined)',
    async create() {
      const backends = await freshBackends({ pipeline: 2 });
      return { ...backends, bus: appendThenPublish(backends.history, backends.bus) };
    },
    async destroy(backends) {
      await (backends as Awaited<ReturnType<typeof freshBackends>>).close();
    },
  });

  // The runtime acceptance suite on these stores runs in runtime-acceptance.test.ts.
});
