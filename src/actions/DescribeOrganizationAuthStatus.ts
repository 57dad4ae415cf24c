import { z } from "zod";
import { describeAuthStatus } from "../domain/registration/auth-status.ts";
import { defineAction } from "../protocol/action.ts";
import { describe, UserInfo } from "../protocol/shapes.ts";
import { optionalEssId } from "../protocol/identifiers.ts";

export const DescribeOrganizationAuthStatus = defineAction({
  name: "DescribeOrganizationAuthStatus",
  description: describe(
    "查询由本企业引导认证的企业的认证状态：0 未认证、1 认证中、2 已认证。",
    "Gets the verification state of an enterprise this organization guided: 0 not verified, 1 in progress, 2 verified.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    OrganizationName: z.string().max(200).optional().meta(describe("企业名称（与统一社会信用代码不能同时为空）。", "Enterprise name (this or the credit code is required).")),
    UniformSocialCreditCode: z.string().max(64).optional().meta(describe("统一社会信用代码。", "Unified social credit code.")),
    LegalName: z.string().max(50).optional().meta(describe("法人姓名。", "Legal representative's name.")),
    AuthorizationInfoId: optionalEssId("认证流Id。", "Authorization flow id."),
  }),
  async handle(input, { deps, acting }) {
    const status = await describeAuthStatus(deps, acting, {
      organizationName: input.OrganizationName,
      creditCode: input.UniformSocialCreditCode,
      legalName: input.LegalName,
      authorizationInfoId: input.AuthorizationInfoId,
    });
    return {
      IsVerified: status.isVerified,
      AuthStatus: status.authStatus,
      AuthRecords: status.records.map((r) => ({
        OperatorName: r.operatorName,
        OperatorMobile: r.operatorMobile,
        AuthType: r.authType,
        AuditStatus: r.auditStatus,
        Reason: r.reason,
      })),
      ...(status.organizationId ? { OrganizationId: status.organizationId } : {}),
    };
  },
});
