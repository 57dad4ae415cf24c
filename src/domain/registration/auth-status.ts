import type { AuthFlowRecord } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { maskMobile, maskName } from "../masking.ts";
import type { ActingContext } from "../operators.ts";
import { normalizeName } from "./registry.ts";

export interface AuthStatus {
  isVerified: boolean;
  /** 0 not started, 1 in progress, 2 verified (reference §6.8). */
  authStatus: 0 | 1 | 2;
  records: Array<{ operatorName: string; operatorMobile: string; authType: number; auditStatus: number; reason: string }>;
  organizationId?: string;
}

/** The verification state of an enterprise the caller guided, from the flows the caller started for it. */
export async function describeAuthStatus(
  deps: DomainDeps,
  acting: ActingContext,
  query: { organizationName?: string; creditCode?: string; legalName?: string; authorizationInfoId?: string },
): Promise<AuthStatus> {
  const name = query.organizationName?.trim();
  const code = query.creditCode?.trim().toUpperCase();
  if (!name && !code) {
    throw errors.orgNameOrCreditCodeMissing();
  }
  let flows = await deps.store.findAuthFlows(acting.organization.id, {
    ...(name ? { nameKey: normalizeName(name) } : {}),
    ...(code ? { creditCode: code } : {}),
    ...(query.authorizationInfoId ? { ids: [query.authorizationInfoId] } : {}),
  });
  const legalName = query.legalName?.trim();
  if (legalName) flows = flows.filter((f) => f.legalName === legalName);
  flows = flows.filter((f) => f.state !== "cleared");

  const verified = flows.find((f) => f.state === "verified");
  const inProgress = flows.some((f) => f.state === "active" && f.status !== "Processing");
  const authStatus = verified ? 2 : inProgress ? 1 : 0;
  return {
    isVerified: authStatus === 2,
    authStatus,
    records: flows.filter(hasAuthRecord).map((f) => record(deps, f)),
    ...(verified?.verifiedOrganizationId ? { organizationId: verified.verifiedOrganizationId } : {}),
  };
}

/**
 * Whether a flow shows in AuthRecords: not one that failed before anyone could act on it (the registry check
 * when its task was processed, which left it without a link); one that failed verification at a step shows
 * that step's AuthType, AuditStatus and, as Reason, why it failed.
 */
export const hasAuthRecord = (flow: Pick<AuthFlowRecord, "state" | "linkToken">): boolean => flow.state !== "failed" || flow.linkToken !== null;

function record(deps: DomainDeps, flow: AuthFlowRecord): AuthStatus["records"][number] {
  return {
    operatorName: flow.adminName ? maskName(flow.adminName) : "",
    operatorMobile: flow.adminMobileSealed ? maskMobile(deps.box.open(flow.adminMobileSealed)) : "",
    authType: flow.authType,
    auditStatus: flow.auditStatus,
    reason: flow.reason,
  };
}
