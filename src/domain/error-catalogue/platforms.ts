/**
 * Codes about platforms (essbasic's callers): which service a key may call, the application named in Agent, the
 * platform's OpenIds, and the preconditions essbasic's spec states for its sub-enterprises and their operators.
 */
import type { CodeDeclarations, ParameterProblem } from "./declaration.ts";

export const platformCodes = {
  "AuthFailure.UnauthorizedOperation": {
    status: 403,
    when: "A platform application's key signs an ess call, or an enterprise's key an essbasic call; or the signature's scope names the other service than the version.",
    messages: {
      keyForOtherService: (p: { service: "ess" | "essbasic" }) =>
        p.service === "essbasic"
          ? { zh: "请求未授权：该密钥属于第三方应用平台的应用，只能调用 essbasic（2021-05-26）接口。", en: "Unauthorized: this key belongs to a platform application and may only call essbasic (2021-05-26)." }
          : { zh: "请求未授权：企业密钥只能调用 ess（2020-11-11）接口，第三方应用平台接口须使用应用的密钥。", en: "Unauthorized: an enterprise's key may only call ess (2020-11-11); essbasic needs a platform application's key." },
      scopeDisagreesWithVersion: (p: { scopeService: string; version: string; service: string }) => ({
        zh: `请求未授权：签名范围中的服务 ${p.scopeService} 与版本 ${p.version}（${p.service}）不一致。`,
        en: `Unauthorized: the credential scope names service ${p.scopeService}, but version ${p.version} is ${p.service}.`,
      }),
    },
  },
  "InvalidParameter.Application": {
    status: 400,
    when: "Agent.AppId is not the application whose key signed the call (unknown and another application's ids answer alike).",
    messages: {
      applicationNotFound: (p: { appId: string }) => ({
        zh: `应用号不存在：Agent.AppId ${p.appId} 不是签名密钥所属的应用。`,
        en: `Agent.AppId ${p.appId} is not the application the signing key belongs to.`,
      }),
    },
  },
  "MissingParameter.OrgOpenId": {
    status: 400,
    when: "An essbasic action that needs a sub-enterprise is called without Agent.ProxyOrganizationOpenId.",
    messages: {
      organizationOpenIdMissing: () => ({ zh: "企业OpenId不存在：缺少参数 `Agent.ProxyOrganizationOpenId`。", en: "The request is missing `Agent.ProxyOrganizationOpenId`." }),
    },
  },
  "MissingParameter.ProxyOperatorOpenId": {
    status: 400,
    when: "An essbasic action that needs an operator is called without Agent.ProxyOperator.OpenId.",
    messages: {
      operatorOpenIdMissing: () => ({ zh: "ProxyOperatorOpenId不存在：缺少参数 `Agent.ProxyOperator.OpenId`。", en: "The request is missing `Agent.ProxyOperator.OpenId`." }),
    },
  },
  "InvalidParameter.OpenId": {
    status: 400,
    when: "An OpenId (Agent's or an operator's Id) longer than 64 characters.",
    messages: {
      openIdTooLong: (p: { name: string; max: number }) => ({ zh: `OpenId不合法：\`${p.name}\` 最长 ${p.max} 个字符。`, en: `\`${p.name}\` must not exceed ${p.max} characters.` }),
    },
  },
  "ResourceNotFound.Organization": {
    status: 404,
    when: "An essbasic action that needs an activated (verified) sub-enterprise names one that is unknown to the application or not yet activated.",
    messages: {
      subEnterpriseNotActivated: (p: { openId: string }) => ({
        zh: `机构不存在：子客企业 ${p.openId} 尚未激活（未完成企业认证）。`,
        en: `Sub-enterprise ${p.openId} is not activated (has not completed verification) in this application.`,
      }),
    },
  },
  "InvalidParameter.Limit": {
    status: 400,
    when: "DescribeChannelOrganizations' Limit above 200, ChannelDescribeEmployees' above 20 (or below 1).",
    messages: {
      limitOutOfRange: (p: { max: number }) => ({ zh: `参数Limit不正确：取值范围 1~${p.max}。`, en: `Limit must be between 1 and ${p.max}.` }),
    },
  },
  "InvalidParameter.Status": {
    status: 400,
    when: "DescribeChannelOrganizations' AuthorizationStatusList or ChannelDescribeEmployees' Filters hold a value the spec does not list.",
    messages: {
      statusValueRefused: (p: ParameterProblem) => ({ zh: `状态异常：参数 \`${p.name}\` ${p.why.zh}`, en: `Parameter \`${p.name}\`: ${p.why.en}` }),
    },
  },
  "LimitExceeded.ProxyOrganizationOperator": {
    status: 400,
    when: "SyncProxyOrganizationOperators with more than 200 operators.",
    messages: {
      tooManyOperators: (p: { max: number }) => ({ zh: `经办人数据超出：ProxyOrganizationOperators 最多 ${p.max} 个。`, en: `ProxyOrganizationOperators holds more than ${p.max} operators.` }),
    },
  },
} satisfies CodeDeclarations;
