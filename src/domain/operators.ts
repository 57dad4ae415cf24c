import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
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
  if (!caller) throw errors.callerOrganizationGone();
  let organization = caller;
  if (proxyOrganizationId) {
    const proxied = await deps.store.getOrganization(proxyOrganizationId);
    // An organization that exists but is not in the caller's group answers exactly like an unknown one.
    if (!proxied || proxied.parentId !== caller.id) {
      throw errors.subOrganizationNotJoined({ proxyOrganizationId });
    }
    organization = proxied;
  }
  if (!USER_ID.test(operatorUserId)) {
    throw errors.invalidOperatorId();
  }
  const operator = await deps.store.getEmployee(operatorUserId);
  const belongs = operator && !operator.quit && (operator.organizationId === organization.id || operator.organizationId === caller.id);
  if (!belongs) {
    throw errors.operatorNotInOrganization({ userId: operatorUserId });
  }
  if (!operator.verified) {
    throw errors.operatorNotVerified({ userId: operatorUserId });
  }
  return { callerOrganizationId, organization, operator };
}
