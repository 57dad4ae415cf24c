import type { DomainDeps } from "./deps.ts";
import { essError } from "./errors.ts";
import type { EmployeeRecord, OrganizationRecord } from "../store/ports.ts";

/** Who is acting and for which organization, once `Operator` and `Agent` have been checked. */
export interface ActingContext {
  /** The organization whose key signed the request. */
  callerOrganizationId: string;
  /** The organization the action applies to: the caller's, or its sub-enterprise named by `Agent.ProxyOrganizationId`. */
  organization: OrganizationRecord;
  operator: EmployeeRecord;
}

const USER_ID = /^[0-9A-Za-z]{32}$/;

/**
 * Checks that `Operator.UserId` may act: a verified, current employee of the caller's organization, or of the
 * sub-enterprise the caller (its group) names in `Agent.ProxyOrganizationId` (reference §6.0).
 */
export async function authorizeOperator(
  deps: DomainDeps,
  callerOrganizationId: string,
  operatorUserId: string,
  proxyOrganizationId?: string,
): Promise<ActingContext> {
  const caller = await deps.store.getOrganization(callerOrganizationId);
  if (!caller) throw essError("InvalidParameter.InvalidOrganizationId", "机构ID不正确。", "The caller's organization no longer exists.");
  let organization = caller;
  if (proxyOrganizationId) {
    const proxied = await deps.store.getOrganization(proxyOrganizationId);
    // An organization that exists but is not in the caller's group answers exactly like an unknown one.
    if (!proxied || proxied.parentId !== caller.id) {
      throw essError(
        "OperationDenied.SubOrgNotJoin",
        `子企业暂未加入：Agent.ProxyOrganizationId ${proxyOrganizationId} 不是本集团的子企业。`,
        `Agent.ProxyOrganizationId ${proxyOrganizationId} is not a sub-enterprise of the calling organization's group.`,
      );
    }
    organization = proxied;
  }
  if (!USER_ID.test(operatorUserId)) {
    throw essError("InvalidParameter.InvalidOperatorId", `操作人ID不正确：Operator.UserId 应为32位字母数字。`, "Operator.UserId is incorrect: it must be 32 letters or digits.");
  }
  const operator = await deps.store.getEmployee(operatorUserId);
  const belongs = operator && !operator.quit && (operator.organizationId === organization.id || operator.organizationId === caller.id);
  if (!belongs) {
    throw essError(
      "OperationDenied.UserNotInOrganization",
      `用户不归属于当前企业，无法操作，请检查后重试（Operator.UserId ${operatorUserId}）。`,
      `Operator.UserId ${operatorUserId} is not an employee of the organization, so it cannot act for it.`,
    );
  }
  if (!operator.verified) {
    throw essError(
      "OperationDenied.NoIdentityVerify",
      `未通过个人实名认证：Operator.UserId ${operatorUserId} 尚未实名，请先通过邀请链接完成实名。`,
      `Operator.UserId ${operatorUserId} has not completed identity verification; complete it through the invitation link first.`,
    );
  }
  return { callerOrganizationId, organization, operator };
}
