import { after, before } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { describeStoreContracts } from "./contract-suites.ts";
import { describeMaintenanceLockContract } from "./maintenance-lock.contract.ts";
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

describeMaintenanceLockContract(
  "PostgreSQL (one schema, two pools)",
  {
    async openNodes() {
      const schema = await database.freshSchema();
      const [a, b] = [0, 1].map(() => openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5000, schema }));
      await a!.migrate();
      return [a!, b!];
    },
    async openOther() {
      const store = openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5000, schema: await database.freshSchema() });
      await store.migrate();
      return store;
    },
    // Its session ends (what its process dying does), then PostgreSQL drops the advisory lock: waited for, not timed.
    async leaveBehind(store, name) {
      const locks = store.maintenanceLocks!;
      const held = await locks.take(name, { purpose: "rotate", host: "dead-host", pid: 1, since: new Date(0).toISOString(), token: "dead" });
      await database.query("select pg_terminate_backend($1)", [held.holder.session]);
      while ((await locks.inspect(name)).state === "held") await new Promise((resolve) => setTimeout(resolve, 20));
      return held;
    },
  },
  "node-a",
);
