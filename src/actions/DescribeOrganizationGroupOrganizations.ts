import { z } from "zod";
import { errors } from "../domain/errors.ts";
import { describeGroup, MEMBER_STATUSES } from "../domain/group-members.ts";
import { defineAction } from "../protocol/action.ts";
import { describe, UserInfo } from "../protocol/shapes.ts";
import { optionalEssId } from "../protocol/identifiers.ts";


export const DescribeOrganizationGroupOrganizations = defineAction({
  name: "DescribeOrganizationGroupOrganizations",
  description: describe(
    "查询本集团的企业列表：主企业与已加入的成员企业，及其加入状态、超管与加入时间。",
    "Lists this group's organizations: the main enterprise and its members, with their state, super-admin and join time.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Limit: z.int().min(1).max(200).meta(describe("每页条数，1 到 200。", "Page size, 1 to 200.")),
    Offset: z.int().min(0).max(20000).meta(describe("偏移量，最大 20000。", "Offset, at most 20000.")),
    Name: z.string().max(200).optional().meta(describe("企业名称，模糊匹配。", "Enterprise name, matched as a substring.")),
    Status: z.literal(MEMBER_STATUSES).optional().meta(
      describe("成员企业状态：1 待授权、2 已授权待激活、3 拒绝授权、4 已解除、5 已加入。", "Member state: 1 awaiting authorization, 2 authorized, not active, 3 refused, 4 removed, 5 joined."),
    ),
    Export: z.boolean().optional().meta(describe("是否导出（essd 不生成 Excel 文件，传 true 将返回错误）。", "Export to Excel (essd makes no Excel file; true is refused).")),
    Id: optionalEssId("成员企业机构 ID（32位）。", "A member's OrganizationId (32 characters)."),
  }),
  async handle(input, { deps, acting }) {
    if (input.Export) throw errors.exportUnsupported({ name: "Export" });
    const page = await describeGroup(deps, acting, {
      limit: input.Limit,
      offset: input.Offset,
      name: input.Name,
      status: input.Status,
      organizationId: input.Id,
    });
    return {
      Total: page.total,
      JoinedTotal: page.authorizedTotal,
      ActivatedTotal: page.joinedTotal,
      // Deprecated in the spec in favour of ActivatedTotal; kept equal for clients that still read it.
      ActivedTotal: page.joinedTotal,
      ExportUrl: "",
      List: page.rows.map((r) => ({
        Name: r.name,
        Alias: "",
        OrganizationId: r.organizationId,
        UpdateTime: r.updateTime,
        Status: r.status,
        IsMainOrganization: r.isMain,
        IdCardNumber: r.creditCode,
        AdminInfo: { Name: r.admin.name, Mobile: r.admin.mobile },
        License: "",
        LicenseExpireTime: 0,
        JoinTime: r.joinTime,
        FlowEngineEnable: false,
      })),
    };
  },
});
