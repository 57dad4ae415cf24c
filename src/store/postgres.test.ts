import { after, before } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { openPostgresStore } from "./postgres.ts";
import { describeCallbackContract } from "./callbacks.contract.ts";
import { describeLinkVerificationContract } from "./link-verifications.contract.ts";
import { describeRegistrationContract } from "./registration.contract.ts";
import { describeSandboxAndReviewContract } from "./sandbox-and-review.contract.ts";
import { describeSmsMessageContract } from "./sms-messages.contract.ts";
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
describeSmsMessageContract("PostgreSQL", makeStore);
describeSandboxAndReviewContract("PostgreSQL", makeStore);
// Stores of their own pools over one schema: nodes of a cluster racing on the same rows.
const openNodes = async (count: number) => {
  const schema = await database.freshSchema();
  const nodes = Array.from({ length: count }, () => openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5000, schema }));
  await nodes[0]!.migrate();
  return nodes;
};

describeLinkVerificationContract("PostgreSQL", makeStore, { openNodes });
