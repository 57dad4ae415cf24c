import { z } from "zod";
import { createBatchAuthorizationLink } from "../domain/registration/batch-link.ts";
import { errors } from "../domain/errors.ts";
import { isMainlandMobile } from "../domain/formats.ts";
import { checkIdNumber } from "../domain/identity/index.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { ID_CARD_TYPES } from "./CreateBatchOrganizationRegistrationTasks.ts";
import { essId } from "../protocol/identifiers.ts";

export const CreateBatchOrganizationAuthorizationUrl = defineAction({
  name: "CreateBatchOrganizationAuthorizationUrl",
  description: describe(
    "创建企业批量认证链接-单链接：一个超管通过一条链接认证其名下多家企业，链接7天有效。",
    "Creates one link through which a super-admin authenticates all of their enterprises; valid 7 days.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    AdminName: z.string().min(1).max(50).meta(describe("超管姓名，需与创建任务时一致。", "Super-admin's name, as given when the task was created.")),
    AdminMobile: z.string().min(1).max(20).meta(describe("超管手机号，需与创建任务时一致。", "Super-admin's mobile, as given when the task was created.")),
    SubTaskIds: z.array(essId("子任务 SubTaskId。", "A SubTaskId.")).max(100).optional().meta(describe("子任务 SubTaskId 列表；不属于该超管的将被筛选。", "SubTaskIds; those not belonging to this super-admin are filtered out.")),
    AdminIdCardType: z.enum(ID_CARD_TYPES).optional().meta(describe("超管证件类型，默认 ID_CARD。", "Super-admin's ID type, default ID_CARD.")),
    AdminIdCardNumber: z.string().max(32).optional().meta(describe("超管证件号。", "Super-admin's ID number.")),
    Endpoint: z
      .enum(["HTTP", "HTTP_SHORT_URL", "APP", "QR_CODE"])
      .optional()
      .meta(describe("链接类型：HTTP（默认）、HTTP_SHORT_URL、APP、QR_CODE。", "Link form: HTTP (default), HTTP_SHORT_URL, APP, QR_CODE.")),
  }),
  async handle(input, { deps, acting }) {
    if (!isMainlandMobile(input.AdminMobile.trim())) {
      throw errors.adminMobileNotMainland();
    }
    // Checked as the registration task checks it (--id-checks): a number that cannot be valid is the caller's
    // mistake to hear about, not a reason to filter every sub-task as another admin's. Empty means not given
    // (Node's SDK sends `Key=` for an undefined member).
    const idNumber = input.AdminIdCardNumber?.trim() || undefined;
    if (idNumber) {
      const check = checkIdNumber(input.AdminIdCardType ?? "ID_CARD", idNumber, deps.registration.idChecks, new Date(deps.clock.now()));
      if (!check.ok) throw errors.invalidParameterValue({ name: "AdminIdCardNumber", why: check.reason });
    }
    const result = await createBatchAuthorizationLink(deps, acting, {
      admin: { name: input.AdminName, mobile: input.AdminMobile, idType: input.AdminIdCardType, idNumber },
      subTaskIds: input.SubTaskIds,
      endpoint: input.Endpoint ?? "HTTP",
    });
    return { AuthUrl: result.authUrl, ErrorMessages: result.errorMessages, ExpireTime: result.expireTime };
  },
});
