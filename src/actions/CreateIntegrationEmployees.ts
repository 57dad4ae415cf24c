import { z } from "zod";
import { createEmployees } from "../domain/employees.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";

const NewStaff = z
  .strictObject({
    DisplayName: z.string().optional().meta(describe("员工的真实姓名（非企微员工必填）。", "The employee's real name (required unless WeCom).")),
    Mobile: z.string().optional().meta(describe("中国大陆11位手机号（非企微员工必填）。", "Mainland 11-digit mobile (required unless WeCom).")),
    Email: z.string().optional().meta(describe("员工邮箱。", "Email address.")),
    OpenId: z.string().optional().meta(describe("员工在第三方平台的ID。", "The employee's id in your own system.")),
    WeworkOpenId: z.string().optional().meta(describe("企业微信用户账号ID；传入时其他信息不生效。", "WeCom account id; when given, other members are not used.")),
    Department: z
      .strictObject({
        DepartmentId: z.string().optional().meta(describe("部门ID。", "Department id.")),
        DepartmentName: z.string().optional().meta(describe("部门名称。", "Department name.")),
      })
      .optional()
      .meta(describe("员工加入后的部门。", "Department the employee joins.")),
    // Output-only members of Staff: the SDK models share one struct, so a client may send them empty.
    UserId: z.string().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
    Roles: z
      .array(
        z.strictObject({
          RoleId: z.string().optional().meta(describe("角色ID。", "Role id.")),
          RoleName: z.string().optional().meta(describe("角色名称。", "Role name.")),
        }),
      )
      .optional()
      .meta(describe("创建场景无需填写。", "Not used when creating.")),
    Verified: z.boolean().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
    CreatedOn: z.int().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
    VerifiedOn: z.int().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
    QuiteJob: z.int().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
    ReceiveUserId: z.string().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
    ReceiveOpenId: z.string().optional().meta(describe("创建场景无需填写。", "Not used when creating.")),
  })
  .meta(describe("待创建的员工。", "An employee to create."));

export const CreateIntegrationEmployees = defineAction({
  name: "CreateIntegrationEmployees",
  description: describe("创建企业员工；新员工为未实名状态，需通过邀请链接完成实名后方可作为操作人。", "Creates employees; they start unverified and must verify through their invitation link before acting as Operator.").descriptions,
  input: z.strictObject({
    Operator: UserInfo,
    Agent,
    Employees: z.array(NewStaff).min(1).max(20).meta(describe("待创建员工的信息，最多20个。", "Employees to create, at most 20.")),
    InvitationNotifyType: z
      .enum(["SMS", "H5", "NONE"])
      .optional()
      .meta(describe("员工邀请方式：SMS（默认）、H5、NONE。", "How the employee is invited: SMS (default), H5, NONE.")),
    JumpUrl: z.string().max(1000).optional().meta(describe("认证成功后回跳的URL，仅H5方式生效。", "URL to return to after verification (H5 only).")),
    Endpoint: z
      .enum(["HTTP", "HTTP_SHORT_URL", "H5", "APP"])
      .optional()
      .meta(describe("链接类型，仅 InvitationNotifyType 为 NONE 时生效，默认 HTTP_SHORT_URL。", "Link form, used with InvitationNotifyType NONE (default HTTP_SHORT_URL).")),
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
