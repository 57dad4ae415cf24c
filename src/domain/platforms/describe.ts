/**
 * What DescribeChannelOrganizations and ChannelDescribeEmployees show: an application's sub-enterprises with the
 * state of their activation, and a sub-enterprise's operators with the employees they joined as.
 */
import type { DomainDeps } from "../deps.ts";
import { maskMobile, maskName } from "../masking.ts";
import type { AuthFlowRecord, ProxyOrganizationRecord } from "../../store/ports.ts";
import { employeeOf, operatorsWithEmployees } from "./identity-mapping.ts";

export const AUTHORIZATION_STATUSES = [
  "UNVERIFIED",
  "VERIFYING",
  "VERIFYINGLEGALPENDINGAUTHORIZATION",
  "VERIFYINGAUTHORIZATIONFILEPENDING",
  "VERIFYINGAUTHORIZATIONFILEREJECT",
  "VERIFIED",
] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

/** Where a sub-enterprise's activation stands, from the flow it runs in (none, cleared or failed: not started). */
export function authorizationStatusOf(proxy: ProxyOrganizationRecord, flow: AuthFlowRecord | undefined): AuthorizationStatus {
  if (proxy.organizationId) return "VERIFIED";
  if (!flow || flow.state !== "active" || flow.status === "Processing" || flow.status === "Create") return "UNVERIFIED";
  if (flow.authType === 2) return "VERIFYINGLEGALPENDINGAUTHORIZATION";
  if (flow.auditStatus === 3) return "VERIFYINGAUTHORIZATIONFILEPENDING";
  if (flow.auditStatus === 2) return "VERIFYINGAUTHORIZATIONFILEREJECT";
  return "VERIFYING";
}

const AUTHORIZATION_TYPES: Record<number, string> = { 1: "AuthorizationFile", 2: "AuthorizationLegalPerson" };

/** An application's sub-enterprises (one, when `openId` is given), filtered by status, one page at a time. */
export async function describeChannelOrganizations(
  deps: DomainDeps,
  input: { applicationId: string; ownerOrganizationId: string; openId?: string; statuses?: readonly string[]; offset: number; limit: number },
) {
  const all = input.openId
    ? [await deps.store.getProxyOrganization(input.applicationId, input.openId)].filter((p): p is ProxyOrganizationRecord => p !== undefined)
    : await deps.store.listProxyOrganizations(input.applicationId);
  const rows = await Promise.all(
    all.map(async (proxy) => {
      const [flow] = proxy.flowId ? await deps.store.findAuthFlows(input.ownerOrganizationId, { ids: [proxy.flowId] }) : [];
      return { proxy, flow, status: authorizationStatusOf(proxy, flow) };
    }),
  );
  const matching = input.statuses?.length ? rows.filter((r) => input.statuses!.includes(r.status)) : rows;
  const page = matching.slice(input.offset, input.offset + input.limit);
  return {
    total: matching.length,
    infos: await Promise.all(page.map((row) => channelOrganizationInfo(deps, row))),
  };
}

async function channelOrganizationInfo(deps: DomainDeps, { proxy, flow, status }: { proxy: ProxyOrganizationRecord; flow?: AuthFlowRecord; status: AuthorizationStatus }) {
  const admin = proxy.organizationId ? await superAdminOf(deps, proxy) : undefined;
  return {
    OrganizationId: proxy.organizationId ?? "",
    OrganizationOpenId: proxy.openId,
    OrganizationName: proxy.name || flow?.organizationName || "",
    UnifiedSocialCreditCode: proxy.creditCode || flow?.creditCode || "",
    LegalName: proxy.legalName || flow?.legalName || "",
    LegalOpenId: "",
    AdminName: admin?.employee.displayName ?? flow?.adminName ?? "",
    AdminOpenId: admin?.openId ?? "",
    AdminMobile: admin?.employee.mobileSealed ? maskMobile(deps.box.open(admin.employee.mobileSealed)) : "",
    AuthorizationStatus: status,
    AuthorizationType: (flow && AUTHORIZATION_TYPES[flow.authType]) ?? "AuthorizationInit",
    ActiveStatus: proxy.organizationId ? 1 : 0,
    LicenseExpireTime: 0,
    HasSubmittedAuthInfo: status !== "UNVERIFIED",
  };
}

/** The activated sub-enterprise's super-admin, and its OpenId when it is one of the platform's operators. */
async function superAdminOf(deps: DomainDeps, proxy: ProxyOrganizationRecord) {
  const roles = await deps.store.listRoles(proxy.organizationId!);
  const adminRole = roles.find((r) => r.name === "超级管理员");
  const { rows } = await deps.store.listEmployees(proxy.organizationId!, adminRole ? { roleIds: [adminRole.id] } : {}, 0, 1);
  const employee = rows[0];
  if (!employee) return undefined;
  const operator = await deps.store.findProxyOperatorByEmployee(employee.id);
  return { employee, openId: operator?.applicationId === proxy.applicationId ? operator.openId : "" };
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
        Mobile: mobileSealed ? maskMobile(deps.box.open(mobileSealed)) : "",
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
