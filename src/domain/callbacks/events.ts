import type { AuthFlowRecord } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { emitCallback } from "./emit.ts";

/*
 * One emitter per MsgType. The reference marks every MsgData of this family unconfirmed (§7.2), so these shapes
 * are essd's choice, built from the API models' own member names and documented in docs/compatibility.md
 * ("Callbacks"). Every message goes to the organization that created the flow, and none carries a mobile or an
 * ID number.
 */

const seconds = (ms: number) => Math.floor(ms / 1000);

/** What every message of a flow carries: which flow, which enterprise, which operator created it. */
function flowFacts(flow: AuthFlowRecord): Record<string, unknown> {
  return {
    AuthorizationId: flow.id,
    ...(flow.subTaskId ? { SubTaskId: flow.subTaskId } : {}),
    OrganizationName: flow.organizationName,
    UniformSocialCreditCode: flow.creditCode,
    OperatorUserId: flow.operatorId,
  };
}

/**
 * The flow's facts, then `rest`. Object.assign, not `{ ...flowFacts(flow), ...rest }`: a key added to a spread
 * copy is slow on Node 20 (docs/performance.md, "Spread copies").
 */
const withFlowFacts = (flow: AuthFlowRecord, rest: Record<string, unknown>): Record<string, unknown> => Object.assign(flowFacts(flow), rest);

/**
 * 认证流创建/失效: a flow got its link (`Created`), was cleared by DeleteOrganizationAuthorizations (`Invalidated`)
 * or failed verification at the step that would have verified it (`Failed`, Reason the failure's message).
 */
export function emitOrganizationAuthorization(deps: DomainDeps, flow: AuthFlowRecord, change: { status: "Created" | "Invalidated" | "Failed"; reason?: string }) {
  return emitCallback(deps, flow.organizationId, "OrganizationAuthorization", withFlowFacts(flow, {
    FlowStatus: change.status,
    Reason: change.reason ?? "",
    CreatedOn: seconds(flow.createdAt),
    UpdatedOn: seconds(deps.clock.now()),
  }));
}

/** 授权书上传: the super-admin submitted a power of attorney; it is now under review (AuditStatus 3). */
export function emitOrgAuthorizationFileSubmit(deps: DomainDeps, flow: AuthFlowRecord) {
  return emitCallback(deps, flow.organizationId, "OrgAuthorizationFileSubmit", withFlowFacts(flow, {
    AuthType: 1,
    AuditStatus: 3,
    UpdatedOn: seconds(deps.clock.now()),
  }));
}

/** 授权书认证审核结果: AuditStatus 1 approved or 2 rejected (with Reason), as AuthRecords report it. */
export function emitOrganizationAuthorizationFileReview(deps: DomainDeps, flow: AuthFlowRecord, review: { auditStatus: 1 | 2; reason?: string }) {
  return emitCallback(deps, flow.organizationId, "OrganizationAuthorizationFileReview", withFlowFacts(flow, {
    AuthType: 1,
    AuditStatus: review.auditStatus,
    Reason: review.reason ?? "",
    UpdatedOn: seconds(deps.clock.now()),
  }));
}

/** 授权书失效: a submitted power of attorney no longer counts (flow cleared or expired). */
export function emitOrgAuthorizationFileInvalid(deps: DomainDeps, flow: AuthFlowRecord, reason: string) {
  return emitCallback(deps, flow.organizationId, "OrgAuthorizationFileInvalid", withFlowFacts(flow, {
    Reason: reason,
    UpdatedOn: seconds(deps.clock.now()),
  }));
}

/**
 * 企业引导企业实名认证后: the enterprise is verified. `OrganizationId` is the new organization's id (as
 * DescribeOrganizationAuthStatus returns it once verified); `UserData` is CreateOrganizationAuthUrl's, unchanged.
 */
export function emitCreateOrganization(deps: DomainDeps, flow: AuthFlowRecord, verified: { organizationId: string; authType: number }) {
  const userData = typeof flow.options.userData === "string" ? flow.options.userData : "";
  return emitCallback(deps, flow.organizationId, "CreateOrganization", withFlowFacts(flow, {
    OrganizationId: verified.organizationId,
    AuthStatus: 2,
    AuthType: verified.authType,
    UserData: userData,
    UpdatedOn: seconds(deps.clock.now()),
  }));
}
