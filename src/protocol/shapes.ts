import { z } from "zod";

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
      .optional()
      .meta(text("被代理的子企业在电子签平台的机构编号，集团代理场景必传。", "The sub-enterprise a group acts for; required when acting as a group.")),
    AppId: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
    ProxyAppId: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
    ProxyOperator: z.string().optional().meta(text("已废弃，一般不用传。", "Deprecated; ignored.")),
  })
  .nullish()
  .meta(text("代理企业和员工的信息，集团主企业代子企业操作时使用。", "Acting-for information, used when a group's main enterprise acts for a sub-enterprise."));

export { text as describe };
