import { describeStoreContracts } from "./contract-suites.ts";
import { openSqliteStore } from "./sqlite.ts";

describeStoreContracts(
  "SQLite (:memory:)",
  async () => {
    const store = openSqliteStore(":memory:");
    await store.migrate();
    return store;
  },
  { concurrentClaimers: false },
);
