import { z } from "zod";
import { createRegistrationTask } from "../domain/registration/tasks.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";

export const ID_CARD_TYPES = ["ID_CARD", "HONGKONG_AND_MACAO", "HONGKONG_MACAO_AND_TAIWAN"] as const;

export const RegistrationOrganizationInfo = z
  .strictObject({
    OrganizationName: z.string().max(200).meta(describe("企业名称，与营业执照一致；英文括号请使用中文括号。", "Enterprise name as on its business licence; use full-width parentheses.")),
    UniformSocialCreditCode: z.string().max(64).meta(describe("统一社会信用代码（18位）。", "Unified social credit code (18 characters).")),
    LegalName: z.string().max(50).meta(describe("法定代表人姓名。", "Legal representative's name.")),
    Address: z.string().max(500).optional().meta(describe("注册地址，需为省/市/区格式。", "Registered address, in province/city/district form.")),
    AdminName: z.string().max(50).optional().meta(describe("超管姓名；传授权书时必填。", "Super-admin's name; required with PowerOfAttorneys.")),
    AdminMobile: z.string().max(20).optional().meta(describe("超管手机号；传授权书时必填。", "Super-admin's mobile; required with PowerOfAttorneys.")),
    AuthorizationTypes: z
      .array(z.int().min(0))
      .max(3)
      .optional()
      .meta(describe("授权方式：1 上传授权书；2 法人授权超管；5 授权书+对公打款。当前仅支持一种。", "Authorization type: 1 power of attorney; 2 legal representative; 5 power of attorney + corporate transfer. One only.")),
    AdminIdCardNumber: z.string().max(32).optional().meta(describe("超管证件号；传授权书时必填。", "Super-admin's ID number; required with PowerOfAttorneys.")),
    AdminIdCardType: z.enum(ID_CARD_TYPES).optional().meta(describe("超管证件类型，默认 ID_CARD。", "Super-admin's ID type, default ID_CARD.")),
    BusinessLicense: z.string().optional().meta(describe("营业执照正面照（PNG/JPG）base64，不超过5M。", "Business licence (PNG/JPG) in base64, at most 5 MB.")),
    PowerOfAttorneys: z
      .array(z.string())
      .max(10)
      .optional()
      .meta(describe("授权书（PNG/JPG/PDF）base64，每份不超过8M。", "Powers of attorney (PNG/JPG/PDF) in base64, at most 8 MB each.")),
  })
  .meta(describe("企业认证信息，需与营业执照一致。", "An enterprise to register, as on its business licence."));

export const CreateBatchOrganizationRegistrationTasks = defineAction({
  name: "CreateBatchOrganizationRegistrationTasks",
  description: describe(
    "批量创建企业认证链接（异步）：一次最多10家企业，之后用 DescribeBatchOrganizationRegistrationUrls 查询链接。",
    "Creates enterprise registration links in bulk (asynchronously): up to 10 enterprises; fetch the links with DescribeBatchOrganizationRegistrationUrls.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    RegistrationOrganizations: z.array(RegistrationOrganizationInfo).min(1).max(10).meta(describe("组织机构注册信息，一次最多10条。", "Enterprises to register, at most 10.")),
    Endpoint: z
      .enum(["PC", "SHORT_URL", "APP", "H5", "SHORT_H5"])
      .optional()
      .meta({ errorCode: "InvalidParameter.EndPoint", ...describe("链接类型：PC（默认）、SHORT_URL、APP、H5、SHORT_H5。", "Link form: PC (default), SHORT_URL, APP, H5, SHORT_H5.") }),
    BatchAuthMethod: z.int().min(0).max(1).optional().meta(describe("0 多链接（默认）；1 单链接。", "0 one link per enterprise (default); 1 a single link.")),
  }),
  async handle(input, { deps, acting }) {
    const { taskId, errorMessages } = await createRegistrationTask(deps, acting, {
      organizations: input.RegistrationOrganizations,
      endpoint: input.Endpoint ?? "PC",
      batchAuthMethod: input.BatchAuthMethod ?? 0,
    });
    return { TaskId: taskId, ErrorMessages: errorMessages };
  },
});
