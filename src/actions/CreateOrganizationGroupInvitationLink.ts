import { z } from "zod";
import { errors } from "../domain/errors.ts";
import { groupInvitationForms } from "../domain/group-links.ts";
import { createGroupInvitation, GROUP_INVITATION_MAX_TTL_MS } from "../domain/organization-groups.ts";
import { defineAction } from "../protocol/action.ts";
import { describe, UserInfo } from "../protocol/shapes.ts";

export const CreateOrganizationGroupInvitationLink = defineAction({
  name: "CreateOrganizationGroupInvitationLink",
  description: describe(
    "生成集团加入链接：子企业的超管或法人打开链接、验证手机号后，选择其企业加入本集团；加入后本集团可通过 Agent.ProxyOrganizationId 代其操作。",
    "Creates the link through which a sub-enterprise's super-admin or legal representative has their enterprise join this group; the group can then act for it through Agent.ProxyOrganizationId.",
  ).descriptions,
  // The spec gives this action no Agent: only a group's main enterprise invites, for itself.
  input: () => z.strictObject({
    Operator: UserInfo,
    ExpireTime: z.int().meta(describe("链接到期时间（Unix 时间戳，秒），须晚于当前时间，最长 30 天。", "When the link expires (Unix seconds): in the future, at most 30 days ahead.")),
  }),
  async handle(input, { deps, acting }) {
    const now = deps.clock.now();
    const expiresAt = input.ExpireTime * 1000;
    if (expiresAt <= now) {
      throw errors.invalidParameterValue({ name: "ExpireTime", why: { zh: "到期时间须晚于当前时间。", en: "it must be in the future." } });
    }
    if (expiresAt > now + GROUP_INVITATION_MAX_TTL_MS) {
      throw errors.invalidParameterValue({ name: "ExpireTime", why: { zh: "有效期最长 30 天。", en: "the link may be valid for at most 30 days." } });
    }
    const link = await createGroupInvitation(deps, acting, { expiresAt });
    return { ...groupInvitationForms(deps.publicUrl, link), ExpireTime: Math.floor(link.expiresAt / 1000) };
  },
});
