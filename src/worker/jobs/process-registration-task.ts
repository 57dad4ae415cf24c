import { emitOrganizationAuthorization } from "../../domain/callbacks/index.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { verificationFaults } from "../../domain/faults.ts";
import { DAY_MS, issueLinks } from "../../domain/links.ts";
import type { AuthFlowRecord, RegistrationTaskRecord, Store } from "../../store/ports.ts";
import { inTransaction } from "../../domain/transaction.ts";

export const REGISTRATION_LINK_TTL_MS = 7 * DAY_MS;

/**
 * Verifies each enterprise of a claimed task against the registry and moves its sub-task to Create (with its
 * link) or Failed, then completes the task — all in one transaction, so a crash anywhere leaves the task
 * exactly as it was and the next claim finishes it once. Each created flow queues an OrganizationAuthorization
 * callback in that same transaction. The task's injected faults are one lookup and its links one INSERT, whatever
 * the number of enterprises (scenario 4 of issue 13: the worker must keep up with 50 tasks of 10 a second).
 */
export async function processRegistrationTask(deps: DomainDeps, task: RegistrationTaskRecord): Promise<void> {
  await inTransaction(deps, async (transaction) => {
    const tx = { ...transaction, store: withCallbackConfigOnce(transaction.store) };
    const { store } = tx;
    const now = deps.clock.now();
    // Overlapping runs (a worker that outlived its lease and the one that took over) queue here; whichever
    // comes second finds the task done or claimed by someone else and changes nothing.
    const current = await store.lockRegistrationTask(task.id);
    if (!current || current.state === "done" || current.leaseUntil !== task.leaseUntil) return 0;
    // Cleared (DeleteOrganizationAuthorizations) before it was processed: it gets no link.
    const flows = (await store.findAuthFlows(task.organizationId, { taskId: task.id })).filter((flow) => flow.status === "Processing" && flow.state !== "cleared");
    // A failure the sandbox tenant injected for an enterprise wins over what the registry would say.
    const injected = await verificationFaults(tx, task.organizationId, flows);
    const verified: AuthFlowRecord[] = [];
    for (const [i, flow] of flows.entries()) {
      const verdict = injected[i]
        ? { ok: false as const, message: injected[i].message }
        : await deps.registration.registry.verify({ organizationName: flow.organizationName, creditCode: flow.creditCode, legalName: flow.legalName });
      if (verdict.ok) verified.push(flow);
      else await store.updateAuthFlow(flow.id, { status: "Failed", state: "failed", errorMessage: verdict.message }, now);
    }
    const links = await issueLinks(
      tx,
      verified.map((flow) => ({
        kind: "enterprise-registration",
        organizationId: task.organizationId,
        target: { flowId: flow.id, endpoint: task.endpoint, orgName: flow.organizationName },
        ttlMs: REGISTRATION_LINK_TTL_MS,
      })),
    );
    await store.markAuthFlowsCreated(
      verified.map((flow, i) => ({ id: flow.id, linkToken: links[i]!.token })),
      now,
    );
    for (const flow of verified) await emitOrganizationAuthorization(tx, flow, { status: "Created" });
    await store.completeRegistrationTask(task.id, now);
  });
}

/**
 * The transaction's store, reading the organization's callback receiver once: each created flow emits a callback,
 * and each emit asks whether the organization has a receiver. Within the transaction the answer is the same.
 */
function withCallbackConfigOnce(store: Store): Store {
  const configs = new Map<string, ReturnType<Store["getCallbackConfig"]>>();
  const getCallbackConfig: Store["getCallbackConfig"] = (organizationId) => {
    let config = configs.get(organizationId);
    if (!config) configs.set(organizationId, (config = store.getCallbackConfig(organizationId)));
    return config;
  };
  // The store's other verbs as they are (a transaction's store builds its table modules on first use).
  return Object.create(store, { getCallbackConfig: { value: getCallbackConfig } }) as Store;
}
