/**
 * Codes about one parameter (or control-call field) of a request: missing, of the wrong type, of a refused value,
 * unknown. Schema validation (src/protocol/validate.ts) names the parameter's path the same way on the API and the
 * control API; the business rules' own messages follow the wording ESS uses for the same rule.
 */
import { flowRefusal, type CodeDeclarations, type LocalizedText, type ParameterProblem } from "./declaration.ts";

/** The wording of a schema's `errorCode` override (the official examples' "参数Limit不正确"). */
const incorrectParameter = (p: ParameterProblem) => ({ zh: `参数${p.name}不正确：${p.why.zh}`, en: `Parameter \`${p.name}\` is incorrect: ${p.why.en}` });

export const parameterCodes = {
  MissingParameter: {
    status: 400,
    when: "A required parameter, field or header is absent (or blank where a value is needed).",
    messages: {
      missingParameter: (p: { name: string }) => ({ zh: `缺少参数：\`${p.name}\`。`, en: `The request is missing a required parameter \`${p.name}\`.` }),
      organizationHeaderMissing: () => ({
        zh: "使用管理员令牌时须以请求头 X-Essd-Organization 指定企业（OrganizationId）或平台应用（AppId）。",
        en: "With the admin token, the X-Essd-Organization header must name the organization (OrganizationId) or platform application (AppId) to act for.",
      }),
      organizationNameRequiredForH5: () => ({
        zh: "缺少参数：`OrganizationName`（Endpoint 为 H5/SHORT_H5 时必填）。",
        en: "`OrganizationName` is required when Endpoint is H5 or SHORT_H5.",
      }),
      adminRequiredWithPowerOfAttorneys: () => ({
        zh: "缺少参数：传递授权书时 `AdminName` 和 `AdminMobile` 必填。",
        en: "`AdminName` and `AdminMobile` are required with PowerOfAttorneys.",
      }),
      adminOrSubTaskIdsMissing: () => ({
        zh: "缺少参数：`AdminName` 和 `AdminMobile`（未传 SubTaskIds 时必填）。",
        en: "The request is missing `AdminName` and `AdminMobile` (required without SubTaskIds).",
      }),
      adminRequiredWithoutAuthorizationIds: (p: { name: "AdminName" | "AdminMobile" }) => ({
        zh: `缺少参数：\`${p.name}\`（未传 AuthorizationIds 时必填）。`,
        en: `The request is missing \`${p.name}\` (required without AuthorizationIds).`,
      }),
      faultEnterpriseUnnamed: () => ({
        zh: "缺少参数：organizationName 和 uniformSocialCreditCode 不能同时为空。",
        en: "The request is missing organizationName or uniformSocialCreditCode (give at least one).",
      }),
      flowStepIncomplete: flowRefusal,
    },
  },
  "MissingParameter.OrgNameOrUniformSocialCreditCode": {
    status: 400,
    when: "DescribeOrganizationAuthStatus without OrganizationName and UniformSocialCreditCode.",
    messages: {
      orgNameOrCreditCodeMissing: () => ({
        zh: "参数缺失，企业名称和统一信用代码不能同时为空（OrganizationName / UniformSocialCreditCode）。",
        en: "OrganizationName and UniformSocialCreditCode must not both be empty.",
      }),
    },
  },
  InvalidParameter: {
    status: 400,
    when: "A parameter of the wrong type or form (e.g. a string where JSON needs a number), a body that is not a JSON object, a malformed header; an OpenId binding that conflicts with an existing one (BindEmployeeUserIdWithClientOpenId, UnbindEmployeeUserIdWithClientOpenId).",
    messages: {
      invalidParameter: (p: ParameterProblem) => ({ zh: `参数 \`${p.name}\` 错误：${p.why.zh}`, en: `Parameter \`${p.name}\` is invalid: ${p.why.en}` }),
      openIdBoundToAnotherUser: () => ({ zh: "该openid已绑定其他userid，请解绑后重试（OpenId）", en: "OpenId is already bound to another UserId; unbind it first." }),
      openIdAlreadyBoundToUser: () => ({ zh: "该userId已绑定该openId，无需重新绑定（OpenId）", en: "This UserId is already bound to this OpenId." }),
      userBoundToAnotherOpenId: () => ({ zh: "该userId已绑定其他openId，请解绑后重试（UserId）", en: "UserId is already bound to another OpenId; unbind it first." }),
      openIdNotBound: () => ({ zh: "该openId并未绑定企业员工（OpenId）", en: "OpenId is not bound to any employee of the organization." }),
      openIdBoundToOtherUser: () => ({ zh: "该openId绑定的不是该userId（OpenId）", en: "OpenId is bound to another employee than UserId." }),
    },
  },
  "InvalidParameter.AuthorizationType": {
    status: 400,
    when: "CreateOrganizationAuthUrl's AuthorizationTypes hold a value other than 2 and 5, or not exactly [5] with PowerOfAttorneys.",
    messages: {
      authorizationTypesOnly2And5: () => ({ zh: "不合法的授权方式，请检查修改后重试（AuthorizationTypes 仅支持 2、5）。", en: "AuthorizationTypes may only contain 2 and 5." }),
      authorizationTypeWithPowerOfAttorneys: () => ({
        zh: "不合法的授权方式：传递授权书时 AuthorizationTypes 必须且只能传递 5。",
        en: "With PowerOfAttorneys, AuthorizationTypes must be exactly [5].",
      }),
    },
  },
  "InvalidParameter.CardNumber": {
    status: 400,
    when: "CreateOrganizationAuthUrl's AdminIdCardNumber is not a valid number of its type.",
    messages: {
      adminIdNumberInvalid: (p: { reason: LocalizedText }) => ({ zh: `不合法的证件信息（AdminIdCardNumber）：${p.reason.zh}`, en: `AdminIdCardNumber: ${p.reason.en}` }),
    },
  },
  "InvalidParameter.DataNotFound": {
    status: 400,
    when: "DeleteOrganizationAuthorizations by admin finds no flow in progress.",
    messages: {
      noFlowsInProgress: () => ({ zh: "数据不存在：当前操作人没有认证中的企业认证流。", en: "The operator has no authorization flows in progress for this super-admin." }),
    },
  },
  "InvalidParameter.EndPoint": {
    status: 400,
    when: "An Endpoint the action does not offer.",
    messages: { endpointIncorrect: incorrectParameter },
  },
  "InvalidParameter.FileType": {
    status: 400,
    when: "An uploaded file (BusinessLicense, PowerOfAttorneys, a control call's power of attorney) is not Base64 of an accepted type and size.",
    messages: {
      fileTypeInvalid: (p: { name: string; reason: LocalizedText }) => ({ zh: `文件类型不合法（${p.name}）：${p.reason.zh}`, en: `${p.name}: ${p.reason.en}` }),
      powerOfAttorneyInvalid: (p: { reason: LocalizedText }) => ({ zh: `授权书无效：${p.reason.zh}。`, en: `The power of attorney is invalid: ${p.reason.en}.` }),
    },
  },
  "InvalidParameter.InvalidOperatorId": {
    status: 400,
    when: "Operator.UserId is not 32 letters or digits.",
    messages: {
      invalidOperatorId: () => ({ zh: "操作人ID不正确：Operator.UserId 应为32位字母数字。", en: "Operator.UserId is incorrect: it must be 32 letters or digits." }),
    },
  },
  "InvalidParameter.InvalidOrganizationId": {
    status: 400,
    when: "The calling key's organization no longer exists.",
    messages: {
      callerOrganizationGone: () => ({ zh: "机构ID不正确。", en: "The caller's organization no longer exists." }),
    },
  },
  "InvalidParameter.JumpUrl": {
    status: 400,
    when: "CreateOrganizationAuthUrl's JumpEvents.N.JumpUrl is not an http(s) URL (\"true\" for APP).",
    messages: {
      jumpUrlInvalid: (p: { index: number }) => ({
        zh: `不合法的跳转链接（JumpEvents.${p.index}.JumpUrl）。`,
        en: `JumpEvents.${p.index}.JumpUrl is not a valid http(s) URL ("true" for APP).`,
      }),
    },
  },
  "InvalidParameter.Mobile": {
    status: 400,
    when: "An admin's or legal representative's mobile is not a mainland mobile number.",
    messages: {
      adminMobileInvalid: () => ({ zh: "不合法的手机号，请检查后重试（AdminMobile）。", en: "AdminMobile is not a valid mainland mobile number." }),
      legalRepMobileInvalid: () => ({ zh: "不合法的手机号，请填写中国大陆11位手机号。", en: "Enter a mainland China mobile number of 11 digits." }),
    },
  },
  "InvalidParameter.ParamError": {
    status: 400,
    when: "DescribeIntegrationEmployees' Limit, Offset or Filters out of range; DescribeBatchOrganizationRegistrationUrls' unknown TaskId.",
    messages: {
      paramError: incorrectParameter,
      taskNotFound: (p: { taskId: string }) => ({ zh: `参数错误：TaskId ${p.taskId} 不存在。`, en: `TaskId ${p.taskId} does not exist.` }),
    },
  },
  InvalidParameterValue: {
    status: 400,
    when: "A parameter or field of the right type whose value is refused (range, length, enumeration, format, or a business rule on it).",
    messages: {
      invalidParameterValue: (p: ParameterProblem) => ({ zh: `参数 \`${p.name}\` 取值错误：${p.why.zh}`, en: `Parameter \`${p.name}\` has an invalid value: ${p.why.en}` }),
      adminMobileNotMainland: () => ({ zh: "参数 AdminMobile 取值错误：不是中国大陆11位手机号。", en: "AdminMobile is not a mainland 11-digit mobile number." }),
      authorizationMethodRefused: () => ({ zh: "参数 AuthorizationMethod 取值错误：仅支持 1、2、3，H5 仅支持 1。", en: "AuthorizationMethod accepts 1, 2, 3; H5 accepts only 1." }),
      initializationRefused: () => ({ zh: "参数 Initialization 取值错误：仅支持 1、2，且 2 仅支持 PC。", en: "Initialization accepts 1 and 2, and 2 only with Endpoint PC." }),
      jumpEventTypeRefused: (p: { index: number }) => ({
        zh: `参数 JumpEvents.${p.index}.JumpEventType 取值错误：仅支持 1、2、3。`,
        en: `JumpEvents.${p.index}.JumpEventType accepts 1, 2, 3.`,
      }),
      userDataRefused: () => ({ zh: "参数 UserData 取值错误：需为 base64，长度不超过4096。", en: "UserData must be base64 of at most 4096 characters." }),
      creditCodeRefused: (p: { reason: LocalizedText }) => ({ zh: `参数 UniformSocialCreditCode 取值错误：${p.reason.zh}`, en: `UniformSocialCreditCode: ${p.reason.en}` }),
      adminNameRefused: () => ({ zh: "参数 AdminName 取值错误：姓名不符合规范。", en: "AdminName is not a valid name." }),
      duplicateOrganizationName: (p: { name: string }) => ({
        zh: `企业名称[${p.name}]重复`,
        en: `OrganizationName [${p.name}] appears more than once in RegistrationOrganizations`,
      }),
      duplicateCreditCode: (p: { code: string }) => ({
        zh: `统一社会信用代码[${p.code}]重复`,
        en: `UniformSocialCreditCode [${p.code}] appears more than once in RegistrationOrganizations`,
      }),
      duplicateOrganizationOpenId: (p: { openId: string }) => ({
        zh: `子客企业OrganizationOpenId[${p.openId}]重复`,
        en: `OrganizationOpenId [${p.openId}] appears more than once in RegistrationOrganizations`,
      }),
      duplicateOperatorOpenId: (p: { openId: string }) => ({
        zh: `子客经办人OpenId[${p.openId}]重复`,
        en: `OpenId [${p.openId}] appears more than once in RegistrationOrganizations`,
      }),
      organizationHeaderUnknown: (p: { organizationId: string }) => ({
        zh: `请求头 X-Essd-Organization 指定的企业或应用 ${p.organizationId} 不存在。`,
        en: `The organization or application ${p.organizationId} named by the X-Essd-Organization header does not exist.`,
      }),
      linkUrlNotEssd: () => ({
        zh: "参数 url 取值错误：不是 essd 发出的链接。",
        en: "url is not a link essd hands out (batch, short, QR, registration, authorization, invitation, admin page or legal representative's link).",
      }),
      callbackUrlInvalid: (p: { url: string }) => ({
        zh: `回调地址须为 http:// 或 https:// 开头的完整 URL（收到 "${p.url}"）。`,
        en: `The callback URL must be an absolute http:// or https:// URL, not "${p.url}".`,
      }),
      callbackKeyInvalid: () => ({
        zh: "回调加密 key（CallbackUrlKey）须为恰好 32 个 ASCII 字符：AES-256-CBC 以其 32 字节为密钥、前 16 字节为 IV。",
        en: "The callback key (CallbackUrlKey) must be exactly 32 printable ASCII characters: AES-256-CBC uses its 32 bytes as the key and its first 16 as the IV.",
      }),
      callbackTokenEmpty: () => ({ zh: "签名验证令牌不能为空。", en: "The signing token must not be empty; leave it out to send no Content-Signature." }),
      organizationNameEmpty: () => ({ zh: "企业名称不能为空。", en: "The organization name must not be empty." }),
      parentIsSubEnterprise: (p: { parentId: string }) => ({
        zh: `${p.parentId} 本身是子企业，不能再有子企业。`,
        en: `${p.parentId} is itself a sub-enterprise and cannot be a group.`,
      }),
      enterpriseNameTooLong: (p: { max: number }) => ({ zh: `企业名称不得超过 ${p.max} 个字符。`, en: `The enterprise name must not exceed ${p.max} characters.` }),
      enterpriseCreditCodeInvalid: (p: { reason: LocalizedText }) => ({
        zh: `统一社会信用代码不正确：${p.reason.zh}`,
        en: `The unified social credit code is not valid: ${p.reason.en}`,
      }),
      rejectReasonTooLong: (p: { max: number }) => ({ zh: `驳回原因不得超过 ${p.max} 个字符。`, en: `The reason for rejection must not exceed ${p.max} characters.` }),
      flowStepValueRefused: flowRefusal,
    },
  },
  UnknownParameter: {
    status: 400,
    when: "A parameter or field the action (or control call) does not define, named by its full path.",
    messages: {
      unknownParameter: (p: { name: string }) => ({
        zh: `未知参数错误：\`${p.name}\` 不是该接口定义的参数。`,
        en: `Unknown parameter \`${p.name}\`: it is not defined for this action.`,
      }),
    },
  },
} satisfies CodeDeclarations;
