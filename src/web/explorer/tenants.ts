import type { DomainDeps } from "../../domain/deps.ts";
import type { ApiKeyRecord } from "../../store/ports.ts";

/** What the explorer shows of a tenant: ids only. SecretKeys stay sealed in the store and never reach the page. */
export interface ExplorerTenant {
  OrganizationId: string;
  OrganizationName: string;
  ParentOrganizationId: string | null;
  /** Verified super-admins first, then other verified employees: the usable `Operator.UserId`s. */
  OperatorUserIds: string[];
  SecretIds: string[];
}

/** What the explorer shows of a platform's application (essbasic's caller): ids only, as for tenants. */
export interface ExplorerApplication {
  AppId: string;
  PlatformName: string;
  SecretIds: string[];
  /** The application's first sub-enterprises' OpenIds, offered for `Agent.ProxyOrganizationOpenId`. */
  OrganizationOpenIds: string[];
  /** The first few sub-enterprises' operators' OpenIds, offered for `Agent.ProxyOperator.OpenId`. */
  OperatorOpenIds: string[];
}

// A sandbox store holds a handful of tenants; a test store may hold hundreds, and the picker stays usable.
const MAX_TENANTS = 200;
const MAX_OPERATORS = 5;
const MAX_OPEN_IDS = 20;

/** Active SecretIds by the organization they sign for, an application's apart (they sign essbasic calls only). */
function activeKeys(keys: ApiKeyRecord[]): { byOrganization: Map<string, string[]>; byApplication: Map<string, string[]> } {
  const byOrganization = new Map<string, string[]>();
  const byApplication = new Map<string, string[]>();
  for (const key of keys) {
    if (key.status !== "active") continue;
    const [map, owner] = key.applicationId ? [byApplication, key.applicationId] : [byOrganization, key.organizationId];
    map.set(owner, [...(map.get(owner) ?? []), key.secretId]);
  }
  return { byOrganization, byApplication };
}

/** The enterprises that call ess: every organization but the ones that stand for a platform's application. */
export async function listExplorerTenants(deps: DomainDeps): Promise<ExplorerTenant[]> {
  const [keys, applications] = await Promise.all([deps.store.listApiKeys(), deps.store.listApplications()]);
  const owners = new Set(applications.map((a) => a.organizationId));
  // The first MAX_TENANTS that are not an application's, read as such: every verified enterprise is an organization
  // too, so a sandbox that verified many would have the page read them all. (Applications are the operator's few.)
  const organizations = await deps.store.listOrganizations(MAX_TENANTS + owners.size);
  const { byOrganization } = activeKeys(keys);
  return Promise.all(
    organizations
      .filter((org) => !owners.has(org.id))
      .slice(0, MAX_TENANTS)
      .map(async (org) => ({
        OrganizationId: org.id,
        OrganizationName: org.name,
        ParentOrganizationId: org.parentId,
        OperatorUserIds: await operatorsOf(deps, org.id),
        SecretIds: byOrganization.get(org.id) ?? [],
      })),
  );
}

/** The platforms' applications, oldest first, with their keys and a few OpenIds they already use. */
export async function listExplorerApplications(deps: DomainDeps): Promise<ExplorerApplication[]> {
  const [applications, platforms, keys] = await Promise.all([deps.store.listApplications(), deps.store.listPlatforms(), deps.store.listApiKeys()]);
  const names = new Map(platforms.map((p) => [p.id, p.name]));
  const { byApplication } = activeKeys(keys);
  return Promise.all(
    applications.slice(0, MAX_TENANTS).map(async (app) => {
      const { rows } = await deps.store.pageProxyOrganizations(app.id, { offset: 0, limit: MAX_OPEN_IDS });
      const operators = (await Promise.all(rows.slice(0, MAX_OPERATORS).map((r) => deps.store.listProxyOperators(app.id, r.openId)))).flat();
      return {
        AppId: app.id,
        PlatformName: names.get(app.platformId) ?? app.platformId,
        SecretIds: byApplication.get(app.id) ?? [],
        OrganizationOpenIds: rows.map((r) => r.openId),
        OperatorOpenIds: [...new Set(operators.filter((o) => o.status === "active").map((o) => o.openId))].slice(0, MAX_OPEN_IDS),
      };
    }),
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
