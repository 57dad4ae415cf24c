/**
 * Applies the flow machine's events through the store: each event reads the flow, decides and writes in one
 * transaction, so two events on one flow never both pass on the same old state.
 */
import type { AuthFlowRecord, LinkRecord, Store } from "../../store/ports.ts";
import { emitCreateOrganization, emitOrgAuthorizationFileSubmit, emitOrganizationAuthorization, emitOrganizationAuthorizationFileReview } from "../callbacks/index.ts";
import { contentHash } from "../blobs.ts";
import type { DomainDeps } from "../deps.ts";
import { EssError, errors } from "../errors.ts";
import { verificationFault } from "../faults.ts";
import { checkCreditCode } from "../identity/index.ts";
import { normalizeName } from "../registration/registry.ts";
import { acceptedEvents, amountFromDigest, progressOf, transition, type FlowEvent, type FlowEventType, type FlowMessage } from "./flow-machine.ts";
import { inTransaction } from "../transaction.ts";
import { joinVerifiedOrganization, platformOf, verifiedOrganizationOf } from "../platforms/activation.ts";
import { emitPowerOfAttorneyReviewed } from "../platforms/callbacks.ts";

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

/**
 * The admin uploads a power of attorney (checked bytes). The file is stored only when the flow accepts uploads,
 * and before the step's transaction: on PostgreSQL the blob store takes a connection of its own, which must not
 * be awaited while the step holds one (a full pool would deadlock). Files are kept by content hash, so a step
 * refused in between leaves at most an unreferenced copy.
 */
export async function uploadPowerOfAttorney(deps: DomainDeps, organizationId: string, flowId: string, bytes: Buffer): Promise<FlowSnapshot> {
  const event: FlowEvent = { type: "upload-power-of-attorney", fileHash: contentHash(bytes) };
  const now = await describeFlow(deps, organizationId, flowId);
  if (now.accepted.includes("upload-power-of-attorney")) await deps.blobs.put(bytes);
  return applyFlowEvent(deps, organizationId, flowId, event);
}

/**
 * Applies `event` to one of the organization's flows; refusals are EssErrors naming the flow, event and state.
 */
export async function applyFlowEvent(
  deps: DomainDeps,
  organizationId: string,
  flowId: string,
  event: FlowEvent,
): Promise<FlowSnapshot> {
  if (event.type !== "bank-amount") return applyInTransaction(deps, organizationId, flowId, event);
  // The amount is one of 99, so guesses are rationed: each takes its place in the count atomically before the
  // comparison, so concurrent guesses cannot all pass a check made before any of them was counted.
  const guesses = `bank-amount-wrong:${flowId}`;
  const never = Number.MAX_SAFE_INTEGER;
  if ((await deps.store.addToQuota(guesses, 1, never, deps.clock.now())) > MAX_WRONG_AMOUNTS) {
    throw errors.bankAmountGuessesUsed({ flowId, max: MAX_WRONG_AMOUNTS });
  }
  try {
    return await applyInTransaction(deps, organizationId, flowId, event);
  } catch (error) {
    // A refusal that never compared the amount (flow not confirmed, closed…) gives the guess back.
    if (!(error instanceof EssError && error.code === "InvalidParameterValue")) await deps.store.addToQuota(guesses, -1, never, deps.clock.now());
    throw error;
  }
}

/** As OrganizationName takes it in the API (CreateOrganizationAuthUrl, CreateBatchOrganizationRegistrationTasks). */
const MAX_ORGANIZATION_NAME = 200;

/** Wrong transfer amounts a flow takes before it refuses the bank step for good (the amount is one of 99). */
export const MAX_WRONG_AMOUNTS = 5;

function applyInTransaction(
  deps: DomainDeps,
  organizationId: string,
  flowId: string,
  event: FlowEvent,
): Promise<FlowSnapshot> {
  return inTransaction(deps, async (tx) => {
    const { store } = tx;
    const flow = await lockFlow(store, organizationId, flowId);
    const now = deps.clock.now();
    const context = { linkExpired: (await linkOf(store, flow, now)).expired, transferredAmount: transferredAmount(deps, flow.id) };
    let outcome = transition(flow, event, context);
    // Only a step that would verify the enterprise asks for an injected failure (none exist outside the sandbox).
    if (outcome.ok && outcome.createsOrganization) {
      const verificationFailure = await verificationFault(tx, flow);
      if (verificationFailure) outcome = transition(flow, event, { ...context, verificationFailure });
    }
    if (!outcome.ok) throw outcome.error;
    // A name or credit code the admin typed in on confirming is checked like the API's.
    if (outcome.patch.organizationName !== undefined && [...outcome.patch.organizationName].length > MAX_ORGANIZATION_NAME) {
      throw errors.enterpriseNameTooLong({ max: MAX_ORGANIZATION_NAME });
    }
    if (outcome.patch.creditCode !== undefined) {
      const check = checkCreditCode(outcome.patch.creditCode, deps.registration.idChecks);
      if (!check.ok) throw errors.enterpriseCreditCodeInvalid({ reason: check.reason });
    }

    // A platform hears the review's result (OrgCertify) before the activation it may complete (OrgAuth).
    const platform = platformOf(flow);
    if (platform && outcome.messages.includes("OrganizationAuthorizationFileReview")) {
      const approved = outcome.patch.auditStatus === 1;
      await emitPowerOfAttorneyReviewed(tx, flow.organizationId, platform, { approved, reason: approved ? "" : (outcome.patch.reason ?? flow.reason ?? "") });
    }
    let verifiedOrganizationId: string | undefined;
    if (outcome.createsOrganization) {
      const created = await verifiedOrganizationOf(tx, flow);
      verifiedOrganizationId = created.organizationId;
      await joinVerifiedOrganization(tx, flow, created.organizationId, created.operatorId);
    }
    const nameKey = outcome.patch.organizationName !== undefined ? { nameKey: normalizeName(outcome.patch.organizationName) } : {};
    await store.updateAuthFlow(flow.id, { ...outcome.patch, ...nameKey, ...(verifiedOrganizationId ? { verifiedOrganizationId } : {}) }, now);
    const updated = await ownFlow(store, organizationId, flowId);
    // Under review now: an automatic policy (possibly without delay) may decide it at once.
    if (updated.auditStatus === 3 && flow.auditStatus !== 3) tx.notifyWork("review");
    await emitFlowMessages(tx, updated, outcome.messages);
    return snapshot(tx, store, updated, outcome.messages);
  });
}

/** The callbacks a step warrants, queued in the step's transaction so they commit (or vanish) with it. */
async function emitFlowMessages(tx: DomainDeps, flow: AuthFlowRecord, messages: FlowMessage[]): Promise<void> {
  for (const message of messages) {
    if (message === "OrgAuthorizationFileSubmit") await emitOrgAuthorizationFileSubmit(tx, flow);
    else if (message === "OrganizationAuthorizationFileReview") {
      await emitOrganizationAuthorizationFileReview(tx, flow, { auditStatus: flow.auditStatus === 1 ? 1 : 2, reason: flow.reason });
    } else if (message === "OrganizationAuthorization") await emitOrganizationAuthorization(tx, flow, { status: "Failed", reason: flow.errorMessage });
    else await emitCreateOrganization(tx, flow, { organizationId: flow.verifiedOrganizationId!, authType: flow.authType });
  }
}

/**
 * Reads a flow for changing it and holds it until the transaction ends (row locks on PostgreSQL; SQLite has one
 * writer anyway): its task's row first, which the registration worker holds while it writes the task's flows,
 * then the flow's own, which single-enterprise flows (no task) and the clearing rely on. Always in this order.
 */
export async function lockFlow(store: Store, organizationId: string, flowId: string): Promise<AuthFlowRecord> {
  const found = await ownFlow(store, organizationId, flowId);
  if (found.taskId) await store.lockRegistrationTask(found.taskId);
  const flow = await store.lockAuthFlow(organizationId, flowId);
  if (!flow) throw errors.flowNotFound({ flowId });
  return flow;
}

async function ownFlow(store: Store, organizationId: string, flowId: string): Promise<AuthFlowRecord> {
  const [flow] = await store.findAuthFlows(organizationId, { ids: [flowId] });
  if (!flow) throw errors.flowNotFound({ flowId });
  return flow;
}

/** A flow's link, if it has one, and whether it has expired (a link gone from the store has). */
async function linkOf(store: Store, flow: AuthFlowRecord, now: number): Promise<{ link: LinkRecord | undefined; expired: boolean }> {
  const link = flow.linkToken ? await store.getLink(flow.linkToken) : undefined;
  return { link, expired: flowLinkExpired(flow, link?.expiresAt ?? null, now) };
}

/** Whether a flow's link has expired, given that link's expiry (null: the link is gone from the store, so it has). */
export const flowLinkExpired = (flow: Pick<AuthFlowRecord, "linkToken">, linkExpiresAt: number | null, now: number): boolean =>
  flow.linkToken !== null && (linkExpiresAt === null || linkExpiresAt <= now);

/** Keyed with the master key: every node computes the same amount, and nobody without the key can. */
const transferredAmount = (deps: DomainDeps, flowId: string) => amountFromDigest(deps.box.lookupHash(`bank-transfer|${flowId}`));

/** Why the flow, as `snapshot` shows it, would refuse `event` (undefined when it would take it). */
export function refusalOf(snapshot: FlowSnapshot, event: FlowEvent): EssError | undefined {
  const outcome = transition(snapshot.flow, event, { linkExpired: snapshot.linkExpired, transferredAmount: snapshot.bankTransferAmount });
  return outcome.ok ? undefined : outcome.error;
}

/** A flow already read (e.g. every flow of an admin's link) as it stands now, without reading it again. */
export function snapshotOfFlow(deps: DomainDeps, flow: AuthFlowRecord): Promise<FlowSnapshot> {
  return snapshot(deps, deps.store, flow, []);
}

async function snapshot(deps: DomainDeps, store: Store, flow: AuthFlowRecord, messages: FlowMessage[]): Promise<FlowSnapshot> {
  const { link, expired } = await linkOf(store, flow, deps.clock.now());
  const amount = transferredAmount(deps, flow.id);
  return {
    flow,
    linkExpired: expired,
    linkExpiresAt: link?.expiresAt ?? null,
    accepted: acceptedEvents(flow, { linkExpired: expired, transferredAmount: amount }),
    bankTransferAmount: amount,
    powerOfAttorneyUploaded: progressOf(flow).powerOfAttorney !== undefined,
    messages,
  };
}
