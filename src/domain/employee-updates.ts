import type { DomainDeps } from "./deps.ts";
import { issueEmployeeInvitation, sendInvitationSms, type InvitationEndpoint } from "./employee-invitations.ts";
import { findCurrentEmployee, INVITATIONS_PER_MOBILE_PER_DAY, invitationEndpoint, type InvitationNotifyType } from "./employees.ts";
import { beijingDay, isEmail, isMainlandMobile, isPersonName } from "./formats.ts";
import type { ActingContext } from "./operators.ts";
import type { EmployeeDetails } from "../store/ports.ts";
import { inTransaction } from "./transaction.ts";

/** One entry of UpdateIntegrationEmployees: who (UserId, else OpenId) and what changes (blank = unchanged). */
export interface EmployeeUpdate {
  UserId?: string;
  OpenId?: string;
  DisplayName?: string;
  Mobile?: string;
  Email?: string;
  Department?: { DepartmentId?: string; DepartmentName?: string };
}

export interface EmployeeUpdated {
  userId: string;
  /** As passed (blank when not changed), as the spec's SuccessUpdateStaffData says. */
  displayName: string;
  mobile: string;
  url?: string;
}

export interface EmployeeUpdateRejected {
  userId: string;
  openId: string;
  displayName: string;
  mobile: string;
  reason: string;
}

type Outcome = { reason: string; userId?: string } | { updated: EmployeeUpdated };

/**
 * Changes unverified employees' details one by one, each succeeding or failing with its own reason. A changed
 * mobile (or a request for a link, H5/NONE) issues a fresh invitation: by SMS to the new mobile, or as `Url`.
 * Verified employees change their own details (the spec), so they are refused here.
 */
export async function updateEmployees(
  deps: DomainDeps,
  acting: ActingContext,
  updates: EmployeeUpdate[],
  options: { notifyType: InvitationNotifyType; endpoint?: InvitationEndpoint; jumpUrl?: string },
): Promise<{ updated: EmployeeUpdated[]; rejected: EmployeeUpdateRejected[] }> {
  const updated: EmployeeUpdated[] = [];
  const rejected: EmployeeUpdateRejected[] = [];
  const seenMobiles = new Set<string>();
  const organizationId = acting.organization.id;
  const endpoint = invitationEndpoint(options.notifyType, options.endpoint);

  for (const input of updates) {
    const displayName = input.DisplayName?.trim() ?? "";
    const mobile = input.Mobile?.trim() ?? "";
    const email = input.Email?.trim() ?? "";
    const outcome = await inTransaction<Outcome>(deps, async (tx) => {
      const employee = await findCurrentEmployee(tx, organizationId, { userId: input.UserId, openId: input.OpenId });
      if (!employee) return { reason: "员工不存在或已离职" };
      const refuse = (reason: string): Outcome => ({ reason, userId: employee.id });
      if (employee.verified) return refuse("员工已实名，姓名、手机号、邮箱需由员工本人修改");
      if (displayName && !isPersonName(displayName)) return refuse("参数错误,姓名不符合规范,请修改后重试");
      if (mobile && !isMainlandMobile(mobile)) return refuse("参数错误,手机号不符合规范,请修改后重试");
      if (email && !isEmail(email)) return refuse("参数错误,邮箱不符合规范,请修改后重试");
      if (mobile && seenMobiles.has(mobile)) return refuse("参数错误,同一批次中手机号重复");
      const isWework = employee.weworkOpenId !== "";
      if (isWework && options.notifyType === "H5") return refuse("参数错误,H5邀请方式不支持企业微信员工");

      const details: EmployeeDetails = {};
      if (displayName) details.displayName = displayName;
      if (email) details.email = email;
      if (input.Department?.DepartmentId) details.departmentId = input.Department.DepartmentId;
      if (input.Department?.DepartmentName) details.departmentName = input.Department.DepartmentName;
      const mobileHash = mobile ? deps.box.lookupHash(mobile) : null;
      const mobileChanged = mobileHash !== null && mobileHash !== employee.mobileHash;
      if (mobileHash && mobileChanged) {
        const taken = (await tx.store.findEmployeesByMobileHash(organizationId, mobileHash)).some((e) => !e.quit && e.id !== employee.id);
        if (taken) return refuse("手机号已经被占用");
        Object.assign(details, { mobileSealed: deps.box.seal(mobile), mobileHash });
      }
      if (mobile) seenMobiles.add(mobile);

      // The employee still has to verify: a new mobile needs a new message, and H5/NONE callers asked for a link.
      const invites = mobileChanged || options.notifyType !== "SMS";
      const invitedMobile = mobile || (employee.mobileSealed ? deps.box.open(employee.mobileSealed) : "");
      if (invites && invitedMobile) {
        const day = beijingDay(deps.clock.now());
        const quotaKey = `employee-invitation:${organizationId}:${deps.box.lookupHash(invitedMobile)}:${day.day}`;
        if ((await tx.store.addToQuota(quotaKey, 1, day.endsAt, deps.clock.now())) > INVITATIONS_PER_MOBILE_PER_DAY) {
          return refuse(`该手机号今日已被邀请${INVITATIONS_PER_MOBILE_PER_DAY}次,请明天再试`);
        }
      }
      await tx.store.updateEmployee(employee.id, details);
      let url: string | undefined;
      if (invites) {
        url = await issueEmployeeInvitation(tx, { organizationId, employeeId: employee.id, endpoint, jumpUrl: options.notifyType === "H5" ? options.jumpUrl : undefined });
        // SMS sends to the new mobile; a WeCom employee gets a WeCom message, which essd does not deliver.
        if (options.notifyType === "SMS" && !isWework && invitedMobile) {
          await sendInvitationSms(tx, { organizationId, organizationName: acting.organization.name, mobile: invitedMobile, url });
        }
      }
      return { updated: { userId: employee.id, displayName, mobile, ...(url && options.notifyType !== "SMS" ? { url } : {}) } };
    });
    if ("reason" in outcome) {
      rejected.push({ userId: outcome.userId ?? input.UserId ?? "", openId: input.OpenId ?? "", displayName, mobile, reason: outcome.reason });
    } else {
      updated.push(outcome.updated);
    }
  }
  return { updated, rejected };
}
