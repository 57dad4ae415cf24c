import type { AuthFlowQuery, AuthFlowRecord, AuthStatusFlow } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { maskName, maskSealedMobile } from "../masking.ts";
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
  // What narrows the search besides the name: the flows found under the name, and those under a former name.
  const legalName = query.legalName?.trim();
  // Keys set one by one, not spread together: a key added to a spread copy is slow on Node 20 (docs/performance.md).
  const narrowing: { creditCode?: string; ids?: string[]; legalName?: string } = {};
  if (code) narrowing.creditCode = code;
  if (query.authorizationInfoId) narrowing.ids = [query.authorizationInfoId];
  if (legalName) narrowing.legalName = legalName;
  let flows = await recentFlows(deps, acting.organization.id, name ? Object.assign({ nameKey: normalizeName(name) }, narrowing) : narrowing);
  if (name) flows = await withRenamed(deps, acting.organization.id, flows, name, narrowing);

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

/** How many of an enterprise's flows (the newest) AuthRecords and AuthStatus 1 look at. */
export const RECENT_FLOWS = 100;

/**
 * The enterprise's RECENT_FLOWS newest flows that are not cleared, oldest first, and the newest verified one should
 * it be older: a caller may start any number of flows for one enterprise (CreateOrganizationAuthUrl), and all of
 * them were read, and listed in AuthRecords, on every call. The second read happens only when the bound was hit.
 */
async function recentFlows(deps: DomainDeps, tenantId: string, query: AuthFlowQuery): Promise<AuthStatusFlow[]> {
  const flows = (await deps.store.findAuthStatusFlows(tenantId, Object.assign({}, query, { states: ["active", "failed", "verified"], newest: RECENT_FLOWS }))).reverse();
  if (flows.length < RECENT_FLOWS || flows.some((f) => f.state === "verified")) return flows;
  return [...(await deps.store.findAuthStatusFlows(tenantId, Object.assign({}, query, { states: ["verified"], newest: 1 }))), ...flows];
}

/**
 * Adds the flows that verified an enterprise now called `name` after an approved change
 * (CreateOrganizationInfoChangeUrl): an enterprise is found by its new name as by the name it was verified with.
 */
async function withRenamed(deps: DomainDeps, tenantId: string, flows: AuthStatusFlow[], name: string, query: { creditCode?: string; ids?: string[]; legalName?: string }): Promise<AuthStatusFlow[]> {
  const key = normalizeName(name);
  const changes = await deps.store.findApprovedOrganizationChangesByName([...new Set([name, key])]);
  const renamed: string[] = [];
  for (const id of new Set(changes.map((c) => c.targetOrganizationId))) {
    const organization = await deps.store.getOrganization(id);
    if (organization && normalizeName(organization.name) === key) renamed.push(id);
  }
  if (!renamed.length) return flows;
  const seen = new Set(flows.map((f) => f.id));
  // Flows that verified the renamed organizations: one each, but a cleared one is not among them either.
  const more = (await deps.store.findAuthStatusFlows(tenantId, { ...query, verifiedOrganizationIds: renamed })).filter((f) => !seen.has(f.id) && f.state !== "cleared");
  return [...flows, ...more].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Whether a flow shows in AuthRecords: not one that failed before anyone could act on it (the registry check
 * when its task was processed, which left it without a link); one that failed verification at a step shows
 * that step's AuthType, AuditStatus and, as Reason, why it failed.
 */
export const hasAuthRecord = (flow: Pick<AuthFlowRecord, "state" | "linkToken">): boolean => flow.state !== "failed" || flow.linkToken !== null;

function record(deps: DomainDeps, flow: AuthStatusFlow): AuthStatus["records"][number] {
  return {
    operatorName: flow.adminName ? maskName(flow.adminName) : "",
    operatorMobile: flow.adminMobileSealed ? maskSealedMobile(deps.box, flow.adminMobileSealed) : "",
    authType: flow.authType,
    auditStatus: flow.auditStatus,
    reason: flow.reason,
  };
}
