import { z } from "zod";
import { EMPLOYEE_FILTER_KEYS, toEmployeeFilter } from "../domain/employees.ts";
import { maskSealedMobile } from "../domain/masking.ts";
import { defineAction } from "../protocol/action.ts";
import { ESS_ID } from "../protocol/identifiers.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";

// The official example answers Limit 21 with InvalidParameter.ParamError "参数Limit不正确" (reference §6.11).
const paramError = { errorCode: "InvalidParameter.ParamError" } as const;

const Filter = z
  .strictObject({
    Key: z.enum(EMPLOYEE_FILTER_KEYS).meta({ ...paramError, ...describe("过滤条件：Status、DepartmentId、UserId、UserWeWorkOpenId、StaffOpenId、RoleId。", "Filter key: Status, DepartmentId, UserId, UserWeWorkOpenId, StaffOpenId, RoleId.") }),
    Values: z.array(z.string()).min(1).meta({ ...paramError, ...describe("过滤值；Status 取 IsVerified 或 NotVerified。", "Filter values; for Status, IsVerified or NotVerified.") }),
  })
  .superRefine((filter, ctx) => {
    if (filter.Key === "Status" && (filter.Values.length !== 1 || !["IsVerified", "NotVerified"].includes(filter.Values[0]))) {
      ctx.addIssue({
        code: "custom",
        path: ["Values"],
        message: "Status only supports IsVerified or NotVerified",
        params: { zh: "Status 仅支持 [\"IsVerified\"] 或 [\"NotVerified\"]。", en: "Status only supports [\"IsVerified\"] or [\"NotVerified\"]." },
      });
    }
    // A UserId that cannot exist is refused rather than matched against nothing.
    if (filter.Key === "UserId") {
      for (const [j, value] of filter.Values.entries()) {
        if (!ESS_ID.test(value)) {
          ctx.addIssue({ code: "custom", path: ["Values", j], message: "UserId must be 32 letters or digits", params: { zh: "UserId 应为32位字母或数字。", en: "a UserId is 32 letters or digits." } });
        }
      }
    }
  });

export const DescribeIntegrationEmployees = defineAction({
  name: "DescribeIntegrationEmployees",
  description: describe("分页查询企业员工信息列表，支持按条件过滤。", "Lists the organization's employees, a page at a time, with optional filters.").descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    Limit: z.int().min(1).max(20).optional().meta({ ...paramError, ...describe("每页条数，最大20，默认20。", "Page size, at most 20 (default 20).") }),
    Offset: z.int().min(0).max(20000).optional().meta({ ...paramError, ...describe("偏移量，默认0，最大20000。", "Offset, default 0, at most 20000.") }),
    Filters: z.array(Filter).max(10).optional().meta(describe("查询过滤条件。", "Filters.")),
  }),
  async handle(input, { deps, acting }) {
    const limit = input.Limit ?? 20;
    const offset = input.Offset ?? 0;
    const roles = new Map((await deps.store.listRoles(acting.organization.id)).map((r) => [r.id, r.name]));
    const { rows, total } = await deps.store.listEmployees(acting.organization.id, toEmployeeFilter(input.Filters ?? []), offset, limit);
    // Who took over a departed employee's work (DeleteIntegrationEmployees), answered with that colleague's OpenId.
    const receiverIds = [...new Set(rows.flatMap((e) => (e.receiverId ? [e.receiverId] : [])))];
    const receivers = new Map((await Promise.all(receiverIds.map((id) => deps.store.getEmployee(id)))).flatMap((r) => (r ? [[r.id, r.openId] as const] : [])));
    return {
      Employees: rows.map((e) => ({
        UserId: e.id,
        DisplayName: e.displayName,
        Mobile: e.mobileSealed ? maskSealedMobile(deps.box, e.mobileSealed) : "",
        Email: e.email,
        OpenId: e.openId,
        Roles: e.roleIds.map((id) => ({ RoleId: id, RoleName: roles.get(id) ?? "" })),
        Department: { DepartmentId: e.departmentId, DepartmentName: e.departmentName },
        Verified: e.verified,
        CreatedOn: Math.floor(e.createdAt / 1000),
        VerifiedOn: e.verifiedAt === null ? 0 : Math.floor(e.verifiedAt / 1000),
        QuiteJob: e.quit ? 1 : 0,
        ReceiveUserId: e.receiverId ?? "",
        ReceiveOpenId: (e.receiverId && receivers.get(e.receiverId)) || "",
        WeworkOpenId: e.weworkOpenId,
      })),
      Offset: offset,
      Limit: limit,
      TotalCount: total,
    };
  },
});
