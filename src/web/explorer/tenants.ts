import type { DomainDeps } from "../../domain/deps.ts";

/** What the explorer shows of a tenant: ids only. SecretKeys stay sealed in the store and never reach the page. */
export interface ExplorerTenant {
  OrganizationId: string;
  OrganizationName: string;
  ParentOrganizationId: string | null;
  /** Verified super-admins first, then other verified employees: the usable `Operator.UserId`s. */
  OperatorUserIds: string[];
  SecretIds: string[];
}

// A sandbox store holds a handful of tenants; a test store may hold hundreds, and the picker stays usable.
const MAX_TENANTS = 200;
const MAX_OPERATORS = 5;

export async function listExplorerTenants(deps: DomainDeps): Promise<ExplorerTenant[]> {
  const [organizations, keys] = await Promise.all([deps.store.listOrganizations(), deps.store.listApiKeys()]);
  const active = new Map<string, string[]>();
  for (const key of keys) {
    if (key.status !== "active") continue;
    active.set(key.organizationId, [...(active.get(key.organizationId) ?? []), key.secretId]);
  }
  return Promise.all(
    organizations.slice(0, MAX_TENANTS).map(async (org) => ({
      OrganizationId: org.id,
      OrganizationName: org.name,
      ParentOrganizationId: org.parentId,
      OperatorUserIds: await operatorsOf(deps, org.id),
      SecretIds: active.get(org.id) ?? [],
    })),
  );
}

async function operatorsOf(deps: DomainDeps, organizationId: string): Promise<string[]> {
  const roles = await deps.store.listRoles(organizationId);
  const superAdmin = roles.filter((r) => r.name === "超级管理员").map((r) => r.id);
  const admins = (await deps.store.listEmployees(organizationId, { verified: true, roleIds: superAdmin }, 0, MAX_OPERATORS)).rows;
  const others = admins.length < MAX_OPERATORS ? (await deps.store.listEmployees(organizationId, { verified: true }, 0, MAX_OPERATORS)).rows : [];
  const ids = [...admins, ...others].filter((e) => !e.quit).map((e) => e.id);
  return [...new Set(ids)].slice(0, MAX_OPERATORS);
}
