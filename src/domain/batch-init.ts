/**
 * CreateBatchInitOrganizationUrl: one link through which the super-admin (or legal representative) of enterprises
 * the caller guided to verification performs initial operations for them. What essd emulates of each operation:
 * AUTH_JOIN_ORGANIZATION_GROUP makes the enterprise a member of the caller's group (organization-groups.ts);
 * the others (seals, automatic signing, partner authorization, admin-change authorization) have no further effect
 * in essd and are recorded. Every operation done is recorded once per link and enterprise (control API).
 */
import { emitCallback } from "./callbacks/emit.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { DAY_MS, issueLink, type IssuedLink } from "./links.ts";
import type { ActingContext } from "./operators.ts";
import { emitSubOrganizationJoined, organizationsAdministeredBy } from "./organization-groups.ts";
import { inTransaction } from "./transaction.ts";
import type { InitializationRecord, LinkRecord, OrganizationRecord } from "../store/ports.ts";

export const OPERATE_TYPES = ["CREATE_SEAL", "AUTH_JOIN_ORGANIZATION_GROUP", "OPEN_AUTO_SIGN", "PARTNER_AUTO_SIGN_AUTH", "CHANGE_SUB_ORGANIZATION_ADMIN_AUTH"] as const;
export type OperateType = (typeof OPERATE_TYPES)[number];
export const BATCH_INIT_KIND = "batch-init";
/** "操作链接过期时间默认为生成链接后7天". */
export const BATCH_INIT_TTL_MS = 7 * DAY_MS;
export const MAX_INIT_ORGANIZATIONS = 50;

export interface BatchInitRequest {
  operateTypes: OperateType[];
  organizationIds: string[];
  authorizedOrganizationId?: string;
  changeAdminAuthAutoSign?: boolean;
}

/** Checks the request against what the caller may initialise and issues the link (7 days). */
export async function createBatchInitLink(deps: DomainDeps, acting: ActingContext, input: BatchInitRequest): Promise<IssuedLink> {
  const caller = acting.organization;
  const operateTypes = [...new Set(input.operateTypes)];
  const organizationIds = [...new Set(input.organizationIds)];
  if (operateTypes.includes("AUTH_JOIN_ORGANIZATION_GROUP") && caller.parentId) throw errors.groupMainOnly({ organizationId: caller.id });
  if (operateTypes.includes("PARTNER_AUTO_SIGN_AUTH")) {
    if (!input.authorizedOrganizationId) throw errors.missingParameter({ name: "AuthorizedOrganizationId" });
    if (!(await deps.store.getOrganization(input.authorizedOrganizationId))) {
      throw errors.invalidParameterValue({ name: "AuthorizedOrganizationId", why: { zh: "该企业不存在。", en: "no such organization." } });
    }
  }
  // "需要是通过平台方引导认证的企业": a flow of the caller verified each of them.
  const flows = await deps.store.findAuthFlows(caller.id, { verifiedOrganizationIds: organizationIds });
  const guided = new Set(flows.filter((f) => f.state === "verified").map((f) => f.verifiedOrganizationId));
  const foreign = organizationIds.filter((id) => !guided.has(id));
  if (foreign.length) {
    throw errors.invalidParameterValue({
      name: "OrganizationIds",
      why: { zh: `${foreign.join("、")} 不是经本企业引导完成认证的企业。`, en: `${foreign.join(", ")} were not verified through this organization's links.` },
    });
  }
  const detail = {
    ...(input.authorizedOrganizationId && operateTypes.includes("PARTNER_AUTO_SIGN_AUTH") ? { AuthorizedOrganizationId: input.authorizedOrganizationId } : {}),
    ...(input.changeAdminAuthAutoSign !== undefined && operateTypes.includes("CHANGE_SUB_ORGANIZATION_ADMIN_AUTH") ? { ChangeAdminAuthAutoSign: input.changeAdminAuthAutoSign } : {}),
  };
  return issueLink(deps, { kind: BATCH_INIT_KIND, organizationId: caller.id, target: { operateTypes, organizationIds, detail, operatorId: acting.operator.id }, ttlMs: BATCH_INIT_TTL_MS });
}

export interface BatchInitView {
  link: LinkRecord;
  operateTypes: OperateType[];
  organizations: Array<{ organization: OrganizationRecord; done: Set<string> }>;
}

export async function batchInitOf(deps: DomainDeps, link: LinkRecord): Promise<BatchInitView> {
  const operateTypes = link.target.operateTypes as OperateType[];
  const records = await deps.store.listInitializations(link.organizationId, { linkCode: link.code, limit: MAX_INIT_ORGANIZATIONS * OPERATE_TYPES.length });
  const organizations = [];
  for (const id of link.target.organizationIds as string[]) {
    const organization = await deps.store.getOrganization(id);
    if (organization) organizations.push({ organization, done: new Set(records.filter((r) => r.targetOrganizationId === id).map((r) => r.operateType)) });
  }
  return { link, operateTypes, organizations };
}

/** The link's enterprises the holder of `mobile` does not administer ("操作人需要是所有企业的超管或法人"). */
export async function notAdministered(deps: DomainDeps, view: BatchInitView, mobile: string): Promise<OrganizationRecord[]> {
  const mine = await organizationsAdministeredBy(deps, mobile, view.organizations.map((o) => o.organization.id));
  return view.organizations.map((o) => o.organization).filter((o) => !mine.has(o.id));
}

/**
 * Performs the link's operations not yet done for one of its enterprises, as the holder of `mobile`, who must
 * administer every enterprise of the link. Recorded, with the callbacks ESS sends for them, in one transaction.
 */
export async function performInitialization(deps: DomainDeps, input: { link: LinkRecord; organizationId: string; mobile: string }): Promise<OperateType[]> {
  const view = await batchInitOf(deps, input.link);
  const entry = view.organizations.find((o) => o.organization.id === input.organizationId);
  if (!entry) throw errors.organizationNotFound({ organizationId: input.organizationId });
  const refused = await notAdministered(deps, view, input.mobile);
  if (refused.length) throw errors.notAdminOfAll({ names: refused.map((o) => o.name) });
  const pending = view.operateTypes.filter((t) => !entry.done.has(t));
  const groupId = input.link.organizationId;
  const detail = (input.link.target.detail as Record<string, unknown> | undefined) ?? {};
  return inTransaction(deps, async (tx) => {
    const now = deps.clock.now();
    for (const type of pending) {
      if (type === "AUTH_JOIN_ORGANIZATION_GROUP") await joinCallersGroup(tx, groupId, input.organizationId, now);
      if (type === "OPEN_AUTO_SIGN") {
        // 开通/关闭扩展服务 (OperateExtendedService, reference §7.2): automatic signing is an extended service.
        await emitCallback(tx, groupId, "OperateExtendedService", {
          OrganizationId: input.organizationId,
          OrganizationName: entry.organization.name,
          ServiceType: "AUTO_SIGN",
          OperateType: "OPEN",
          OperateTime: Math.floor(now / 1000),
        });
      }
    }
    const records: InitializationRecord[] = pending.map((operateType) => ({
      linkCode: input.link.code,
      targetOrganizationId: input.organizationId,
      operateType,
      organizationId: groupId,
      detail: operateType === "PARTNER_AUTO_SIGN_AUTH" || operateType === "CHANGE_SUB_ORGANIZATION_ADMIN_AUTH" ? detail : {},
      doneAt: now,
    }));
    await tx.store.insertInitializations(records);
    return pending;
  });
}

async function joinCallersGroup(tx: DomainDeps, groupId: string, organizationId: string, now: number): Promise<void> {
  const organization = (await tx.store.getOrganization(organizationId))!;
  if (organization.parentId === groupId) return;
  if (organization.parentId) throw errors.alreadyInAnotherGroup({ name: organization.name });
  if (!(await tx.store.joinGroup(organizationId, groupId, now))) throw errors.isGroupItself({ name: organization.name });
  await emitSubOrganizationJoined(tx, groupId, organization, now);
}

/** What the control API shows of a tenant's recorded operations. */
export async function listInitializations(deps: DomainDeps, organizationId: string, limit: number) {
  const records = await deps.store.listInitializations(organizationId, { limit });
  return {
    initializations: records.map((r) => ({
      organizationId: r.targetOrganizationId,
      operateType: r.operateType,
      detail: r.detail,
      doneAt: Math.floor(r.doneAt / 1000),
    })),
  };
}
