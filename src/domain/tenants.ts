import { createApiKey } from "./api-keys.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { verifiedEmployee } from "./employees.ts";
import type { OrganizationRecord, RoleRecord } from "../store/ports.ts";
import { inTransaction } from "./transaction.ts";

/** The roles every ESS organization starts with (names as the official examples show them). */
export const STANDARD_ROLES = ["法人", "超级管理员", "业务员", "企业员工"] as const;
export type StandardRole = (typeof STANDARD_ROLES)[number];

export interface CreatedTenant {
  OrganizationId: string;
  OrganizationName: string;
  OperatorUserId: string;
  SecretId: string;
  SecretKey: string;
}

/**
 * Creates an organization with its standard roles, one verified super-admin operator (the `Operator.UserId`
 * for API calls) and one API key pair. With `parentId` the organization joins that group as a sub-enterprise.
 */
export async function createTenant(deps: DomainDeps, input: { name: string; parentId?: string; operatorName?: string }): Promise<CreatedTenant> {
  return inTransaction(deps, async (tx) => {
    const { store } = tx;
    const created = await createOrganization(tx, input);
    const key = await createApiKey(tx, created.organizationId);
    return { OrganizationId: created.organizationId, OrganizationName: created.name, OperatorUserId: created.operatorId, ...key };
  });
}

/**
 * An organization with its standard roles and a verified super-admin, without API keys: what an enterprise
 * that finished verification (认证) becomes. The super-admin's mobile, when known, is kept sealed.
 */
export async function createOrganization(
  deps: DomainDeps,
  input: {
    /** The id to give it, when already chosen (a claimed id, ../platforms/activation.ts); a new one otherwise. */
    id?: string;
    name: string;
    parentId?: string;
    operatorName?: string;
    operatorMobileSealed?: string | null;
    operatorMobileHash?: string | null;
    /** The enterprise's verified credit code. */
    creditCode?: string;
  },
): Promise<{ organizationId: string; name: string; operatorId: string }> {
  const name = input.name.trim();
  if (!name) throw errors.organizationNameEmpty();
  return deps.store.transaction(async (store) => {
    if (input.parentId) {
      const parent = await store.getOrganization(input.parentId);
      if (!parent) throw errors.parentOrganizationNotFound({ organizationId: input.parentId });
      if (parent.parentId) {
        throw errors.parentIsSubEnterprise({ parentId: input.parentId });
      }
    }
    const now = deps.clock.now();
    const org: OrganizationRecord = {
      id: input.id ?? deps.ids.next("organization"),
      name,
      parentId: input.parentId ?? null,
      createdAt: now,
      creditCode: input.creditCode ?? null,
      groupJoinedAt: input.parentId ? now : null,
    };
    const roles: RoleRecord[] = STANDARD_ROLES.map((roleName) => ({ id: deps.ids.next("role"), organizationId: org.id, name: roleName }));
    await store.insertOrganization(org, roles);
    const operatorId = deps.ids.next("user");
    await store.insertEmployee(
      verifiedEmployee(
        {
          id: operatorId,
          organizationId: org.id,
          displayName: input.operatorName ?? "超级管理员",
          mobileSealed: input.operatorMobileSealed ?? null,
          mobileHash: input.operatorMobileHash ?? null,
          roleIds: roles.filter((r) => r.name === "超级管理员" || r.name === "企业员工").map((r) => r.id),
        },
        now,
      ),
    );
    return { organizationId: org.id, name, operatorId };
  });
}
