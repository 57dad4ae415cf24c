import { z } from "zod";
import { applicationAsOwner } from "../../domain/platforms/owner.ts";
import { createRegistrationTask } from "../../domain/registration/tasks.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";
import { RegistrationOrganizationInfo } from "../CreateBatchOrganizationRegistrationTasks.ts";

/** ESS's enterprise row plus the platform's ids of the sub-enterprise and its admin. */
const PlatformRegistrationOrganizationInfo = RegistrationOrganizationInfo.extend({
  OrganizationOpenId: z.string().meta(describe("子客企业在贵方系统中的唯一标识（本应用内唯一，仅字母和数字，最长64位）。", "The platform's id of the sub-enterprise (unique in the application; letters and digits, at most 64).")),
  OpenId: z.string().meta(describe("超管（经办人）在贵方系统中的唯一标识（本应用内唯一，仅字母和数字，最长64位）。", "The platform's id of the admin (unique in the application; letters and digits, at most 64).")),
  AutoJumpUrl: z.string().optional().meta(describe("认证完成后 H5 页面跳转的链接，最长1000个字符。", "Where the H5 pages go once verified, at most 1000 characters.")),
}).meta(describe("子客企业的注册信息，需与营业执照一致。", "A sub-enterprise to register, as on its business licence."));

export const CreateBatchOrganizationRegistrationTasks = definePlatformAction({
  name: "CreateBatchOrganizationRegistrationTasks",
  description: describe(
    "批量创建子客企业认证链接（异步）：一次最多10家，之后用 DescribeBatchOrganizationRegistrationUrls 查询链接。",
    "Creates registration links for sub-enterprises in bulk (asynchronously): up to 10; fetch them with DescribeBatchOrganizationRegistrationUrls.",
  ).descriptions,
  needs: { organization: false, operator: false },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    RegistrationOrganizations: z.array(PlatformRegistrationOrganizationInfo).min(1).max(10).meta(describe("子客企业注册信息，一次最多10条。", "Sub-enterprises to register, at most 10.")),
    Endpoint: z
      .enum(["PC", "CHANNEL", "SHORT_URL", "APP", "H5", "SHORT_H5"])
      .optional()
      .meta({ errorCode: "InvalidParameter.EndPoint", ...describe("链接类型：PC（默认）、CHANNEL、SHORT_URL、APP、H5、SHORT_H5。", "Link form: PC (default), CHANNEL, SHORT_URL, APP, H5, SHORT_H5.") }),
    BatchAuthMethod: z.int().min(0).max(1).optional().meta(describe("0 多链接（默认）；1 单链接。", "0 one link per enterprise (default); 1 a single link.")),
  }),
  async handle(input, { deps, acting }) {
    const { taskId, errorMessages } = await createRegistrationTask(deps, applicationAsOwner(acting), {
      organizations: input.RegistrationOrganizations,
      endpoint: input.Endpoint ?? "PC",
      batchAuthMethod: input.BatchAuthMethod ?? 0,
      firstRowNumber: 1,
      applicationId: acting.application.id,
    });
    // essbasic returns no messages when every enterprise was accepted (its official example: `[]`).
    return { TaskId: taskId, ErrorMessages: taskId ? [] : errorMessages };
  },
});
