/**
 * 超管变更 (ChangeType 1): the enterprise's current super-admin or legal representative hands the super-admin role to
 * another verified, current employee. Done at once (no review: the person who proved the mobile holds the role
 * or is the legal representative), recorded, and told to the link creator's receiver (SuperAdminChange).
 */
import { emitCallback } from "../callbacks/emit.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { inTransaction } from "../transaction.ts";
import type { EmployeeRecord, OrganizationChangeRecord } from "../../store/ports.ts";
import { administers, SUPER_ADMIN_CHANGE, type OrganizationChangeLinkView } from "./links.ts";

export const SUPER_ADMIN_ROLE = "超级管理员";
/** Employees listed as possible new super-admins; an enterprise with more is offered its first ones. */
const MAX_CANDIDATES = 200;

export interface SuperAdminSituation {
  roleId: string | undefined;
  /** The current super-admins (verified or not, never resigned). */
  current: EmployeeRecord[];
  /** Who may become super-admin: verified, current employees that are not already. */
  candidates: EmployeeRecord[];
}

export async function superAdminSituation(deps: DomainDeps, organizationId: string): Promise<SuperAdminSituation> {
  const roleId = (await deps.store.listRoles(organizationId)).find((r) => r.name === SUPER_ADMIN_ROLE)?.id;
  const rows = await deps.store.firstEmployees(organizationId, { verified: true }, MAX_CANDIDATES);
  const current = roleId ? (await deps.store.firstEmployees(organizationId, { roleIds: [roleId] }, 20)).filter((e) => !e.quit) : [];
  const candidates = rows.filter((e) => !e.quit && !(roleId && e.roleIds.includes(roleId)));
  return { roleId, current, candidates };
}

/** Hands the role to `newAdminId`, as the holder of `mobile` (proved by SMS on the link's page). */
export async function changeSuperAdmin(deps: DomainDeps, view: OrganizationChangeLinkView, input: { mobile: string; newAdminId: string }): Promise<OrganizationChangeRecord> {
  const organization = view.organization;
  if (!(await administers(deps, organization.id, input.mobile))) throw errors.notAdminOfAll({ names: [organization.name] });
  const situation = await superAdminSituation(deps, organization.id);
  const next = situation.candidates.find((e) => e.id === input.newAdminId);
  if (!situation.roleId || !next) {
    throw errors.invalidParameterValue({ name: "newAdminId", why: { zh: "不是本企业已实名、在职且非超管的员工。", en: "is not a verified, current employee of the enterprise who is not its super-admin already." } });
  }
  // The person acting, if they are the super-admin, hands over their own role; a legal representative takes it from the first.
  const actorHash = deps.box.lookupHash(input.mobile);
  const previous = situation.current.find((e) => e.mobileHash === actorHash) ?? situation.current[0];
  return inTransaction(deps, async (tx) => {
    const now = deps.clock.now();
    // The store re-checks, under a lock, that the role is still where this page saw it: of two hand-overs
    // submitted at once (two tabs, two people, two nodes) one moves it, the other is refused and changes nothing.
    if (!(await tx.store.moveRole(situation.roleId!, previous?.id ?? null, next.id))) throw errors.superAdminChangedMeanwhile({ name: organization.name });
    const change: OrganizationChangeRecord = {
      id: deps.ids.next("change"),
      organizationId: view.link.organizationId,
      targetOrganizationId: organization.id,
      linkCode: view.link.code,
      changeType: SUPER_ADMIN_CHANGE,
      state: "done",
      oldName: organization.name,
      newName: organization.name,
      creditCode: organization.creditCode ?? "",
      legalName: "",
      address: "",
      oldAdminId: previous?.id ?? null,
      newAdminId: next.id,
      reason: "",
      createdAt: now,
      updatedAt: now,
    };
    await tx.store.insertOrganizationChange(change);
    const message = {
      OrganizationId: organization.id,
      OrganizationName: organization.name,
      OldSuperAdminUserId: previous?.id ?? "",
      NewSuperAdminUserId: next.id,
      ChangeTime: Math.floor(now / 1000),
    };
    for (const receiver of receiversOf(change)) await emitCallback(tx, receiver, "SuperAdminChange", message);
    return change;
  });
}

/** Who hears of a change: the link's creator, and the enterprise itself when it is another. */
export const receiversOf = (change: Pick<OrganizationChangeRecord, "organizationId" | "targetOrganizationId">): string[] =>
  change.organizationId === change.targetOrganizationId ? [change.organizationId] : [change.organizationId, change.targetOrganizationId];
