import { z } from "zod";
import { createOrganizationAuthLink } from "../domain/registration/single-auth-url.ts";
import { defineAction } from "../protocol/action.ts";
import { describe, UserInfo } from "../protocol/shapes.ts";
import { ID_CARD_TYPES } from "./CreateBatchOrganizationRegistrationTasks.ts";

const lock = (zh: string, en: string) => z.boolean().optional().meta(describe(`认证时${zh}是否必须与接口传入的一致，默认 false。`, `Whether the ${en} must match what is passed here (default false).`));

export const CreateOrganizationAuthUrl = defineAction({
  name: "CreateOrganizationAuthUrl",
  description: describe("创建单个企业的认证链接，可预填并锁定企业信息，链接30天有效。", "Creates one enterprise's authentication link, optionally pre-filled and locked; valid 30 days.").descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    AuthorizationTypes: z.array(z.int().min(0)).max(2).optional().meta(describe("授权方式，可多选：2 法人授权；5 授权书+对公打款。", "Authorization types: 2 legal representative; 5 power of attorney + corporate transfer.")),
    OrganizationName: z.string().max(200).optional().meta(describe("企业名称；Endpoint 为 H5/SHORT_H5 时必填。", "Enterprise name; required for H5 and SHORT_H5.")),
    UniformSocialCreditCode: z.string().max(64).optional().meta(describe("统一社会信用代码。", "Unified social credit code.")),
    LegalName: z.string().max(50).optional().meta(describe("法人姓名。", "Legal representative's name.")),
    AutoJumpUrl: z.string().max(500).optional().meta(describe("即将废弃，请使用 JumpEvents。", "Deprecated; use JumpEvents.")),
    OrganizationAddress: z.string().max(500).optional().meta(describe("营业执照企业地址。", "Address on the business licence.")),
    AdminName: z.string().max(50).optional().meta(describe("认证人姓名。", "Authenticating person's name.")),
    AdminMobile: z.string().max(20).optional().meta(describe("认证人手机号。", "Authenticating person's mobile.")),
    AdminIdCardNumber: z.string().max(32).optional().meta(describe("认证人证件号。", "Authenticating person's ID number.")),
    AdminIdCardType: z.enum(ID_CARD_TYPES).optional().meta(describe("认证人证件类型，默认 ID_CARD。", "ID type, default ID_CARD.")),
    UniformSocialCreditCodeSame: lock("统一社会信用代码", "credit code"),
    LegalNameSame: lock("法人姓名", "legal representative's name"),
    AdminNameSame: lock("认证人姓名", "authenticating person's name"),
    AdminIdCardNumberSame: lock("认证人证件号", "ID number"),
    AdminMobileSame: lock("认证人手机号", "mobile"),
    OrganizationNameSame: lock("企业名称", "enterprise name"),
    BusinessLicense: z.string().optional().meta(describe("营业执照（PNG/JPG）base64，不超过5M。", "Business licence (PNG/JPG) in base64, at most 5 MB.")),
    Endpoint: z
      .enum(["PC", "APP", "SHORT_URL", "H5", "SHORT_H5"])
      .optional()
      .meta({ errorCode: "InvalidParameter.EndPoint", ...describe("链接类型：PC（默认）、APP、SHORT_URL、H5、SHORT_H5。", "Link form: PC (default), APP, SHORT_URL, H5, SHORT_H5.") }),
    Initialization: z.array(z.int()).max(2).optional().meta(describe("企业初始化引导：1 创建印章；2 开通企业授权API签署协议（仅PC）。", "Onboarding steps: 1 create a seal; 2 sign the API authorization agreement (PC only).")),
    PowerOfAttorneys: z.array(z.string()).max(10).optional().meta(describe("授权书（PNG/JPG/PDF）base64，每份不超过8M。", "Powers of attorney in base64 (PNG/JPG/PDF), at most 8 MB each.")),
    UserData: z.string().optional().meta(describe("自定义数据（base64，不超过4096），认证完成回调中原样返回。", "Your own data (base64, ≤ 4096), returned in the completion callback.")),
    BankAccountNumber: z.string().max(64).optional().meta(describe("对公打款账号（仅授权书+对公打款）。", "Corporate account for the transfer (type 5 only).")),
    BankAccountNumberSame: lock("对公打款账号", "bank account"),
    JumpEvents: z
      .array(
        z.strictObject({
          JumpEventType: z.int().optional().meta(describe("跳转事件：1 企业收录；2 超管授权书审核；3 企业认证完成。", "Event: 1 enterprise recorded; 2 power of attorney reviewed; 3 verification complete.")),
          JumpUrl: z.string().max(1000).optional().meta(describe("回跳地址（http/https）；Endpoint 为 APP 时传 \"true\"。", "Return URL (http/https); \"true\" when Endpoint is APP.")),
        }),
      )
      .max(3)
      .optional()
      .meta(describe("回跳事件：1 企业收录；2 超管授权书审核；3 企业认证完成。", "Return events: 1 enterprise recorded; 2 power of attorney reviewed; 3 verification complete.")),
    OrganizationIdCardType: z
      .enum(["USCC", "PRACTICELICENSEOFMEDICALINSTITUTION", "CLINICFILLINGCERTIFICATE"])
      .optional()
      .meta(describe("企业证照类型，默认 USCC。", "Licence type, default USCC.")),
    OrganizationIdCardTypeSame: z.boolean().optional().meta(describe("证照类型是否不可编辑。", "Whether the licence type is locked.")),
    AuthorizationMethod: z.array(z.int()).max(3).optional().meta(describe("企业认证方式：1 上传营业执照；2 腾讯云快速认证；3 腾讯商户号授权。", "Verification methods: 1 licence upload; 2 Tencent Cloud; 3 Tencent merchant account.")),
    HideBizLicense: z.boolean().optional().meta(describe("隐藏上传营业执照。", "Hide the licence upload.")),
    AddressSame: lock("公司地址", "address"),
    BizLicenseSame: lock("营业执照", "business licence"),
  }),
  async handle(input, { deps, acting }) {
    const { Operator: _operator, AuthorizationTypes, OrganizationName, UniformSocialCreditCode, LegalName, OrganizationAddress, AdminName, AdminMobile, AdminIdCardNumber, AdminIdCardType, BusinessLicense, PowerOfAttorneys, AuthorizationMethod, Initialization, JumpEvents, UserData, Endpoint, ...options } = input;
    const result = await createOrganizationAuthLink(deps, acting, {
      endpoint: Endpoint ?? "PC",
      authorizationTypes: AuthorizationTypes,
      organizationName: OrganizationName,
      creditCode: UniformSocialCreditCode,
      legalName: LegalName,
      address: OrganizationAddress,
      adminName: AdminName,
      adminMobile: AdminMobile,
      adminIdNumber: AdminIdCardNumber,
      adminIdType: AdminIdCardType,
      businessLicense: BusinessLicense,
      powerOfAttorneys: PowerOfAttorneys,
      authorizationMethods: AuthorizationMethod,
      initialization: Initialization,
      jumpEvents: JumpEvents,
      userData: UserData,
      options,
    });
    return { AuthUrl: result.authUrl, ExpiredTime: result.expiredTime };
  },
});
