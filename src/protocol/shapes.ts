import { z } from "zod";
import { ESS_ID_OR_EMPTY } from "./identifiers.ts";

const text = (zh: string, en: string) => ({ description: zh, descriptions: { zh, en } });

/** `Operator` (UserInfo): only UserId matters; the deprecated members still appear in official examples. */
export const UserInfo = z
  .strictObject({
    UserId: z.string().meta(text("执行本接口操作的员工在电子签平台的编号（32位）。", "Id of the employee performing the call (32 characters).")),
    Channel: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
    OpenId: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
    ClientIp: z.string().optional().meta(text("内部字段，暂未开放。", "Internal; ignored.")),
    ProxyIp: z.string().optional().meta(text("内部字段，暂未开放。", "Internal; ignored.")),
  })
  .meta(text("执行本接口操作的员工信息。", "The employee performing this call."));

/** `Agent`: a group's main enterprise acting for a sub-enterprise through ProxyOrganizationId. */
export const Agent = z
  .strictObject({
    ProxyOrganizationId: z
      .string()
      .regex(ESS_ID_OR_EMPTY)
      .optional()
      .meta(text("被代理的子企业在电子签平台的机构编号，集团代理场景必传。", "The sub-enterprise a group acts for; required when acting as a group.")),
    AppId: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
    ProxyAppId: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
    ProxyOperator: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
  })
  .nullish()
  .meta(text("代理企业和员工的信息，集团主企业代子企业操作时使用。", "Acting-for information, used when a group's main enterprise acts for a sub-enterprise."));

export { text as describe };

/** essbasic's `UserInfo` (Agent.ProxyOperator): the platform's OpenId of the sub-enterprise's operator. */
export const PlatformUserInfo = z
  .strictObject({
    OpenId: z.string().optional().meta(text("第三方平台子客企业员工的唯一标识（本应用内唯一，最长64位）。", "The platform's id of the sub-enterprise's operator (unique in the application, at most 64 characters).")),
    Channel: z.string().optional().meta(text("内部字段，不用传。", "Internal; ignored.")),
    CustomUserId: z.string().optional().meta(text("内部字段，不用传。", "Internal; ignored.")),
    ClientIp: z.string().optional().meta(text("内部字段，不用传。", "Internal; ignored.")),
    ProxyIp: z.string().optional().meta(text("内部字段，不用传。", "Internal; ignored.")),
  })
  .nullish()
  .meta(text("第三方平台子客企业中的员工（经办人）。", "The sub-enterprise's operator."));

/** essbasic's `Agent`: the application, and the sub-enterprise and operator a call is for, by the platform's OpenIds. */
export const PlatformAgent = z
  .strictObject({
    AppId: z.string().meta(text("应用的唯一标识（签名密钥所属的应用）。", "The application's id (the one whose key signs the call).")),
    ProxyOrganizationOpenId: z.string().optional().meta(text("第三方平台子客企业的唯一标识（本应用内，最长64位）。", "The platform's id of its sub-enterprise (within the application, at most 64 characters).")),
    ProxyOperator: PlatformUserInfo,
    ProxyAppId: z.string().optional().meta(text("不用填写。", "Not to be filled in; ignored.")),
    ProxyOrganizationId: z.string().optional().meta(text("内部字段，不用传。", "Internal; ignored.")),
  })
  .meta(text("渠道应用及其子客企业、经办人的信息。", "The application, and the sub-enterprise and operator the call is for."));
