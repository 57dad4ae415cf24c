import { z } from "zod";
import { applicationAsOwner } from "../../domain/platforms/owner.ts";
import { describeTaskLinks } from "../../domain/registration/describe.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";
import { essId } from "../../protocol/identifiers.ts";

export const DescribeBatchOrganizationRegistrationUrls = definePlatformAction({
  name: "DescribeBatchOrganizationRegistrationUrls",
  description: describe(
    "查询子客企业批量认证链接：任务处理完成后，每家企业一条链接或错误信息；处理中返回空列表。",
    "Gets the links of a sub-enterprise registration task: one link or error per enterprise once processed; an empty list while processing.",
  ).descriptions,
  needs: { organization: false, operator: false },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    TaskId: essId("CreateBatchOrganizationRegistrationTasks 返回的任务Id。", "The TaskId CreateBatchOrganizationRegistrationTasks returned."),
  }),
  async handle(input, { deps, acting }) {
    const links = await describeTaskLinks(deps, applicationAsOwner(acting), input.TaskId);
    return {
      OrganizationAuthUrls: links.map((l) =>
        l.authUrl !== undefined
          ? { AuthUrl: l.authUrl, ErrorMessage: l.errorMessage, OrganizationName: l.organizationName, SubTaskId: l.subTaskId }
          : { ErrorMessage: l.errorMessage, OrganizationName: l.organizationName, SubTaskId: l.subTaskId },
      ),
    };
  },
});
