/**
 * Applies the flow machine's events through the store: each event reads the flow, decides and writes in one
 * transaction, so two events on one flow never both pass on the same old state.
 */
import type { AuthFlowRecord, Store } from "../../store/ports.ts";
import { emitCreateOrganization, emitOrgAuthorizationFileSubmit, emitOrganizationAuthorizationFileReview } from "../callbacks/index.ts";
import { contentHash } from "../blobs.ts";
import type { DomainDeps } from "../deps.ts";
import { essError } from "../errors.ts";
import { createOrganization } from "../tenants.ts";
import { acceptedEvents, bankTransferAmount, progressOf, transition, type FlowEvent, type FlowEventType, type FlowMessage } from "./flow-machine.ts";

export interface FlowSnapshot {
  flow: AuthFlowRecord;
  linkExpired: boolean;
  linkExpiresAt: number | null;
  accepted: FlowEventType[];
  /** Sandbox only: the amount to confirm for AuthorizationTypes 5. */
  bankTransferAmount: string;
  powerOfAttorneyUploaded: boolean;
  /** Callback messages the last event warranted (empty when only read). */
  messages: FlowMessage[];
}

/** One flow of `organizationId` as it stands now; another organization's flow is as unknown as a missing one. */
export async function describeFlow(deps: DomainDeps, organizationId: string, flowId: string): Promise<FlowSnapshot> {
  return snapshot(deps, deps.store, await ownFlow(deps.store, organizationId, flowId), []);
}

/** The admin uploads a power of attorney (checked bytes): the file is stored only if the flow accepts it. */
export function uploadPowerOfAttorney(deps: DomainDeps, organizationId: string, flowId: string, bytes: Buffer): Promise<FlowSnapshot> {
  return applyFlowEvent(deps, organizationId, flowId, { type: "upload-power-of-attorney", fileHash: contentHash(bytes) }, () => deps.blobs.put(bytes));
}

/**
 * Applies `event` to one of the organization's flows; refusals are EssErrors naming the flow, event and state.
 * `whenAccepted` runs once the machine accepted the event, before anything is written.
 */
export async function applyFlowEvent(
  deps: DomainDeps,
  organizationId: string,
  flowId: string,
  event: FlowEvent,
  whenAccepted?: () => Promise<unknown>,
): Promise<FlowSnapshot> {
  return deps.store.transaction(async (store) => {
    const tx = { ...deps, store };
    const found = await ownFlow(store, organizationId, flowId);
    // Batch flows serialise on their task's row (a row lock on PostgreSQL; SQLite has one writer anyway).
    if (found.taskId) await store.lockRegistrationTask(found.taskId);
    const flow = await ownFlow(store, organizationId, flowId);
    const now = deps.clock.now();
    const outcome = transition(flow, event, { linkExpired: await linkExpired(store, flow, now) });
    if (!outcome.ok) throw outcome.error;
    await whenAccepted?.();

    let verifiedOrganizationId: string | undefined;
    if (outcome.createsOrganization) {
      const created = await createOrganization(tx, {
        name: flow.organizationName,
        operatorName: flow.adminName || undefined,
        operatorMobileSealed: flow.adminMobileSealed,
        operatorMobileHash: flow.adminMobileHash,
      });
      verifiedOrganizationId = created.organizationId;
    }
    await store.updateAuthFlow(flow.id, { ...outcome.patch, ...(verifiedOrganizationId ? { verifiedOrganizationId } : {}) }, now);
    const updated = await ownFlow(store, organizationId, flowId);
    await emitFlowMessages(tx, updated, outcome.messages);
    return snapshot(tx, store, updated, outcome.messages);
  }).finally(() => {
    // After the commit, so the callback worker finds what was queued (wake-ups inside may come too early).
    deps.notifyWork();
  });
}

/** The callbacks a step warrants, queued in the step's transaction so they commit (or vanish) with it. */
async function emitFlowMessages(tx: DomainDeps, flow: AuthFlowRecord, messages: FlowMessage[]): Promise<void> {
  for (const message of messages) {
    if (message === "OrgAuthorizationFileSubmit") await emitOrgAuthorizationFileSubmit(tx, flow);
    else if (message === "OrganizationAuthorizationFileReview") {
      await emitOrganizationAuthorizationFileReview(tx, flow, { auditStatus: flow.auditStatus === 1 ? 1 : 2, reason: flow.reason });
    } else await emitCreateOrganization(tx, flow, { organizationId: flow.verifiedOrganizationId!, authType: flow.authType });
  }
}

async function ownFlow(store: Store, organizationId: string, flowId: string): Promise<AuthFlowRecord> {
  const [flow] = await store.findAuthFlows(organizationId, { ids: [flowId] });
  if (!flow) throw essError("ResourceNotFound", `认证流 ${flowId} 不存在。`, `Authorization flow ${flowId} does not exist.`);
  return flow;
}

async function linkExpired(store: Store, flow: AuthFlowRecord, now: number): Promise<boolean> {
  if (!flow.linkToken) return false;
  const link = await store.getLink(flow.linkToken);
  return !link || link.expiresAt <= now;
}

async function snapshot(deps: DomainDeps, store: Store, flow: AuthFlowRecord, messages: FlowMessage[]): Promise<FlowSnapshot> {
  const now = deps.clock.now();
  const link = flow.linkToken ? await store.getLink(flow.linkToken) : undefined;
  const expired = await linkExpired(store, flow, now);
  return {
    flow,
    linkExpired: expired,
    linkExpiresAt: link?.expiresAt ?? null,
    accepted: acceptedEvents(flow, { linkExpired: expired }),
    bankTransferAmount: bankTransferAmount(flow.id),
    powerOfAttorneyUploaded: progressOf(flow).powerOfAttorney !== undefined,
    messages,
  };
}
