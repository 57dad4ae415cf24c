/**
 * What DescribeChannelOrganizations and ChannelDescribeEmployees show: an application's sub-enterprises with the
 * state of their activation, and a sub-enterprise's operators with the employees they joined as.
 */
import type { DomainDeps } from "../deps.ts";
import { maskName, maskSealedMobile } from "../masking.ts";
import type { AuthFlowRecord, AuthorizationStatus, ProxyOrganizationRecord } from "../../store/ports.ts";
import { employeeOf, operatorsWithEmployees } from "./identity-mapping.ts";
import { licenseActive, licenseOf } from "./activation.ts";

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
  return {
    total,
    infos: await Promise.all(
      rows.map(({ authorizationStatus, ...proxy }) => channelOrganizationInfo(deps, { proxy, flow: proxy.flowId ? flows.get(proxy.flowId) : undefined, status: authorizationStatus })),
    ),
  };
}

async function channelOrganizationInfo(deps: DomainDeps, { proxy, flow, status }: { proxy: ProxyOrganizationRecord; flow?: AuthFlowRecord; status: AuthorizationStatus }) {
  const admin = proxy.organizationId ? await superAdminOf(deps, proxy) : undefined;
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
 * The activated sub-enterprise's super-admin as this application knows it: one of its own operators. An enterprise
 * verified under several applications is one organization with a super-admin per application, and an application
 * sees its own only (another application's operators are not its to show).
 */
async function superAdminOf(deps: DomainDeps, proxy: ProxyOrganizationRecord) {
  const adminRole = (await deps.store.listRoles(proxy.organizationId!)).find((r) => r.name === "超级管理员");
  const joined = (await deps.store.listProxyOperators(proxy.applicationId, proxy.openId)).filter((o) => o.employeeId);
  if (!adminRole || !joined.length) return undefined;
  const { rows } = await deps.store.listEmployees(proxy.organizationId!, { roleIds: [adminRole.id], userIds: joined.map((o) => o.employeeId!) }, 0, 1);
  const employee = rows[0];
  const operator = employee && joined.find((o) => o.employeeId === employee.id);
  return employee && operator ? { employee, openId: operator.openId } : undefined;
}

export interface EmployeeFilters {
  status?: "IsVerified" | "NotVerified" | "QuiteJob";
  excludeQuit?: boolean;
  openIds?: string[];
}

/** A sub-enterprise's operators, synced or joined, as Staff rows; names and mobiles masked as the spec says. */
export async function describeChannelEmployees(deps: DomainDeps, applicationId: string, organizationOpenId: string, filters: EmployeeFilters, offset: number, limit: number) {
  const rows = await operatorsWithEmployees(deps, applicationId, organizationOpenId);
  const described = await Promise.all(
    rows.map(async ({ operator, employee }) => {
      const joined = operator.status === "active" ? await employeeOf(deps, operator) : undefined;
      const quit = operator.status === "resigned";
      return { operator, employee: joined ?? (quit ? employee : undefined), verified: joined?.verified === true, quit };
    }),
  );
  const matching = described.filter(({ operator, verified, quit }) => {
    if (filters.openIds?.length && !filters.openIds.includes(operator.openId)) return false;
    if (filters.excludeQuit && quit) return false;
    if (filters.status === "IsVerified") return verified && !quit;
    if (filters.status === "NotVerified") return !verified && !quit;
    if (filters.status === "QuiteJob") return quit;
    return true;
  });
  const page = matching.slice(offset, offset + limit);
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
  return { staff, total: matching.length };
}
