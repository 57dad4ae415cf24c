import { describeCallbackContract } from "./callbacks.contract.ts";
import { describeHumanStepContract } from "./human-steps.contract.ts";
import { describeRegistrationContract } from "./registration.contract.ts";
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
describeHumanStepContract("SQLite (:memory:)", makeStore);
