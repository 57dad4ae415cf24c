import { after, before } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { openPostgresStore } from "./postgres.ts";
import { describeCallbackContract } from "./callbacks.contract.ts";
import { describeRegistrationContract } from "./registration.contract.ts";
import { describeStoreContract } from "./store.contract.ts";

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase("contract");
});
after(async () => {
  await database.drop();
});

const makeStore = async () => {
  const store = openPostgresStore(database.url, { poolSize: 4, timeoutMs: 5000, schema: await database.freshSchema() });
  await store.migrate();
  return store;
};

describeStoreContract("PostgreSQL", makeStore);
describeRegistrationContract("PostgreSQL", makeStore, { concurrentClaimers: true });
describeCallbackContract("PostgreSQL", makeStore);
