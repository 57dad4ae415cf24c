import { z } from "zod";
import { describe } from "./shapes.ts";

const outputOnly = () => describe("仅用于返回，请求中不生效。", "Answered only; ignored in a request.");

/** An ESS user id: 32 letters or digits (the `yD` prefix is not required, as for Operator.UserId). */
export { ESS_ID as ESS_USER_ID } from "./identifiers.ts";
import { CLIENT_OPEN_ID, ESS_ID as ESS_USER_ID } from "./identifiers.ts";

/**
 * The members of `Staff` (the spec's one employee structure, shared by the employee actions' requests and
 * answers), each optional as in the spec. Actions spread them into their own object to add rules; the output-only
 * members are declared because the SDK models share one struct, so a client may send them empty.
 */
export const staffMembers = {
  UserId: z.string().optional().meta(describe("员工在电子签平台的用户ID（32位）。", "The employee's ESS user id (32 characters).")),
  DisplayName: z.string().optional().meta(describe("员工姓名。", "The employee's name.")),
  Mobile: z.string().optional().meta(describe("中国大陆11位手机号。", "Mainland 11-digit mobile.")),
  Email: z.string().optional().meta(describe("员工邮箱。", "Email address.")),
  OpenId: z.string().optional().meta(describe("员工在贵方系统中的ID。", "The employee's id in your own system.")),
  Roles: z
    .array(
      z.strictObject({
        RoleId: z.string().optional().meta(describe("角色ID。", "Role id.")),
        RoleName: z.string().optional().meta(describe("角色名称。", "Role name.")),
      }),
    )
    .optional()
    .meta(outputOnly()),
  Department: z
    .strictObject({
      DepartmentId: z.string().optional().meta(describe("部门ID。", "Department id.")),
      DepartmentName: z.string().optional().meta(describe("部门名称。", "Department name.")),
    })
    .optional()
    .meta(describe("员工所在部门。", "The employee's department.")),
  Verified: z.boolean().optional().meta(outputOnly()),
  CreatedOn: z.int().optional().meta(outputOnly()),
  VerifiedOn: z.int().optional().meta(outputOnly()),
  QuiteJob: z.int().optional().meta(outputOnly()),
  ReceiveUserId: z.string().optional().meta(outputOnly()),
  ReceiveOpenId: z.string().optional().meta(outputOnly()),
  WeworkOpenId: z.string().optional().meta(describe("企业微信用户账号ID。", "WeCom account id.")),
};

/** `Staff.UserId` where it names an existing employee: 32 letters or digits when given. */
export const StaffUserId = z
  .string()
  .regex(ESS_USER_ID)
  .optional()
  .meta(describe("员工在电子签平台的用户ID（32位字母数字）。", "The employee's ESS user id (32 letters or digits)."));

/** UpdateIntegrationEmployees and DeleteIntegrationEmployees name each employee by UserId or OpenId. */
export function namesAnEmployee(staff: { UserId?: string; OpenId?: string }, ctx: z.RefinementCtx): void {
  if (!staff.UserId && !staff.OpenId) {
    ctx.addIssue({
      code: "invalid_type",
      expected: "string",
      input: undefined,
      path: ["UserId"],
      message: "UserId or OpenId is required",
    });
  }
}

/** A required `UserId` naming an employee (the OpenId binding actions). */
export const EmployeeUserId = z
  .string()
  .regex(ESS_USER_ID)
  .meta(describe("员工在电子签平台的用户ID（32位字母数字）。", "The employee's ESS user id (32 letters or digits)."));

/** The id an integrator's system gives an employee: at most 64 ASCII letters and digits (the spec's rule). */
export const ClientOpenId = z
  .string()
  .regex(CLIENT_OPEN_ID)
  .meta(describe("员工在贵方系统中的唯一ID，最长64位，仅字母和数字。", "The employee's unique id in your system: up to 64 letters and digits."));

/** How an employee is invited to verify, when created or given a new mobile (Create/UpdateIntegrationEmployees). */
export const invitationMembers = {
  InvitationNotifyType: z
    .enum(["SMS", "H5", "NONE"])
    .optional()
    .meta(describe("员工邀请方式：SMS（默认）、H5、NONE。", "How the employee is invited: SMS (default), H5, NONE.")),
  JumpUrl: z.string().max(1000).optional().meta(describe("认证成功后回跳的URL，仅H5方式生效。", "URL to return to after verification (H5 only).")),
  Endpoint: z
    .enum(["HTTP", "HTTP_SHORT_URL", "H5", "APP"])
    .optional()
    .meta(describe("链接类型，仅 InvitationNotifyType 为 NONE 时生效，默认 HTTP_SHORT_URL。", "Link form, used with InvitationNotifyType NONE (default HTTP_SHORT_URL).")),
};
