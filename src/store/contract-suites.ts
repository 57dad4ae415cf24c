import type { Store } from "./ports.ts";
import { describeCallbackContract } from "./callbacks.contract.ts";
import { describeLinkVerificationContract } from "./link-verifications.contract.ts";
import { describeOrganizationChangeContract } from "./organization-changes.contract.ts";
import { describePagedListContract } from "./paged-lists.contract.ts";
import { describePlatformContract } from "./platforms.contract.ts";
import { describeRegistrationContract } from "./registration.contract.ts";
import { describeSandboxAndReviewContract } from "./sandbox-and-review.contract.ts";
import { describeSmsMessageContract } from "./sms-messages.contract.ts";
import { describeStoreContract } from "./store.contract.ts";
import { describeWorkQueueContract } from "./work-queues.contract.ts";

/**
 * Every contract suite of the Store port, against one backend. `concurrentClaimers`: the backend lets several
 * claimers work at once (a SQLite connection serializes them). `openNodes`: opens stores over one shared database,
 * like the nodes of a cluster.
 */
export function describeStoreContracts(
  name: string,
  makeStore: () => Promise<Store>,
  options: { concurrentClaimers: boolean; openNodes?: (count: number) => Promise<Store[]> },
): void {
  describeStoreContract(name, makeStore, { concurrentClaimers: options.concurrentClaimers });
  describeRegistrationContract(name, makeStore, { concurrentClaimers: options.concurrentClaimers });
  describeCallbackContract(name, makeStore);
  describeSmsMessageContract(name, makeStore);
  describeLinkVerificationContract(name, makeStore, { openNodes: options.openNodes });
  describeSandboxAndReviewContract(name, makeStore);
  describePlatformContract(name, makeStore);
  describeWorkQueueContract(name, makeStore, { openNodes: options.openNodes });
  describeOrganizationChangeContract(name, makeStore);
  describePagedListContract(name, makeStore);
}
