import { describeStoreContract } from "./store.contract.ts";
import { openSqliteStore } from "./sqlite.ts";

describeStoreContract("SQLite (:memory:)", async () => {
  const store = openSqliteStore(":memory:");
  await store.migrate();
  return store;
});
