/**
 * Groups (集团): a main enterprise and the enterprises that joined it. Membership is the member's `parentId`, the
 * same fact Agent.ProxyOrganizationId is checked against (operators.ts), so a joined enterprise can be acted for at
 * once. An enterprise joins through the group's invitation link: its super-admin (or legal representative) proves
 * their mobile by SMS on the link's page, then picks which of their enterprises joins.
 */
import { emitCallback } from "./callbacks/emit.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { DAY_MS, issueLink, type IssuedLink } from "./links.ts";
import type { ActingContext } from "./operators.ts";
import { inTransaction } from "./transaction.ts";
import type { EmployeeRecord, LinkRecord, OrganizationRecord } from "../store/ports.ts";

export const GROUP_INVITATION_KIND = "group-invitation";
/** "其上限为30天的有效期限" (spec, CreateOrganizationGroupInvitationLink.ExpireTime). */
export const GROUP_INVITATION_MAX_TTL_MS = 30 * DAY_MS;
/** The roles whose holder may have an enterprise join a group: "分享至子企业超管或者法人". */
export const JOINING_ROLES = ["超级管理员", "法人"] as const;

/**
 * How many of a person's memberships (employees with their mobile, oldest first) the invitation page looks at: one
 * mobile may be an employee of every enterprise a tenant verified, and the page lists enterprises to pick from.
 */
export const MAX_JOIN_MEMBERSHIPS = 100;

/** Member states as DescribeOrganizationGroupOrganizations reports them; essd's members are all 5 (已加入). */
export const MEMBER_JOINED = 5;

/**
 * Issues the group's invitation link, valid until `expiresAt` (epoch ms). The caller's organization becomes (or
 * stays) the group; one that is itself a member of a group cannot invite.
 */
export async function createGroupInvitation(deps: DomainDeps, acting: ActingContext, input: { expiresAt: number }): Promise<IssuedLink> {
  const group = acting.organization;
  if (group.parentId) throw errors.groupMainOnly({ organizationId: group.id });
  return issueLink(deps, { kind: GROUP_INVITATION_KIND, organizationId: group.id, target: { groupId: group.id }, ttlMs: input.expiresAt - deps.clock.now() });
}

export type JoinStanding = "joinable" | "member" | "other-group" | "is-group";

export interface JoinCandidate {
  organization: OrganizationRecord;
  standing: JoinStanding;
}

/**
 * The enterprises whose super-admin or legal representative holds `mobile` (a verified, current employee), among
 * the person's MAX_JOIN_MEMBERSHIPS oldest memberships, and whether each can join `groupId`: a member of a group
 * (this one or another) cannot, nor can a group itself.
 */
export async function joinCandidates(deps: DomainDeps, groupId: string, mobile: string): Promise<JoinCandidate[]> {
  return candidatesAmong(deps, groupId, await deps.store.findEmployeesEverywhereByMobileHash(deps.box.lookupHash(mobile), MAX_JOIN_MEMBERSHIPS));
}

async function candidatesAmong(deps: DomainDeps, groupId: string, held: EmployeeRecord[]): Promise<JoinCandidate[]> {
  const candidates: JoinCandidate[] = [];
  const seen = new Set<string>();
  for (const employee of held) {
    if (seen.has(employee.organizationId) || !(await mayJoinFor(deps, employee))) continue;
    seen.add(employee.organizationId);
    const organization = await deps.store.getOrganization(employee.organizationId);
    if (organization) candidates.push({ organization, standing: await standingOf(deps, organization, groupId) });
  }
  return candidates;
}

async function mayJoinFor(deps: DomainDeps, employee: EmployeeRecord): Promise<boolean> {
  if (!employee.verified || employee.quit) return false;
  const roles = await deps.store.listRoles(employee.organizationId);
  const allowed = new Set(roles.filter((r) => (JOINING_ROLES as readonly string[]).includes(r.name)).map((r) => r.id));
  return employee.roleIds.some((id) => allowed.has(id));
}

async function standingOf(deps: DomainDeps, organization: OrganizationRecord, groupId: string): Promise<JoinStanding> {
  if (organization.parentId === groupId) return "member";
  if (organization.parentId) return "other-group";
  if (organization.id === groupId || (await deps.store.hasGroupMembers(organization.id))) return "is-group";
  return "joinable";
}

/**
 * Joins `organizationId` to the link's group, for the holder of `mobile` (proved by SMS on the link's page), and
 * tells the group's callback receiver (SubOrganizationJoinOrganizationGroup).
 */
export async function joinGroupThroughLink(deps: DomainDeps, input: { link: LinkRecord; organizationId: string; mobile: string }): Promise<OrganizationRecord> {
  const groupId = String(input.link.target.groupId);
  // The person's employees in that one enterprise, not all their memberships (which the page bounds).
  const held = await deps.store.findEmployeesByMobileHash(input.organizationId, deps.box.lookupHash(input.mobile));
  const [candidate] = await candidatesAmong(deps, groupId, held);
  // An enterprise the person does not administer answers like one that does not exist.
  if (!candidate) throw errors.organizationNotFound({ organizationId: input.organizationId });
  const name = candidate.organization.name;
  if (candidate.standing === "member") throw errors.alreadyInThisGroup({ name });
  if (candidate.standing === "other-group") throw errors.alreadyInAnotherGroup({ name });
  if (candidate.standing === "is-group") throw errors.isGroupItself({ name });
  return inTransaction(deps, async (tx) => {
    const now = deps.clock.now();
    // The store re-checks in the same statement: a join racing this one (another tab, another node) loses.
    if (!(await tx.store.joinGroup(input.organizationId, groupId, now))) {
      throw errors.alreadyInAnotherGroup({ name });
    }
    await emitSubOrganizationJoined(tx, groupId, candidate.organization, now);
    return { ...candidate.organization, parentId: groupId, groupJoinedAt: now };
  });
}

/** 子企业加入集团: to the group's receiver, in the transaction that made the enterprise a member. */
export async function emitSubOrganizationJoined(tx: DomainDeps, groupId: string, member: OrganizationRecord, at: number): Promise<void> {
  const group = await tx.store.getOrganization(groupId);
  await emitCallback(tx, groupId, "SubOrganizationJoinOrganizationGroup", {
    OrganizationId: groupId,
    OrganizationName: group?.name ?? "",
    SubOrganizationId: member.id,
    SubOrganizationName: member.name,
    Status: MEMBER_JOINED,
    JoinTime: Math.floor(at / 1000),
  });
}

/**
 * Those of `organizationIds` whose super-admin or legal representative holds `mobile` (verified, current): looked
 * up in each of them, not among all of the person's memberships (which have no bound).
 */
export async function organizationsAdministeredBy(deps: DomainDeps, mobile: string, organizationIds: readonly string[]): Promise<Set<string>> {
  const hash = deps.box.lookupHash(mobile);
  const ids = new Set<string>();
  for (const organizationId of new Set(organizationIds)) {
    for (const employee of await deps.store.findEmployeesByMobileHash(organizationId, hash)) {
      if (await mayJoinFor(deps, employee)) ids.add(organizationId);
    }
  }
  return ids;
}
