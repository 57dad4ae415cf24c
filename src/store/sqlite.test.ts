import { describeCallbackContract } from "./callbacks.contract.ts";
import { describeLinkVerificationContract } from "./link-verifications.contract.ts";
import { describeRegistrationContract } from "./registration.contract.ts";
import { describeSandboxAndReviewContract } from "./sandbox-and-review.contract.ts";
import { describeSmsMessageContract } from "./sms-messages.contract.ts";
import { describeStoreContract } from "./store.contract.ts";
import { openSqliteStore } from "./sqlite.ts";

const makeStore = async () => {
  const store = openSqliteStore(":memory:");
  await store.migrate();
  return store;
};

describeStoreContract("SQLite (:memory:)", makeStore);
describeRegistrationContract("SQLite (:memory:)", makeStore, { concurrentClaimers: false });
describeCallbackContract("SQLite (:memory:)", makeStore);
describeSmsMessageContract("SQLite (:memory:)", makeStore);
describeLinkVerificationContract("SQLite (:memory:)", makeStore);
describeSandboxAndReviewContract("SQLite (:memory:)", makeStore);
