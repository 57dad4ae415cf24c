import { z } from "zod";
import { createEmployees } from "../domain/employees.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { invitationMembers, staffMembers } from "../protocol/staff.ts";

// Staff as the spec declares it; creating needs a name and mobile (unless WeCom) and says so in its own words.
const NewStaff = z
  .strictObject({
    ...staffMembers,
    DisplayName: z.string().optional().meta(describe("员工的真实姓名（非企微员工必填）。", "The employee's real name (required unless WeCom).")),
    Mobile: z.string().optional().meta(describe("中国大陆11位手机号（非企微员工必填）。", "Mainland 11-digit mobile (required unless WeCom).")),
    WeworkOpenId: z.string().optional().meta(describe("企业微信用户账号ID；传入时其他信息不生效。", "WeCom account id; when given, other members are not used.")),
  })
  .meta(describe("待创建的员工。", "An employee to create."));

export const CreateIntegrationEmployees = defineAction({
  name: "CreateIntegrationEmployees",
  description: describe("创建企业员工；新员工为未实名状态，需通过邀请链接完成实名后方可作为操作人。", "Creates employees; they start unverified and must verify through their invitation link before acting as Operator.").descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    Employees: z.array(NewStaff).min(1).max(20).meta(describe("待创建员工的信息，最多20个。", "Employees to create, at most 20.")),
    ...invitationMembers,
  }),
  async handle(input, { deps, acting }) {
    const notifyType = input.InvitationNotifyType ?? "SMS";
    const { created, rejected } = await createEmployees(deps, acting, input.Employees, {
      notifyType,
      endpoint: input.Endpoint,
      jumpUrl: notifyType === "H5" ? input.JumpUrl : undefined,
    });
    return {
      CreateEmployeeResult: {
        SuccessEmployeeData: created.map((e) => ({
          DisplayName: e.displayName,
          Mobile: e.mobile,
          UserId: e.userId,
          Note: e.note,
          ...(e.weworkOpenId !== undefined ? { WeworkOpenId: e.weworkOpenId } : {}),
          ...(e.url !== undefined ? { Url: e.url } : {}),
        })),
        FailedEmployeeData: rejected.map((e) => ({
          DisplayName: e.displayName,
          Mobile: e.mobile,
          WeworkOpenId: e.weworkOpenId ?? "",
          Reason: e.reason,
        })),
      },
    };
  },
});
