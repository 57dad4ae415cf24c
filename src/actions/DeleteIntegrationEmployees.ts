import { z } from "zod";
import { removeEmployees } from "../domain/employee-departures.ts";
import { maskSealedMobile } from "../domain/masking.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { ESS_USER_ID, namesAnEmployee, staffMembers, StaffUserId } from "../protocol/staff.ts";

const StaffDeparture = z
  .strictObject({
    ...staffMembers,
    UserId: StaffUserId,
    ReceiveUserId: z
      .string()
      .regex(ESS_USER_ID)
      .optional()
      .meta(describe("交接人的用户ID（优先于 ReceiveOpenId）。", "The colleague who takes over (before ReceiveOpenId).")),
    ReceiveOpenId: z.string().optional().meta(describe("交接人在贵方系统中的ID。", "The taking-over colleague's id in your own system.")),
  })
  .superRefine(namesAnEmployee)
  .meta(describe("待离职的员工：以 UserId（优先）或 OpenId 指定，可指定交接人。", "An employee who leaves, named by UserId (first) or OpenId, optionally with who takes over."));

export const DeleteIntegrationEmployees = defineAction({
  name: "DeleteIntegrationEmployees",
  description: describe(
    "离职企业员工（可指定交接人）；离职后不能再作为操作人。逐个员工返回成功或失败原因。",
    "Removes employees (optionally naming who takes over); a departed employee can no longer act as Operator. Each employee succeeds or fails with its own reason.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Employees: z.array(StaffDeparture).min(1).max(100).meta(describe("待离职的员工，最多100个。", "Employees who leave, at most 100.")),
    Agent,
  }),
  async handle(input, { deps, acting }) {
    const { departed, rejected } = await removeEmployees(deps, acting, input.Employees);
    return {
      DeleteEmployeeResult: {
        SuccessEmployeeData: departed.map((e) => ({
          DisplayName: e.displayName,
          Mobile: e.mobileSealed ? maskSealedMobile(deps.box, e.mobileSealed) : "",
          UserId: e.userId,
        })),
        FailedEmployeeData: rejected.map((e) => ({ UserId: e.userId, OpenId: e.openId, Reason: e.reason })),
      },
    };
  },
});
