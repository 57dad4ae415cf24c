import { z } from "zod";
import { createEmployeeChangeLink } from "../domain/employee-change.ts";
import { errors } from "../domain/errors.ts";
import { pathWith } from "../platform/url.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { optionalEssId } from "../protocol/identifiers.ts";

export const CreateEmployeeChangeUrl = defineAction({
  name: "CreateEmployeeChangeUrl",
  description: describe(
    "生成员工信息变更链接（目前仅支持变更手机号）：已实名且在职的员工打开后验证原手机号与新手机号完成变更，链接7天有效。",
    "Creates the link through which a verified, current employee changes their mobile (verifying the old and the new one); valid 7 days.",
  ).descriptions,
  input: () => z.strictObject({
    Agent,
    Operator: UserInfo,
    UserId: optionalEssId("待修改的员工 UserId（必填）。", "The employee whose mobile changes (required)."),
    NewMobile: z.string().max(20).optional().meta(describe("员工的新手机号；不传则由员工在页面填写。", "The new mobile; without it the employee enters it on the page.")),
  }),
  async handle(input, { deps, acting }) {
    // Optional in the spec, but there is nothing to change without it.
    if (!input.UserId) throw errors.missingParameter({ name: "UserId" });
    const link = await createEmployeeChangeLink(deps, acting, { userId: input.UserId, newMobile: input.NewMobile });
    return { MiniAppPath: pathWith("/pages/guide/index", { shortKey: link.shortKey }), ExpireTime: Math.floor(link.expiresAt / 1000) };
  },
});
