/** A group's organizations as DescribeOrganizationGroupOrganizations lists them: the main enterprise, then its members. */
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { maskName, maskSealedMobile } from "./masking.ts";
import type { ActingContext } from "./operators.ts";
import { MEMBER_JOINED } from "./organization-groups.ts";
import type { OrganizationRecord } from "../store/ports.ts";

/** 1 待授权, 2 已授权待激活, 3 拒绝授权, 4 已解除, 5 已加入 (spec). essd's members are only ever 5. */
export const MEMBER_STATUSES = [1, 2, 3, 4, 5] as const;

export interface GroupRow {
  organizationId: string;
  name: string;
  isMain: boolean;
  status: number;
  creditCode: string;
  admin: { name: string; mobile: string };
  /** Unix seconds. */
  joinTime: number;
  updateTime: number;
}

export interface GroupPage {
  total: number;
  /** Members authorized but not active (status 2): none in essd, where joining is activating. */
  authorizedTotal: number;
  /** Members that joined (status 5), the main enterprise not counted. */
  joinedTotal: number;
  rows: GroupRow[];
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function describeGroup(
  deps: DomainDeps,
  acting: ActingContext,
  query: { limit: number; offset: number; name?: string; status?: number; organizationId?: string },
): Promise<GroupPage> {
  const main = acting.organization;
  if (main.parentId) throw errors.groupMainOnly({ organizationId: main.id });
  // The list is the main enterprise, then its members in the order they joined: the main one is matched here, the
  // members are matched, counted and paged by the store, and the page shifts by one where the main one matched.
  const nameContains = query.name || undefined;
  const joinedTotal = () => deps.store.countGroupMembers(main.id);
  if (query.status !== undefined && query.status !== MEMBER_JOINED) return { total: 0, authorizedTotal: 0, joinedTotal: await joinedTotal(), rows: [] };
  const mainMatches = (nameContains === undefined || main.name.includes(nameContains)) && (query.organizationId === undefined || query.organizationId === main.id);
  const head = mainMatches && query.offset === 0 ? 1 : 0;
  const members = await deps.store.pageGroupMembers(main.id, {
    nameContains,
    id: query.organizationId,
    offset: mainMatches ? Math.max(0, query.offset - 1) : query.offset,
    limit: query.limit - head,
  });
  const listed = [...(head ? [{ org: main, isMain: true }] : []), ...members.rows.map((org) => ({ org, isMain: false }))];
  const rows = await Promise.all(listed.map(({ org, isMain }) => rowOf(deps, org, isMain)));
  const unfiltered = nameContains === undefined && query.organizationId === undefined;
  return { total: members.total + (mainMatches ? 1 : 0), authorizedTotal: 0, joinedTotal: unfiltered ? members.total : await joinedTotal(), rows };
}

async function rowOf(deps: DomainDeps, org: OrganizationRecord, isMain: boolean): Promise<GroupRow> {
  const joinedAt = isMain ? org.createdAt : (org.groupJoinedAt ?? org.createdAt);
  return {
    organizationId: org.id,
    name: org.name,
    isMain,
    status: MEMBER_JOINED,
    creditCode: org.creditCode ?? "",
    admin: await superAdminOf(deps, org.id),
    joinTime: seconds(joinedAt),
    updateTime: seconds(joinedAt),
  };
}

/** The organization's first current super-admin, masked as ESS shows an admin (`王*新`, `150****7992`). */
async function superAdminOf(deps: DomainDeps, organizationId: string): Promise<{ name: string; mobile: string }> {
  const role = (await deps.store.listRoles(organizationId)).find((r) => r.name === "超级管理员");
  if (!role) return { name: "", mobile: "" };
  const rows = await deps.store.firstEmployees(organizationId, { roleIds: [role.id] }, 20);
  const admin = rows.find((e) => !e.quit);
  if (!admin) return { name: "", mobile: "" };
  return { name: maskName(admin.displayName), mobile: admin.mobileSealed ? maskSealedMobile(deps.box, admin.mobileSealed) : "" };
}
