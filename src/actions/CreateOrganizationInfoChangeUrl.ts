import { z } from "zod";
import { shortUrl } from "../domain/registration/urls.ts";
import { createOrganizationChangeLink } from "../domain/organization-change/links.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";

export const CreateOrganizationInfoChangeUrl = defineAction({
  name: "CreateOrganizationInfoChangeUrl",
  description: describe(
    "生成企业信息变更链接：企业现有的超管或法人打开后，变更企业超管（ChangeType 1），或变更企业名称、法定代表人、地址（ChangeType 2，经工商信息核验与审核后生效；统一社会信用代码不可变更）。链接7天有效。",
    "Creates the link through which an enterprise's current super-admin or legal representative hands over the super-admin role (ChangeType 1), or changes its name, legal representative and address (ChangeType 2: checked against the business register, then reviewed; the credit code cannot change). Valid 7 days.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    ChangeType: z.int().meta(describe("变更类型：1 企业超管变更，2 企业基础信息变更。", "1: super-admin change; 2: base-information change.")),
    Agent,
    UnifiedSocialCreditCode: z
      .string()
      .max(64)
      .optional()
      .meta(describe("他方企业的统一社会信用代码；不传则为本企业（或代理的子企业）生成链接。", "Another enterprise's credit code; without it the link is for this organization (or the sub-enterprise acted for).")),
  }),
  async handle(input, { deps, acting }) {
    const link = await createOrganizationChangeLink(deps, acting, { changeType: input.ChangeType, creditCode: input.UnifiedSocialCreditCode });
    return { Url: shortUrl(deps.publicUrl, link.shortCode), ExpiredTime: Math.floor(link.expiresAt / 1000) };
  },
});
