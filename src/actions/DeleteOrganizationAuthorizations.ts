import { z } from "zod";
import { errors } from "../domain/errors.ts";
import { isMainlandMobile } from "../domain/formats.ts";
import { clearAuthFlows } from "../domain/registration/clear-flows.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { essId } from "../protocol/identifiers.ts";

export const DeleteOrganizationAuthorizations = defineAction({
  name: "DeleteOrganizationAuthorizations",
  description: describe(
    "批量清除未完成的企业认证流：按认证流Id，或按超管姓名+手机号清除该操作人创建的全部未完成认证流。",
    "Clears unfinished authorization flows: by id, or all of one super-admin's flows created by this operator.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    AuthorizationIds: z.array(essId("认证流Id。", "An authorization flow id.")).max(100).optional().meta(describe("认证流Id列表；传入时超管信息不生效。", "Flow ids; when given, the admin fields are ignored.")),
    AdminName: z.string().max(50).optional().meta(describe("超管姓名。", "Super-admin's name.")),
    AdminMobile: z.string().max(20).optional().meta(describe("超管手机号。", "Super-admin's mobile.")),
  }),
  async handle(input, { deps, acting }) {
    if (!input.AuthorizationIds?.length && input.AdminMobile && !isMainlandMobile(input.AdminMobile.trim())) {
      throw errors.adminMobileInvalid();
    }
    const { status, results } = await clearAuthFlows(deps, acting, {
      authorizationIds: input.AuthorizationIds,
      adminName: input.AdminName,
      adminMobile: input.AdminMobile,
    });
    return {
      // The wire spells this member `Errormessage` (reference §6.7).
      DeleteOrganizationAuthorizationInfos: results.map((r) => ({ AuthorizationId: r.authorizationId, OrganizationName: r.organizationName, Errormessage: r.errorMessage })),
      Status: status,
    };
  },
});
