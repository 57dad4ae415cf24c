/**
 * What DescribeChannelOrganizations and ChannelDescribeEmployees show: an application's sub-enterprises with the
 * state of their activation, and a sub-enterprise's operators with the employees they joined as.
 */
import type { DomainDeps } from "../deps.ts";
import { maskName, maskSealedMobile } from "../masking.ts";
import type { AuthFlowRecord, AuthorizationStatus, EmployeeRecord, ProxyOrganizationRecord } from "../../store/ports.ts";
import { licenseActive, licenseOf } from "./activation.ts";
import { joinedAs } from "./identity-mapping.ts";

export { AUTHORIZATION_STATUSES, type AuthorizationStatus } from "../../store/ports/platforms.ts";

const AUTHORIZATION_TYPES: Record<number, string> = { 1: "AuthorizationFile", 2: "AuthorizationLegalPerson" };

/**
 * An application's sub-enterprises (one, when `openId` is given), filtered by status, one page at a time: the store
 * filters, counts and pages, and only the page's activation flows are read.
 */
export async function describeChannelOrganizations(
  deps: DomainDeps,
  input: { applicationId: string; ownerOrganizationId: string; openId?: string; statuses?: readonly AuthorizationStatus[]; offset: number; limit: number },
) {
  const { rows, total } = await deps.store.pageProxyOrganizations(input.applicationId, input);
  const flowIds = rows.flatMap((row) => (row.flowId ? [row.flowId] : []));
  const flows = new Map((flowIds.length ? await deps.store.findAuthFlows(input.ownerOrganizationId, { ids: flowIds }) : []).map((f) => [f.id, f]));
  const admins = await superAdminsOf(deps, input.applicationId, rows);
  return {
    total,
    infos: rows.map(({ authorizationStatus, ...proxy }) =>
      channelOrganizationInfo(deps, { proxy, flow: proxy.flowId ? flows.get(proxy.flowId) : undefined, status: authorizationStatus, admin: admins.get(proxy.id) }),
    ),
  };
}

function channelOrganizationInfo(
  deps: DomainDeps,
  { proxy, flow, status, admin }: { proxy: ProxyOrganizationRecord; flow?: AuthFlowRecord; status: AuthorizationStatus; admin?: { employee: EmployeeRecord; openId: string } },
) {
  const license = licenseOf(flow);
  return {
    OrganizationId: proxy.organizationId ?? "",
    OrganizationOpenId: proxy.openId,
    OrganizationName: proxy.name || flow?.organizationName || "",
    UnifiedSocialCreditCode: proxy.creditCode || flow?.creditCode || "",
    LegalName: proxy.legalName || flow?.legalName || "",
    LegalOpenId: "",
    AdminName: admin?.employee.displayName ?? flow?.adminName ?? "",
    AdminOpenId: admin?.openId ?? "",
    AdminMobile: admin?.employee.mobileSealed ? maskSealedMobile(deps.box, admin.employee.mobileSealed) : "",
    AuthorizationStatus: status,
    AuthorizationType: (flow && AUTHORIZATION_TYPES[flow.authType]) ?? "AuthorizationInit",
    // The account licence (激活), apart from verification: AutoActive gives one for a year; it lapses on essd's clock.
    ActiveStatus: proxy.organizationId && licenseActive(license, deps.clock.now()) ? 1 : 0,
    LicenseExpireTime: license && proxy.organizationId ? Math.floor(license.expiresAt / 1000) : 0,
    HasSubmittedAuthInfo: status !== "UNVERIFIED",
  };
}

/**
 * Each activated sub-enterprise's super-admin as this application knows it: one of its own operators. An enterprise
 * verified under several applications is one organization with a super-admin per application, and an application
 * sees its own only (another application's operators are not its to show). Read from the super-admin roles' side
 * (their holders, then the application's operators that joined as one of them), so no sub-enterprise's other
 * operators are read: the oldest holder that one of the sub-enterprise's operators joined as, and that operator
 * (the oldest, should several have joined as it).
 */
async function superAdminsOf(deps: DomainDeps, applicationId: string, proxies: ProxyOrganizationRecord[]) {
  const activated = proxies.filter((p) => p.organizationId);
  const roles = await Promise.all(activated.map(async (p) => (await deps.store.listRoles(p.organizationId!)).find((r) => r.name === "超级管理员")));
  const roleIds = roles.flatMap((r) => (r ? [r.id] : []));
  const holders = await deps.store.listRoleHolders(roleIds);
  const operators = (await deps.store.findProxyOperatorsByEmployees(applicationId, [...new Set(holders.map((h) => h.employeeId))])).sort(
    (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const admins = new Map<string, { employee: EmployeeRecord; openId: string }>();
  await Promise.all(
    activated.map(async (proxy, i) => {
      const role = roles[i];
      if (!role) return;
      const held = new Set(holders.filter((h) => h.roleId === role.id).map((h) => h.employeeId));
      const joined = operators.filter((o) => o.organizationOpenId === proxy.openId && held.has(o.employeeId!));
      if (!joined.length) return;
      const [employee] = await deps.store.firstEmployees(proxy.organizationId!, { roleIds: [role.id], userIds: [...new Set(joined.map((o) => o.employeeId!))] }, 1);
      const operator = employee && joined.find((o) => o.employeeId === employee.id);
      if (employee && operator) admins.set(proxy.id, { employee, openId: operator.openId });
    }),
  );
  return admins;
}

export interface EmployeeFilters {
  status?: "IsVerified" | "NotVerified" | "QuiteJob";
  excludeQuit?: boolean;
  openIds?: string[];
}

/** ChannelDescribeEmployees' Status filter as the store's operator states. */
const STATES = { IsVerified: "verified", NotVerified: "unverified", QuiteJob: "resigned" } as const;

/** A sub-enterprise's operators, synced or joined, as Staff rows; names and mobiles masked as the spec says. */
export async function describeChannelEmployees(deps: DomainDeps, applicationId: string, organizationOpenId: string, filters: EmployeeFilters, offset: number, limit: number) {
  const { rows, total } = await deps.store.pageProxyOperators(applicationId, organizationOpenId, {
    openIds: filters.openIds?.length ? filters.openIds : undefined,
    excludeResigned: filters.excludeQuit,
    state: filters.status && STATES[filters.status],
    offset,
    limit,
  });
  // What the store filtered by, read again for the page's rows only: the employee each joined as.
  const page = await Promise.all(
    rows.map(async (operator) => {
      const employee = operator.employeeId ? await deps.store.getEmployee(operator.employeeId) : undefined;
      const quit = operator.status === "resigned";
      const joined = joinedAs(operator, employee);
      return { operator, employee: joined ?? (quit ? employee : undefined), verified: joined?.verified === true, quit };
    }),
  );
  const staff = await Promise.all(
    page.map(async ({ operator, employee, verified, quit }) => {
      const roles = employee ? (await deps.store.listRoles(employee.organizationId)).filter((r) => employee.roleIds.includes(r.id)) : [];
      const mobileSealed = employee?.mobileSealed ?? operator.mobileSealed;
      return {
        UserId: employee?.id ?? "",
        DisplayName: maskName(employee?.displayName ?? operator.name),
        Mobile: mobileSealed ? maskSealedMobile(deps.box, mobileSealed) : "",
        Email: "",
        OpenId: operator.openId,
        Roles: roles.map((r) => ({ RoleId: r.id, RoleName: r.name })),
        Department: { DepartmentId: "", DepartmentName: "" },
        Verified: verified,
        CreatedOn: Math.floor(operator.createdAt / 1000),
        VerifiedOn: verified && employee?.verifiedAt ? Math.floor(employee.verifiedAt / 1000) : 0,
        QuiteJob: quit ? 1 : 0,
      };
    }),
  );
  return { staff, total };
}
