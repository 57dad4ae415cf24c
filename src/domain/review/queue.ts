/**
 * What a reviewer sees and decides: the powers of attorney awaiting review across every tenant, and each one's
 * file. Decisions go through the flow machine (applyFlowEvent) like every other step.
 */
import { applyFlowEvent, describeFlow, type FlowSnapshot } from "../authorization/flows.ts";
import { allowedAuthorizationTypes, progressOf } from "../authorization/flow-machine.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { detectFileType, type FileType } from "../identity/index.ts";
import type { AuthFlowRecord } from "../../store/ports.ts";
import { effectiveReviewPolicy, type EffectiveReviewPolicy } from "./policy.ts";

/** Longest rejection reason kept (it is shown to the admin and sent in the review callback). */
export const MAX_REJECT_REASON = 500;

export interface ReviewItem {
  flow: AuthFlowRecord;
  /** The tenant (integrator's organization) that submitted the enterprise. */
  tenantName: string;
  authorizationTypes: number[];
  /** When the power of attorney went under review (the flow's last change). */
  submittedAt: number;
  fileHash: string | undefined;
  /** The business licence the link came with (CreateOrganizationAuthUrl, CreateConsoleLoginUrl), for comparison. */
  licenseHash: string | undefined;
  bankAmountConfirmed: boolean;
  policy: EffectiveReviewPolicy;
}

/** The queue, longest waiting first, at most `limit` items. */
export async function reviewQueue(deps: DomainDeps, limit: number): Promise<ReviewItem[]> {
  const flows = await deps.store.listFlowsAwaitingReview(limit);
  const tenants = new Map<string, { name: string; policy: EffectiveReviewPolicy }>();
  const items: ReviewItem[] = [];
  for (const flow of flows) {
    let tenant = tenants.get(flow.organizationId);
    if (!tenant) {
      const organization = await deps.store.getOrganization(flow.organizationId);
      tenant = { name: organization?.name ?? flow.organizationId, policy: await effectiveReviewPolicy(deps, flow.organizationId) };
      tenants.set(flow.organizationId, tenant);
    }
    const progress = progressOf(flow);
    items.push({
      flow,
      tenantName: tenant.name,
      authorizationTypes: allowedAuthorizationTypes(flow),
      submittedAt: flow.updatedAt,
      fileHash: progress.powerOfAttorney,
      licenseHash: licenseHashOf(flow),
      bankAmountConfirmed: progress.bankAmountConfirmed === true,
      policy: tenant.policy,
    });
  }
  return items;
}

/** A flow's power of attorney with its type by magic bytes; ResourceNotFound when there is none. */
export async function powerOfAttorneyFile(deps: DomainDeps, organizationId: string, flowId: string): Promise<{ bytes: Buffer; type: FileType | undefined; hash: string }> {
  const { flow } = await describeFlow(deps, organizationId, flowId);
  const hash = progressOf(flow).powerOfAttorney;
  const bytes = hash === undefined ? undefined : await deps.blobs.get(hash);
  if (!hash || !bytes) throw errors.powerOfAttorneyMissing({ flowId });
  return { bytes, type: detectFileType(bytes), hash };
}

const licenseHashOf = (flow: AuthFlowRecord): string | undefined => (flow.options.files as Record<string, { hash?: string }> | undefined)?.BusinessLicense?.hash;

/** The business licence a flow's link came with and its type; undefined when there is none. */
export async function businessLicenseFile(deps: DomainDeps, organizationId: string, flowId: string): Promise<{ bytes: Buffer; type: FileType | undefined; hash: string } | undefined> {
  const { flow } = await describeFlow(deps, organizationId, flowId);
  const hash = licenseHashOf(flow);
  const bytes = hash === undefined ? undefined : await deps.blobs.get(hash);
  return hash && bytes ? { bytes, type: detectFileType(bytes), hash } : undefined;
}

/** The type of a stored file by its magic bytes; undefined when the file is gone. */
export async function storedFileType(deps: Pick<DomainDeps, "blobs">, hash: string): Promise<FileType | undefined> {
  const bytes = await deps.blobs.get(hash);
  return bytes && detectFileType(bytes);
}

/** The reviewer's decision; a rejection needs a reason (the machine refuses an empty one). */
export async function decideReview(deps: DomainDeps, organizationId: string, flowId: string, decision: { approve: true } | { approve: false; reason: string }): Promise<FlowSnapshot> {
  if (decision.approve) return applyFlowEvent(deps, organizationId, flowId, { type: "review-approve" });
  const reason = decision.reason.trim();
  if (reason.length > MAX_REJECT_REASON) {
    throw errors.rejectReasonTooLong({ max: MAX_REJECT_REASON });
  }
  return applyFlowEvent(deps, organizationId, flowId, { type: "review-reject", reason });
}
