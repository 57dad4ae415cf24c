import { z } from "zod";
import { updateEmployees } from "../domain/employee-updates.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { invitationMembers, namesAnEmployee, staffMembers, StaffUserId } from "../protocol/staff.ts";

const StaffUpdate = z
  .strictObject({ ...staffMembers, UserId: StaffUserId })
  .superRefine(namesAnEmployee)
  .meta(describe("待更新的员工：以 UserId（优先）或 OpenId 指定；可改 DisplayName、Mobile、Email、Department。", "An employee to update, named by UserId (first) or OpenId; DisplayName, Mobile, Email and Department may change."));

export const UpdateIntegrationEmployees = defineAction({
  name: "UpdateIntegrationEmployees",
  description: describe(
    "修改未实名员工的姓名、手机号、邮箱和部门；修改手机号时重新邀请员工实名。逐个员工返回成功或失败原因。",
    "Changes unverified employees' name, mobile, email and department; a new mobile gets a new invitation. Each employee succeeds or fails with its own reason.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Employees: z.array(StaffUpdate).min(1).max(100).meta(describe("待更新的员工，最多100个。", "Employees to update, at most 100.")),
    Agent,
    ...invitationMembers,
  }),
  async handle(input, { deps, acting }) {
    const notifyType = input.InvitationNotifyType ?? "SMS";
    const { updated, rejected } = await updateEmployees(deps, acting, input.Employees, { notifyType, endpoint: input.Endpoint, jumpUrl: input.JumpUrl });
    return {
      SuccessEmployeeData: updated.map((e) => ({ DisplayName: e.displayName, Mobile: e.mobile, UserId: e.userId, ...(e.url !== undefined ? { Url: e.url } : {}) })),
      FailedEmployeeData: rejected.map((e) => ({ DisplayName: e.displayName, Mobile: e.mobile, Reason: e.reason, UserId: e.userId, OpenId: e.openId })),
    };
  },
});
