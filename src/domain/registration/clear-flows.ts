import type { AuthFlowRecord } from "../../store/ports.ts";
import { emitOrganizationAuthorization, emitOrgAuthorizationFileInvalid } from "../callbacks/index.ts";
import { progressOf } from "../authorization/flow-machine.ts";
import { lockFlow } from "../authorization/flows.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import type { ActingContext } from "../operators.ts";
import { normalizeName } from "./registry.ts";
import { inTransaction } from "../transaction.ts";
import { platformOf } from "../platforms/activation.ts";

/** How many flows one call by admin (without AuthorizationIds) clears at most. */
export const CLEARED_BY_ADMIN = 100;

export interface ClearedFlow {
  authorizationId: string;
  organizationName: string;
  /** The platform's id of the flow's sub-enterprise (essbasic), "" for an enterprise's own flow. */
  organizationOpenId: string;
  errorMessage: string;
}

/**
 * Clears unfinished flows created by this operator: the given ids, or the open flows of one super-admin (the newest
 * CLEARED_BY_ADMIN). Status 1 all cleared, 2 some, 3 none (reference §6.7). Each cleared flow queues an
 * OrganizationAuthorization (Invalidated) callback that commits with the clearing, and one holding a power of
 * attorney that was not rejected also an OrgAuthorizationFileInvalid (授权书失效): the file no longer counts.
 */
export async function clearAuthFlows(
  deps: DomainDeps,
  acting: ActingContext,
  input: { authorizationIds?: string[]; adminName?: string; adminMobile?: string },
): Promise<{ status: 1 | 2 | 3; results: ClearedFlow[] }> {
  const organizationId = acting.organization.id;
  let targets: Array<{ id: string; flow?: AuthFlowRecord }>;
  if (input.authorizationIds?.length) {
    const flows = await deps.store.findAuthFlows(organizationId, { ids: input.authorizationIds, operatorId: acting.operator.id });
    const byId = new Map(flows.map((f) => [f.id, f]));
    targets = [...new Set(input.authorizationIds)].map((id) => ({ id, flow: byId.get(id) }));
  } else {
    if (!input.adminName?.trim()) throw errors.adminRequiredWithoutAuthorizationIds({ name: "AdminName" });
    if (!input.adminMobile?.trim()) throw errors.adminRequiredWithoutAuthorizationIds({ name: "AdminMobile" });
    // Unfinished means not verified and not already cleared: open and failed flows alike. At most the newest
    // CLEARED_BY_ADMIN a call (as many as AuthorizationIds may name), oldest of them first: an admin may have
    // millions, each cleared with its callbacks in this one transaction; a second call clears the older ones.
    const flows = await deps.store.findAuthFlows(organizationId, {
      operatorId: acting.operator.id,
      adminMobileHash: deps.box.lookupHash(input.adminMobile.trim()),
      states: ["active", "failed"],
      newest: CLEARED_BY_ADMIN,
    });
    const open = flows.reverse().filter((f) => normalizeName(f.adminName) === normalizeName(input.adminName!));
    if (!open.length) {
      throw errors.noFlowsInProgress();
    }
    targets = open.map((flow) => ({ id: flow.id, flow }));
  }

  const now = deps.clock.now();
  const results: ClearedFlow[] = [];
  await inTransaction(deps, async (tx) => {
    const { store } = tx;
    for (const target of targets) {
      const { id } = target;
      // Read again under the flow's locks: a step may have verified or cleared it since the read above.
      const flow = target.flow && (await lockFlow(store, organizationId, id));
      const why = !flow ? "企业认证不存在" : flow.state === "verified" ? "企业已完成认证，无法清除" : flow.state === "cleared" ? "认证流已被清除" : "";
      if (!why) {
        await store.updateAuthFlow(id, { state: "cleared" }, now);
        await emitOrganizationAuthorization(tx, flow!, { status: "Invalidated", reason: "DeleteOrganizationAuthorizations" });
        if (progressOf(flow!).powerOfAttorney !== undefined && flow!.auditStatus !== 2) {
          await emitOrgAuthorizationFileInvalid(tx, flow!, "认证流已被清除（DeleteOrganizationAuthorizations），授权书失效");
        }
      }
      const organizationOpenId = (flow && platformOf(flow)?.organizationOpenId) ?? "";
      results.push({ authorizationId: id, organizationName: flow?.organizationName ?? "", organizationOpenId, errorMessage: why });
    }
  });
  const cleared = results.filter((r) => !r.errorMessage).length;
  return { status: cleared === results.length ? 1 : cleared ? 2 : 3, results };
}
