/**
 * 企业基础信息变更 (ChangeType 2): the enterprise's super-admin or legal representative submits a new name, legal
 * representative and address. The credit code stays (the spec: it cannot be changed here); the three facts are
 * checked against the registry (`--registry`, as at registration), then the change awaits review like a power of
 * attorney: the review console, the control API, or the link creator's automatic review policy decides it. An
 * approved change renames the organization, which every describe reads; approved or rejected, the decision is told
 * to the receivers (ModifyOrganizationBaseInfo, AuditStatus 1 or 2).
 */
import { emitCallback } from "../callbacks/emit.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import type { RegistryVerdict } from "../registration/registry.ts";
import { MAX_REJECT_REASON } from "../review/queue.ts";
import { inTransaction } from "../transaction.ts";
import type { OrganizationChangeRecord } from "../../store/ports.ts";
import { administers, BASE_INFO_CHANGE, type OrganizationChangeLinkView } from "./links.ts";
import { receiversOf } from "./super-admin.ts";

/** As at registration: names of at most 200 characters; ESS's legal-name and address limits. */
export const MAX_NAME = 200;
export const MAX_LEGAL_NAME = 50;
export const MAX_ADDRESS = 500;

export interface BaseInfo {
  organizationName: string;
  legalName: string;
  address: string;
}

/** What the enterprise's base information is now: its name, and the last legal representative and address known. */
export async function currentBaseInfo(deps: DomainDeps, organizationId: string, name: string): Promise<BaseInfo> {
  const approved = await deps.store.findLastApprovedOrganizationChange(organizationId);
  if (approved) return { organizationName: name, legalName: approved.legalName, address: approved.address };
  const flow = await deps.store.findFlowThatVerified(organizationId);
  return { organizationName: name, legalName: flow?.legalName ?? "", address: flow?.address ?? "" };
}

export type BaseInfoOutcome =
  | { ok: true; change: OrganizationChangeRecord }
  | { ok: false; field: keyof BaseInfo | "registry"; zh: string; en: string; change?: OrganizationChangeRecord; unavailable?: boolean };

const underReview: BaseInfoOutcome = { ok: false, field: "registry", zh: "该企业已有一项信息变更正在审核，请等待审核结果。", en: "A change of this enterprise is already under review; wait for its result." };

const problem = (field: keyof BaseInfo, zh: string, en: string): BaseInfoOutcome => ({ ok: false, field, zh, en });

/** Checks and records a submission as the holder of `mobile`; one that passes the registry awaits review. */
export async function submitBaseInfo(deps: DomainDeps, view: OrganizationChangeLinkView, input: { mobile: string; info: BaseInfo }): Promise<BaseInfoOutcome> {
  const organization = view.organization;
  if (!(await administers(deps, organization.id, input.mobile))) throw errors.notAdminOfAll({ names: [organization.name] });
  const info = { organizationName: input.info.organizationName.trim(), legalName: input.info.legalName.trim(), address: input.info.address.trim() };
  if (!info.organizationName) return problem("organizationName", "请填写企业名称。", "Enter the enterprise's name.");
  if ([...info.organizationName].length > MAX_NAME) return problem("organizationName", `企业名称不得超过 ${MAX_NAME} 个字。`, `The name may have at most ${MAX_NAME} characters.`);
  if (!info.legalName) return problem("legalName", "请填写法定代表人姓名。", "Enter the legal representative's name.");
  if ([...info.legalName].length > MAX_LEGAL_NAME) return problem("legalName", `法定代表人姓名不得超过 ${MAX_LEGAL_NAME} 个字。`, `The legal representative's name may have at most ${MAX_LEGAL_NAME} characters.`);
  if ([...info.address].length > MAX_ADDRESS) return problem("address", `地址不得超过 ${MAX_ADDRESS} 个字。`, `The address may have at most ${MAX_ADDRESS} characters.`);
  const now = await currentBaseInfo(deps, organization.id, organization.name);
  if (info.organizationName === now.organizationName && info.legalName === now.legalName && info.address === now.address) {
    return problem("organizationName", "信息没有变化。", "Nothing was changed.");
  }
  if (await deps.store.findPendingOrganizationChange(organization.id)) return underReview;
  const creditCode = organization.creditCode ?? "";
  let verdict: RegistryVerdict;
  try {
    verdict = await deps.registration.registry.verify({ organizationName: info.organizationName, creditCode, legalName: info.legalName });
  } catch {
    // An unreachable registry decides nothing: nothing is recorded, and the person may submit again.
    return { ok: false, field: "registry", unavailable: true, zh: "暂时无法核验工商信息，请稍后重试。", en: "The business register cannot be reached right now; try again later." };
  }
  const at = deps.clock.now();
  const change: OrganizationChangeRecord = {
    id: deps.ids.next("change"),
    organizationId: view.link.organizationId,
    targetOrganizationId: organization.id,
    linkCode: view.link.code,
    changeType: BASE_INFO_CHANGE,
    state: verdict.ok ? "reviewing" : "failed",
    oldName: organization.name,
    newName: info.organizationName,
    creditCode,
    legalName: info.legalName,
    address: info.address,
    oldAdminId: null,
    newAdminId: null,
    reason: verdict.ok ? "" : verdict.message,
    createdAt: at,
    updatedAt: at,
  };
  // Another submission may have gone under review while the registry answered: the store keeps one.
  if (!(await deps.store.insertOrganizationChange(change))) return underReview;
  if (!verdict.ok) return { ok: false, field: "registry", zh: verdict.message, en: `The business register refused it: ${verdict.message}`, change };
  // The automatic reviewer may decide it (the link creator's review policy).
  deps.notifyWork("review");
  return { ok: true, change };
}

/** The review's decision on a change awaiting it, told to the receivers; an approval renames the enterprise. */
export async function decideOrganizationChange(
  deps: DomainDeps,
  changeId: string,
  decision: { approve: true } | { approve: false; reason: string },
  scope?: { organizationId: string },
): Promise<OrganizationChangeRecord> {
  const change = await deps.store.getOrganizationChange(changeId);
  // Another tenant's change answers like one that does not exist.
  if (!change || (scope && change.organizationId !== scope.organizationId)) throw errors.organizationChangeNotFound({ changeId });
  if (change.state !== "reviewing") throw errors.organizationChangeDecided({ changeId });
  const reason = decision.approve ? "" : decision.reason.trim();
  if (!decision.approve && !reason) throw errors.missingParameter({ name: "reason" });
  if (reason.length > MAX_REJECT_REASON) throw errors.rejectReasonTooLong({ max: MAX_REJECT_REASON });
  return inTransaction(deps, async (tx) => {
    const now = deps.clock.now();
    const state = decision.approve ? "approved" : "rejected";
    // The store re-checks the state in the same statement: a decision racing this one (another node) loses.
    if (!(await tx.store.decideOrganizationChange(change.id, { state, reason, updatedAt: now }))) throw errors.organizationChangeDecided({ changeId });
    if (decision.approve) await tx.store.renameOrganization(change.targetOrganizationId, change.newName);
    // The name the enterprise has after the decision: the new one once approved; after a rejection, the one it kept.
    const name = decision.approve ? change.newName : ((await tx.store.getOrganization(change.targetOrganizationId))?.name ?? change.oldName);
    const message = {
      OrganizationId: change.targetOrganizationId,
      OrganizationName: name,
      OldOrganizationName: change.oldName,
      RequestedOrganizationName: change.newName,
      UniformSocialCreditCode: change.creditCode,
      // As OrganizationAuthorizationFileReview reports a review: 1 approved, 2 rejected (with the reviewer's Reason).
      AuditStatus: decision.approve ? 1 : 2,
      Reason: reason,
      ChangeTime: Math.floor(now / 1000),
    };
    for (const receiver of receiversOf(change)) await emitCallback(tx, receiver, "ModifyOrganizationBaseInfo", message);
    return { ...change, state, reason, updatedAt: now };
  });
}

/** What the control API shows of a tenant's changes (no mobile; names as the enterprise's records hold them). */
export function changeView(change: OrganizationChangeRecord) {
  return {
    changeId: change.id,
    organizationId: change.targetOrganizationId,
    changeType: change.changeType,
    state: change.state,
    oldName: change.oldName,
    newName: change.newName,
    uniformSocialCreditCode: change.creditCode,
    ...(change.changeType === BASE_INFO_CHANGE ? { legalName: change.legalName, address: change.address } : {}),
    ...(change.newAdminId ? { oldSuperAdminUserId: change.oldAdminId ?? "", newSuperAdminUserId: change.newAdminId } : {}),
    reason: change.reason,
    createdAt: Math.floor(change.createdAt / 1000),
    updatedAt: Math.floor(change.updatedAt / 1000),
  };
}
