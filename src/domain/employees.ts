import type { DomainDeps } from "./deps.ts";
import { issueEmployeeInvitation, sendInvitationSms, type InvitationEndpoint } from "./employee-invitations.ts";
import { beijingDay, isEmail, isMainlandMobile, isPersonName } from "./formats.ts";
import type { ActingContext } from "./operators.ts";
import type { EmployeeFilter, EmployeeRecord } from "../store/ports.ts";
import { inTransaction } from "./transaction.ts";

export interface NewEmployee {
  DisplayName?: string;
  Mobile?: string;
  Email?: string;
  OpenId?: string;
  WeworkOpenId?: string;
  Department?: { DepartmentId?: string; DepartmentName?: string };
}

/** An employee who is verified from the start (a tenant's first operator, an operator joining through a platform). */
export function verifiedEmployee(fields: Pick<EmployeeRecord, "id" | "organizationId" | "displayName" | "mobileSealed" | "mobileHash" | "roleIds">, now: number): EmployeeRecord {
  return { ...fields, email: "", openId: "", weworkOpenId: "", departmentId: "", departmentName: "", verified: true, verifiedAt: now, quit: false, receiverId: null, createdAt: now };
}

export type InvitationNotifyType = "SMS" | "H5" | "NONE";

export interface EmployeeCreated {
  displayName: string;
  mobile: string;
  userId: string;
  note: string;
  weworkOpenId?: string;
  url?: string;
}

export interface EmployeeRejected {
  displayName: string;
  mobile: string;
  weworkOpenId?: string;
  reason: string;
}

type Outcome = { reason: string } | { created: EmployeeCreated };

/** ESS lets one mobile be invited at most three times a day (reference §6.10). */
export const INVITATIONS_PER_MOBILE_PER_DAY = 3;

/**
 * Creates (or re-invites) employees one by one: each either succeeds or fails with its own reason, and a
 * failure never stops the others (reference §6.10, official examples).
 */
export async function createEmployees(
  deps: DomainDeps,
  acting: ActingContext,
  employees: NewEmployee[],
  options: { notifyType: InvitationNotifyType; endpoint?: InvitationEndpoint; jumpUrl?: string },
): Promise<{ created: EmployeeCreated[]; rejected: EmployeeRejected[] }> {
  const created: EmployeeCreated[] = [];
  const rejected: EmployeeRejected[] = [];
  const seenMobiles = new Set<string>();
  const organizationId = acting.organization.id;
  const endpoint = invitationEndpoint(options.notifyType, options.endpoint);

  for (const input of employees) {
    const displayName = input.DisplayName?.trim() ?? "";
    const mobile = input.Mobile?.trim() ?? "";
    const reject = (reason: string) =>
      rejected.push({ displayName, mobile, ...(input.WeworkOpenId !== undefined ? { weworkOpenId: input.WeworkOpenId } : {}), reason });

    const outcome = await inTransaction<Outcome>(deps, async (tx) => {
      const { store } = tx;
      if (input.WeworkOpenId) return createWeworkEmployee(tx, organizationId, input.WeworkOpenId, options.notifyType, endpoint);
      const problem = checkEmployee(displayName, mobile, input, seenMobiles);
      if (problem) return { reason: problem };
      seenMobiles.add(mobile);

      const mobileHash = deps.box.lookupHash(mobile);
      const sameMobile = await store.findEmployeesByMobileHash(organizationId, mobileHash);
      const sameOpenId = input.OpenId ? await store.findEmployeesByOpenId(organizationId, input.OpenId) : [];
      const existing = sameMobile.find((e) => !e.quit);
      if (existing && (existing.verified || existing.displayName !== displayName || (input.OpenId && existing.openId !== input.OpenId))) {
        return { reason: existing.verified ? "手机号已经被占用,该员工已加入企业" : "手机号已经被占用" };
      }
      if (sameOpenId.some((e) => !e.quit && e.id !== existing?.id)) return { reason: "OpenId已经被占用" };

      const day = beijingDay(deps.clock.now());
      const uses = await store.addToQuota(`employee-invitation:${organizationId}:${mobileHash}:${day.day}`, 1, day.endsAt, deps.clock.now());
      if (uses > INVITATIONS_PER_MOBILE_PER_DAY) return { reason: `该手机号今日已被邀请${INVITATIONS_PER_MOBILE_PER_DAY}次,请明天再试` };

      const employee = existing ?? (await insertEmployee(tx, organizationId, { ...input, DisplayName: displayName, Mobile: mobile }, mobileHash));
      const url = await issueEmployeeInvitation(tx, { organizationId, employeeId: employee.id, endpoint, jumpUrl: options.jumpUrl });
      if (options.notifyType === "SMS") await sendInvitationSms(tx, { organizationId, organizationName: acting.organization.name, mobile, url });
      return {
        created: {
          displayName,
          mobile,
          userId: employee.id,
          note: existing ? `${displayName}已经注册了` : "",
          // With SMS the link goes to the employee's phone, not to the caller (reference §6.10 examples).
          ...(options.notifyType === "SMS" ? {} : { url }),
        },
      };
    });
    if ("reason" in outcome) reject(outcome.reason);
    else created.push(outcome.created);
  }
  return { created, rejected };
}

/** SMS defaults to the short link and H5 to the H5 page; NONE honours Endpoint (reference §6.10 table). */
export function invitationEndpoint(notifyType: InvitationNotifyType, endpoint: InvitationEndpoint | undefined): InvitationEndpoint {
  return notifyType === "H5" ? "H5" : notifyType === "SMS" ? "HTTP_SHORT_URL" : (endpoint ?? "HTTP_SHORT_URL");
}

/**
 * The current (not departed) employee of `organizationId` a request names by `UserId` or, when that is empty, by
 * `OpenId` (UpdateIntegrationEmployees, DeleteIntegrationEmployees: "优先使用UserId"). Another organization's
 * employee is not found, exactly like an unknown one.
 */
export async function findCurrentEmployee(deps: DomainDeps, organizationId: string, ref: { userId?: string; openId?: string }): Promise<EmployeeRecord | undefined> {
  if (ref.userId) {
    const employee = await deps.store.getEmployee(ref.userId);
    return employee && employee.organizationId === organizationId && !employee.quit ? employee : undefined;
  }
  if (!ref.openId) return undefined;
  return (await deps.store.findEmployeesByOpenId(organizationId, ref.openId)).find((e) => !e.quit);
}

function checkEmployee(displayName: string, mobile: string, input: NewEmployee, seenMobiles: Set<string>): string | undefined {
  if (!displayName) return "参数错误,姓名不能为空";
  if (!isPersonName(displayName)) return "参数错误,姓名不符合规范,请修改后重试";
  if (!mobile) return "参数错误,手机号不能为空";
  if (!isMainlandMobile(mobile)) return "参数错误,手机号不符合规范,请修改后重试";
  if (input.Email && !isEmail(input.Email)) return "参数错误,邮箱不符合规范,请修改后重试";
  if (seenMobiles.has(mobile)) return "参数错误,同一批次中手机号重复";
  return undefined;
}

async function createWeworkEmployee(
  deps: DomainDeps,
  organizationId: string,
  weworkOpenId: string,
  notifyType: InvitationNotifyType,
  endpoint: InvitationEndpoint,
): Promise<Outcome> {
  if (notifyType === "H5") return { reason: "参数错误,H5邀请方式不支持企业微信员工" };
  const existing = (await deps.store.findEmployeesByWeworkOpenId(organizationId, weworkOpenId)).find((e) => !e.quit);
  if (existing?.verified) return { reason: "企业微信账号已经被占用,该员工已加入企业" };
  const employee = existing ?? (await insertEmployee(deps, organizationId, { WeworkOpenId: weworkOpenId }, null));
  // SMS means a WeCom message for these employees; only NONE hands the link to the caller.
  const url = notifyType === "NONE" ? await issueEmployeeInvitation(deps, { organizationId, employeeId: employee.id, endpoint }) : undefined;
  return {
    created: { displayName: "", mobile: "", userId: employee.id, note: existing ? "该企业微信员工已经注册了" : "", weworkOpenId, ...(url ? { url } : {}) },
  };
}

async function insertEmployee(deps: DomainDeps, organizationId: string, input: NewEmployee, mobileHash: string | null): Promise<EmployeeRecord> {
  const roles = await deps.store.listRoles(organizationId);
  const employee: EmployeeRecord = {
    id: deps.ids.next("user"),
    organizationId,
    displayName: input.DisplayName ?? "",
    mobileSealed: input.Mobile ? deps.box.seal(input.Mobile) : null,
    mobileHash,
    email: input.Email ?? "",
    openId: input.OpenId ?? "",
    weworkOpenId: input.WeworkOpenId ?? "",
    departmentId: input.Department?.DepartmentId ?? "",
    departmentName: input.Department?.DepartmentName ?? "",
    verified: false,
    verifiedAt: null,
    quit: false,
    receiverId: null,
    createdAt: deps.clock.now(),
    roleIds: roles.filter((r) => r.name === "企业员工").map((r) => r.id),
  };
  await deps.store.insertEmployee(employee);
  return employee;
}

/** The filter keys DescribeIntegrationEmployees accepts (reference §6.11). */
export const EMPLOYEE_FILTER_KEYS = ["Status", "DepartmentId", "UserId", "UserWeWorkOpenId", "StaffOpenId", "RoleId"] as const;
export type EmployeeFilterKey = (typeof EMPLOYEE_FILTER_KEYS)[number];

export function toEmployeeFilter(filters: Array<{ Key: EmployeeFilterKey; Values: string[] }>): EmployeeFilter {
  const filter: EmployeeFilter = {};
  for (const { Key, Values } of filters) {
    switch (Key) {
      case "Status":
        filter.verified = Values.includes("IsVerified");
        break;
      case "DepartmentId":
        filter.departmentIds = Values;
        break;
      case "UserId":
        filter.userIds = Values;
        break;
      case "UserWeWorkOpenId":
        filter.weworkOpenIds = Values;
        break;
      case "StaffOpenId":
        filter.openIds = Values;
        break;
      case "RoleId":
        filter.roleIds = Values;
        break;
    }
  }
  return filter;
}

/**
 * Marks an invited employee verified (the invitation page's "confirm" step); confirming again changes nothing.
 * Answers false when there is nobody to verify: the employee is unknown or has left, so its invitation is void.
 */
export async function verifyEmployee(deps: DomainDeps, employeeId: string): Promise<boolean> {
  const employee = await deps.store.getEmployee(employeeId);
  if (!employee || employee.quit) return false;
  if (!employee.verified) await deps.store.markEmployeeVerified(employeeId, deps.clock.now());
  return true;
}
