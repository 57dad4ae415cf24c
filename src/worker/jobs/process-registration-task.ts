import { emitOrganizationAuthorization } from "../../domain/callbacks/index.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { verificationFault } from "../../domain/faults.ts";
import { DAY_MS, issueLink } from "../../domain/links.ts";
import type { RegistrationTaskRecord } from "../../store/ports.ts";
import { inTransaction } from "../../domain/transaction.ts";

export const REGISTRATION_LINK_TTL_MS = 7 * DAY_MS;

/**
 * Verifies each enterprise of a claimed task against the registry and moves its sub-task to Create (with its
 * link) or Failed, then completes the task — all in one transaction, so a crash anywhere leaves the task
 * exactly as it was and the next claim finishes it once. Each created flow queues an OrganizationAuthorization
 * callback in that same transaction.
 */
export async function processRegistrationTask(deps: DomainDeps, task: RegistrationTaskRecord): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const { store } = tx;
    const now = deps.clock.now();
    // Overlapping runs (a worker that outlived its lease and the one that took over) queue here; whichever
    // comes second finds the task done or claimed by someone else and changes nothing.
    const current = await store.lockRegistrationTask(task.id);
    if (!current || current.state === "done" || current.leaseUntil !== task.leaseUntil) return 0;
    const flows = await store.findAuthFlows(task.organizationId, { taskId: task.id });
    for (const flow of flows) {
      // Cleared (DeleteOrganizationAuthorizations) before it was processed: it gets no link.
      if (flow.status !== "Processing" || flow.state === "cleared") continue;
      // A failure the sandbox tenant injected for this enterprise wins over what the registry would say.
      const injected = await verificationFault(tx, flow);
      const verdict = injected
        ? { ok: false as const, message: injected.message }
        : await deps.registration.registry.verify({
            organizationName: flow.organizationName,
            creditCode: flow.creditCode,
            legalName: flow.legalName,
          });
      if (!verdict.ok) {
        await store.updateAuthFlow(flow.id, { status: "Failed", state: "failed", errorMessage: verdict.message }, now);
        continue;
      }
      const link = await issueLink(tx, {
        kind: "enterprise-registration",
        organizationId: task.organizationId,
        target: { flowId: flow.id, endpoint: task.endpoint, orgName: flow.organizationName },
        ttlMs: REGISTRATION_LINK_TTL_MS,
      });
      await store.updateAuthFlow(flow.id, { status: "Create", linkToken: link.token }, now);
      await emitOrganizationAuthorization(tx, flow, { status: "Created" });
    }
    await store.completeRegistrationTask(task.id, now);
  });
}
