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

/** A list the picker shows, and how many there are in all: more than it shows when it is capped. */
export interface Shown<T> {
  rows: T[];
  total: number;
}

// A sandbox store holds a handful of tenants; a test store may hold hundreds, and the picker stays usable. Every
// list is read up to what it shows, in SQL: a platform's thousands of sub-enterprises are organizations too.
const MAX_TENANTS = 200;
const MAX_OPERATORS = 5;
const MAX_OPEN_IDS = 20;
const MAX_SECRET_IDS = 20;

/** The enterprises that call ess, oldest first: every organization but the ones that stand for a platform's application. */
export async function listExplorerTenants(deps: DomainDeps): Promise<Shown<ExplorerTenant>> {
  const { rows, total } = await deps.store.listTenantOrganizations(MAX_TENANTS);
  const tenants = await Promise.all(
    rows.map(async (org) => ({
      OrganizationId: org.id,
      OrganizationName: org.name,
      ParentOrganizationId: org.parentId,
      OperatorUserIds: await operatorsOf(deps, org.id),
      SecretIds: await activeSecretIds(deps, org.id, null),
    })),
  );
  return { rows: tenants, total };
}

/** The platforms' applications, oldest first, with their keys and a few OpenIds they already use. */
export async function listExplorerApplications(deps: DomainDeps): Promise<Shown<ExplorerApplication>> {
  const { rows, total } = await deps.store.listFirstApplications(MAX_TENANTS);
  const applications = await Promise.all(
    rows.map(async (app) => {
      const proxies = await deps.store.listProxyOrganizations(app.id, MAX_OPEN_IDS);
      // Each sub-enterprise's OpenIds are distinct, so its first MAX_OPEN_IDS are all the list below can take of it.
      const operators = await Promise.all(proxies.slice(0, MAX_OPERATORS).map((p) => deps.store.listProxyOperators(app.id, p.openId, { status: "active", limit: MAX_OPEN_IDS })));
      return {
        AppId: app.id,
        PlatformName: app.platformName ?? app.platformId,
        SecretIds: await activeSecretIds(deps, app.organizationId, app.id),
        OrganizationOpenIds: proxies.map((p) => p.openId),
        OperatorOpenIds: [...new Set(operators.flat().map((o) => o.openId))].slice(0, MAX_OPEN_IDS),
      };
    }),
  );
  return { rows: applications, total };
}

/** An enterprise's active SecretIds, or an application's (its owner organization's keys that sign essbasic calls). */
const activeSecretIds = async (deps: DomainDeps, organizationId: string, applicationId: string | null) =>
  (await deps.store.listApiKeysOf(organizationId, { status: "active", applicationId, limit: MAX_SECRET_IDS })).map((k) => k.secretId);

async function operatorsOf(deps: DomainDeps, organizationId: string): Promise<string[]> {
  const roles = await deps.store.listRoles(organizationId);
  const superAdmin = roles.filter((r) => r.name === "超级管理员").map((r) => r.id);
  const admins = await deps.store.firstEmployees(organizationId, { verified: true, roleIds: superAdmin }, MAX_OPERATORS);
  const others = admins.length < MAX_OPERATORS ? await deps.store.firstEmployees(organizationId, { verified: true }, MAX_OPERATORS) : [];
  const ids = [...admins, ...others].filter((e) => !e.quit).map((e) => e.id);
  return [...new Set(ids)].slice(0, MAX_OPERATORS);
}
