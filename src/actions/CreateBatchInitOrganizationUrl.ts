import { z } from "zod";
import { batchInitForms } from "../domain/batch-init-links.ts";
import { createBatchInitLink, MAX_INIT_ORGANIZATIONS, OPERATE_TYPES } from "../domain/batch-init.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { essId, optionalEssId } from "../protocol/identifiers.ts";

export const CreateBatchInitOrganizationUrl = defineAction({
  name: "CreateBatchInitOrganizationUrl",
  description: describe(
    "批量操作企业初始化：为经本企业引导认证的企业生成一条链接，企业超管或法人打开后完成所列操作（创建印章、加入集团、开通自动签等），链接7天有效。",
    "Creates one link through which the super-admin or legal representative of enterprises this organization guided performs the listed initial operations (seals, joining the group, automatic signing…); valid 7 days.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    OperateTypes: z
      .array(z.enum(OPERATE_TYPES))
      .min(1)
      .meta(describe("初始化操作类型：CREATE_SEAL、AUTH_JOIN_ORGANIZATION_GROUP、OPEN_AUTO_SIGN、PARTNER_AUTO_SIGN_AUTH、CHANGE_SUB_ORGANIZATION_ADMIN_AUTH。", "Operations: CREATE_SEAL, AUTH_JOIN_ORGANIZATION_GROUP, OPEN_AUTO_SIGN, PARTNER_AUTO_SIGN_AUTH, CHANGE_SUB_ORGANIZATION_ADMIN_AUTH.")),
    OrganizationIds: z
      .array(essId("企业 Id。", "An OrganizationId."))
      .min(1)
      .max(MAX_INIT_ORGANIZATIONS)
      .meta(describe("批量操作的企业 Id，最多 50 个，须为经本企业引导认证的企业。", "The enterprises, at most 50, each verified through this organization's links.")),
    AuthorizedOrganizationId: optionalEssId("被授权的合作方企业 Id，含 PARTNER_AUTO_SIGN_AUTH 时必填。", "The partner organization authorized; required with PARTNER_AUTO_SIGN_AUTH."),
    ChangeAdminAuthAutoSign: z.boolean().optional().meta(describe("含 CHANGE_SUB_ORGANIZATION_ADMIN_AUTH 时，主企业是否自动签署授权协议。", "With CHANGE_SUB_ORGANIZATION_ADMIN_AUTH: whether the main enterprise signs the agreement automatically.")),
  }),
  async handle(input, { deps, acting }) {
    const link = await createBatchInitLink(deps, acting, {
      operateTypes: input.OperateTypes,
      organizationIds: input.OrganizationIds,
      authorizedOrganizationId: input.AuthorizedOrganizationId,
      changeAdminAuthAutoSign: input.ChangeAdminAuthAutoSign,
    });
    return batchInitForms(deps.publicUrl, link);
  },
});
