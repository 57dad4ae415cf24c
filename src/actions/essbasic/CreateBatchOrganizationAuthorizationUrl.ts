import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { isMainlandMobile } from "../../domain/formats.ts";
import { applicationAsOwner } from "../../domain/platforms/owner.ts";
import { createBatchAuthorizationLink } from "../../domain/registration/batch-link.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";
import { ID_CARD_TYPES } from "../CreateBatchOrganizationRegistrationTasks.ts";
import { essId } from "../../protocol/identifiers.ts";

export const CreateBatchOrganizationAuthorizationUrl = definePlatformAction({
  name: "CreateBatchOrganizationAuthorizationUrl",
  description: describe(
    "创建子客企业批量认证链接-单链接：一个超管通过一条链接认证其名下多家企业，链接7天有效。",
    "Creates one link through which a super-admin authenticates all of their sub-enterprises; valid 7 days.",
  ).descriptions,
  needs: { organization: false, operator: false },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    AdminName: z.string().max(50).optional().meta(describe("超管姓名，需与创建任务时一致；不传时须传 SubTaskIds。", "Super-admin's name, as when the task was created; without it, SubTaskIds are required.")),
    AdminMobile: z.string().max(20).optional().meta(describe("超管手机号，需与创建任务时一致；不传时须传 SubTaskIds。", "Super-admin's mobile, as when the task was created; without it, SubTaskIds are required.")),
    SubTaskIds: z.array(essId("子任务 SubTaskId。", "A SubTaskId.")).max(100).optional().meta(describe("子任务 SubTaskId 列表；不属于该超管的将被筛选。", "SubTaskIds; those not belonging to this super-admin are filtered out.")),
    AdminIdCardType: z.enum(ID_CARD_TYPES).optional().meta(describe("超管证件类型，默认 ID_CARD。", "Super-admin's ID type, default ID_CARD.")),
    AdminIdCardNumber: z.string().max(32).optional().meta(describe("超管证件号。", "Super-admin's ID number.")),
    Endpoint: z
      .enum(["HTTP", "HTTP_SHORT_URL", "APP", "QR_CODE"])
      .optional()
      .meta(describe("链接类型：HTTP（默认）、HTTP_SHORT_URL、APP、QR_CODE。", "Link form: HTTP (default), HTTP_SHORT_URL, APP, QR_CODE.")),
  }),
  async handle(input, { deps, acting }) {
    const name = input.AdminName?.trim() ?? "";
    const mobile = input.AdminMobile?.trim() ?? "";
    // The admin is both fields or neither (then taken from the sub-tasks): one alone names nobody.
    if (name && !mobile) throw errors.missingParameter({ name: "AdminMobile" });
    if (mobile && !name) throw errors.missingParameter({ name: "AdminName" });
    if (mobile && !isMainlandMobile(mobile)) throw errors.adminMobileNotMainland();
    const result = await createBatchAuthorizationLink(deps, applicationAsOwner(acting), {
      ...(name ? { admin: { name, mobile, idType: input.AdminIdCardType, idNumber: input.AdminIdCardNumber } } : {}),
      subTaskIds: input.SubTaskIds,
      endpoint: input.Endpoint ?? "HTTP",
    });
    return { AuthUrl: result.authUrl, ErrorMessages: result.errorMessages, ExpireTime: result.expireTime };
  },
});
