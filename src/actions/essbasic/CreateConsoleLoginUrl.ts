import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { CONSOLE_ENDPOINTS, CONSOLE_MODULES, createConsoleLoginUrl, type ConsoleModule, type ConsoleView } from "../../domain/platforms/console-login.ts";
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
  input: () => z.strictObject({
    Agent: PlatformAgent,
    ProxyOrganizationName: z.string().meta(describe("子客企业名称。", "The sub-enterprise's name.")),
    UniformSocialCreditCode: z.string().max(200).optional().meta(describe("统一社会信用代码。", "Unified social credit code.")),
    ProxyOperatorName: z.string().max(50).optional().meta(describe("经办人姓名。", "The operator's name.")),
    ProxyOperatorMobile: z.string().optional().meta(describe("经办人手机号。", "The operator's mobile.")),
    ProxyOperatorIdCardNumber: z.string().optional().meta(describe("经办人身份证号。", "The operator's ID card number.")),
    Module: z.enum([...CONSOLE_MODULES, ""]).optional().meta(describe("控制台打开的模块：空为企业中心；CHANNEL/APP 仅支持 SEAL。仅对已激活企业的已认证员工生效。", "The console module to open: empty for the enterprise centre; only SEAL for CHANNEL/APP. Applies only to a joined operator of an activated enterprise.")),
    ModuleId: z.string().max(64).optional().meta(describe("模块下的资源 Id（SEAL/TEMPLATE/DOCUMENT），须与 Module 同传。", "A resource of the module (SEAL/TEMPLATE/DOCUMENT); needs Module.")),
    MenuStatus: z.enum(["ENABLE", "DISABLE"]).optional().meta(describe("控制台是否展示模块菜单，默认 ENABLE。", "Whether the console shows its module menu; ENABLE by default.")),
    TopNavigationStatus: z.enum(["ENABLE", "DISABLE"]).optional().meta(describe("控制台是否展示顶部导航栏，默认 ENABLE。", "Whether the console shows its top navigation bar; ENABLE by default.")),
    Endpoint: z.string().optional().meta(describe(`链接类型：${CONSOLE_ENDPOINTS.join("、")}，默认 PC。`, `Link form: ${CONSOLE_ENDPOINTS.join(", ")}; PC by default.`)),
    AutoJumpBackEvent: z.string().optional().meta(describe("已废弃。", "Deprecated.")),
    AutoJumpUrl: z.string().optional().meta(describe("已废弃，请用 JumpEvents。", "Deprecated; use JumpEvents.")),
    AuthorizationTypes: z.array(z.int()).optional().meta(describe("允许的授权方式：2 法人授权、5 授权书+对公打款。", "Allowed methods: 2 legal representative, 5 power of attorney + bank transfer.")),
    AutoActive: z.boolean().optional().meta(describe("企业认证完成时自动激活子客企业账号（许可证，一年）；默认不激活。", "Activate the sub-enterprise's account (a licence, one year) as soon as it is verified; not by default.")),
    BusinessLicense: z.string().optional().meta(describe("营业执照正面照（PNG/JPG）base64，不超过5M；随认证流保存，供审核查看。", "Business licence (PNG/JPG) in base64, at most 5 MB; kept with the activation for the reviewer.")),
    BusinessLicenseId: z.string().optional().meta(describe("营业执照 FileId（essd 不提供 UploadFiles，请用 BusinessLicense）。", "Business licence FileId (essd serves no UploadFiles: use BusinessLicense).")),
    ProxyAddress: z.string().optional().meta(describe("企业注册地址。", "Registered address.")),
    ProxyLegalName: z.string().optional().meta(describe("法人姓名。", "Legal representative.")),
    PowerOfAttorneys: z.array(z.string()).max(10).optional().meta(describe("授权书（PNG/JPG/PDF）base64，每份不超过8M；须同传经办人姓名、手机号，AuthorizationTypes 仅 [5]。作为激活流程已上传的授权书。", "Powers of attorney (PNG/JPG/PDF) in base64, at most 8 MB each; need the operator's name and mobile and AuthorizationTypes [5]. They are the activation's upload.")),
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
    checkActivationFiles(input, types);
    const consoleOptions = consoleView(input, endpoint);
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
      businessLicense: input.BusinessLicense,
      powerOfAttorneys: input.PowerOfAttorneys?.length ? input.PowerOfAttorneys : undefined,
      autoActive: input.AutoActive === true,
      console: consoleOptions,
      options: {
        ...(input.JumpEvents ? { jumpEvents: input.JumpEvents } : {}),
        ...(input.OrganizationAuthorizationOptions ? { authorizationOptions: input.OrganizationAuthorizationOptions } : {}),
        ...(input.BankAccountNumber ? { bankAccountNumber: input.BankAccountNumber } : {}),
        ...(input.ProxyOrganizationIdCardType ? { licenseType: input.ProxyOrganizationIdCardType } : {}),
      },
    });
  },
});

type Input = z.infer<typeof CreateConsoleLoginUrl.input>;

/**
 * The activation's files: PowerOfAttorneys need the operator's name and mobile ("超管的信息必须为必填参数") and
 * AuthorizationTypes exactly [5] ("只能是上传授权书方式"); the licence comes as BusinessLicense or BusinessLicenseId,
 * never both — and essd, serving no UploadFiles, knows no FileId.
 */
function checkActivationFiles(input: Input, types: number[]): void {
  if (input.PowerOfAttorneys?.length) {
    if (!input.ProxyOperatorName?.trim()) throw errors.missingParameter({ name: "ProxyOperatorName" });
    if (!input.ProxyOperatorMobile?.trim()) throw errors.missingParameter({ name: "ProxyOperatorMobile" });
    if (types.length !== 1 || types[0] !== 5) throw errors.authorizationTypeWithPowerOfAttorneys();
  }
  if (input.BusinessLicenseId?.trim()) {
    if (input.BusinessLicense) throw errors.invalidParameter({ name: "BusinessLicenseId", why: { zh: "与 BusinessLicense 二选一。", en: "give BusinessLicense or BusinessLicenseId, not both." } });
    throw errors.invalidParameterValue({ name: "BusinessLicenseId", why: { zh: "文件不存在（essd 不提供 UploadFiles），请以 BusinessLicense 传 base64。", en: "no such file (essd serves no UploadFiles); send the image in BusinessLicense as base64." } });
  }
}

/**
 * How the console page opens. ModuleId names a resource of SEAL, TEMPLATE or DOCUMENT and needs one of them; the
 * CHANNEL and APP forms open only SEAL ("如果EndPoint选择CHANNEL或APP，该参数仅支持传递SEAL").
 */
function consoleView(input: Input, endpoint: string): ConsoleView {
  const module = (input.Module || undefined) as ConsoleModule | undefined;
  if (module && module !== "SEAL" && (endpoint === "CHANNEL" || endpoint === "APP")) {
    throw errors.invalidParameterValue({ name: "Module", why: { zh: `Endpoint 为 ${endpoint} 时仅支持 SEAL。`, en: `only SEAL with Endpoint ${endpoint}.` } });
  }
  const moduleId = input.ModuleId?.trim() || undefined;
  if (moduleId && (!module || module === "OPERATOR")) {
    throw errors.invalidParameter({ name: "ModuleId", why: { zh: "须与 Module 为 SEAL、TEMPLATE 或 DOCUMENT 同传。", en: "needs Module SEAL, TEMPLATE or DOCUMENT." } });
  }
  return {
    ...(module ? { module } : {}),
    ...(moduleId ? { moduleId } : {}),
    menu: input.MenuStatus !== "DISABLE",
    topNavigation: input.TopNavigationStatus !== "DISABLE",
  };
}
