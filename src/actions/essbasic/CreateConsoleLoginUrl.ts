import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { CONSOLE_ENDPOINTS, createConsoleLoginUrl } from "../../domain/platforms/console-login.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";

const JumpEvent = z.strictObject({
  JumpEventType: z.int().optional().meta(describe("跳转事件：1 企业收录、2 超管授权书审核、3 企业认证完成、4 员工加入完成。", "1 indexed, 2 power of attorney reviewed, 3 enterprise verified, 4 operator joined.")),
  JumpUrl: z.string().optional().meta(describe("回跳地址。", "Where to return to.")),
});

const OrganizationAuthorizationOptions = z.strictObject({
  UniformSocialCreditCodeSame: z.boolean().optional().meta(describe("信用代码须与接口一致。", "Credit code locked to the given one.")),
  OrganizationNameSame: z.boolean().optional().meta(describe("企业名称须与接口一致。", "Name locked to the given one.")),
  LegalNameSame: z.boolean().optional().meta(describe("法人姓名须与接口一致。", "Legal representative locked.")),
  BankAccountNumberSame: z.boolean().optional().meta(describe("对公账号须与接口一致。", "Bank account locked.")),
  AddressSame: z.boolean().optional().meta(describe("地址须与接口一致。", "Address locked.")),
  BizLicenseSame: z.boolean().optional().meta(describe("营业执照须与接口一致。", "Licence locked.")),
});

export const CreateConsoleLoginUrl = definePlatformAction({
  name: "CreateConsoleLoginUrl",
  description: describe(
    "生成子客企业经办人的登录链接：未激活的企业进入企业激活（认证）流程，已激活的进入员工加入流程或控制台。",
    "Creates the sub-enterprise operator's login link: activation for an enterprise not yet activated, joining or the console otherwise.",
  ).descriptions,
  needs: { organization: true, operator: true },
  input: z.strictObject({
    Agent: PlatformAgent,
    ProxyOrganizationName: z.string().meta(describe("子客企业名称。", "The sub-enterprise's name.")),
    UniformSocialCreditCode: z.string().max(200).optional().meta(describe("统一社会信用代码。", "Unified social credit code.")),
    ProxyOperatorName: z.string().max(50).optional().meta(describe("经办人姓名。", "The operator's name.")),
    ProxyOperatorMobile: z.string().optional().meta(describe("经办人手机号。", "The operator's mobile.")),
    ProxyOperatorIdCardNumber: z.string().optional().meta(describe("经办人身份证号。", "The operator's ID card number.")),
    Module: z.enum(["DOCUMENT", "TEMPLATE", "SEAL", "OPERATOR", ""]).optional().meta(describe("控制台模块（essd 的控制台页不区分）。", "Console module (essd's console page shows one view).")),
    ModuleId: z.string().optional().meta(describe("模块资源 Id。", "The module's resource id.")),
    MenuStatus: z.enum(["ENABLE", "DISABLE"]).optional().meta(describe("是否展示左侧菜单。", "Left menu shown.")),
    TopNavigationStatus: z.enum(["ENABLE", "DISABLE"]).optional().meta(describe("是否展示顶部导航。", "Top navigation shown.")),
    Endpoint: z.string().optional().meta(describe(`链接类型：${CONSOLE_ENDPOINTS.join("、")}，默认 PC。`, `Link form: ${CONSOLE_ENDPOINTS.join(", ")}; PC by default.`)),
    AutoJumpBackEvent: z.string().optional().meta(describe("已废弃。", "Deprecated.")),
    AutoJumpUrl: z.string().optional().meta(describe("已废弃，请用 JumpEvents。", "Deprecated; use JumpEvents.")),
    AuthorizationTypes: z.array(z.int()).optional().meta(describe("允许的授权方式：2 法人授权、5 授权书+对公打款。", "Allowed methods: 2 legal representative, 5 power of attorney + bank transfer.")),
    AutoActive: z.boolean().optional().meta(describe("认证完成后自动激活（essd 总是激活）。", "Activate on verification (essd always does).")),
    BusinessLicense: z.string().optional().meta(describe("营业执照 base64。", "Business licence, base64.")),
    BusinessLicenseId: z.string().optional().meta(describe("营业执照 FileId。", "Business licence FileId.")),
    ProxyAddress: z.string().optional().meta(describe("企业注册地址。", "Registered address.")),
    ProxyLegalName: z.string().optional().meta(describe("法人姓名。", "Legal representative.")),
    PowerOfAttorneys: z.array(z.string()).optional().meta(describe("授权书 base64。", "Powers of attorney, base64.")),
    OrganizationAuthorizationOptions: OrganizationAuthorizationOptions.optional().meta(describe("认证时的锁定项。", "Fields locked during verification.")),
    BankAccountNumber: z.string().optional().meta(describe("对公打款账号。", "Bank account number.")),
    JumpEvents: z.array(JumpEvent).optional().meta(describe("回跳事件。", "Jump-back events.")),
    ProxyOrganizationIdCardType: z.enum(["USCC", "PRACTICELICENSEOFMEDICALINSTITUTION", "CLINICFILLINGCERTIFICATE"]).optional().meta(describe("企业证照类型。", "Licence type.")),
  }),
  async handle(input, { deps, acting }) {
    const endpoint = input.Endpoint?.trim() || "PC";
    if (!(CONSOLE_ENDPOINTS as readonly string[]).includes(endpoint)) {
      throw errors.endpointIncorrect({ name: "Endpoint", why: { zh: `仅支持 ${CONSOLE_ENDPOINTS.join("、")}。`, en: `must be one of ${CONSOLE_ENDPOINTS.join(", ")}.` } });
    }
    const types = input.AuthorizationTypes ?? [];
    if (types.some((t) => t !== 2 && t !== 5)) throw errors.authorizationTypesOnly2And5();
    return createConsoleLoginUrl(deps, acting, {
      endpoint: endpoint as (typeof CONSOLE_ENDPOINTS)[number],
      organizationName: input.ProxyOrganizationName,
      creditCode: input.UniformSocialCreditCode,
      legalName: input.ProxyLegalName,
      address: input.ProxyAddress,
      operatorName: input.ProxyOperatorName,
      operatorMobile: input.ProxyOperatorMobile,
      operatorIdCardNumber: input.ProxyOperatorIdCardNumber,
      authorizationTypes: types.length ? types : undefined,
      options: {
        ...(input.JumpEvents ? { jumpEvents: input.JumpEvents } : {}),
        ...(input.OrganizationAuthorizationOptions ? { authorizationOptions: input.OrganizationAuthorizationOptions } : {}),
        ...(input.BankAccountNumber ? { bankAccountNumber: input.BankAccountNumber } : {}),
        ...(input.ProxyOrganizationIdCardType ? { licenseType: input.ProxyOrganizationIdCardType } : {}),
      },
    });
  },
});
