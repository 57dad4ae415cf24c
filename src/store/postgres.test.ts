import { after, before } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { describeStoreContracts } from "./contract-suites.ts";
import { openPostgresStore } from "./postgres.ts";

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase("contract");
});
after(async () => {
  await database.drop();
});

describeStoreContracts(
  "PostgreSQL",
  async () => {
    const store = openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5000, schema: await database.freshSchema() });
    await store.migrate();
    return store;
  },
  {
    concurrentClaimers: true,
    // Stores of their own pools over one schema: nodes of a cluster racing on the same rows.
    async openNodes(count) {
      const schema = await database.freshSchema();
      const nodes = Array.from({ length: count }, () => openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5000, schema }));
      await nodes[0]!.migrate();
      return nodes;
    },
  },
);
