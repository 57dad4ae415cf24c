import { z } from "zod";
import { describeTaskLinks } from "../domain/registration/describe.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { essId } from "../protocol/identifiers.ts";

export const DescribeBatchOrganizationRegistrationUrls = defineAction({
  name: "DescribeBatchOrganizationRegistrationUrls",
  description: describe(
    "查询企业批量认证链接：任务处理完成后，每家企业一条链接或错误信息；处理中返回空列表。",
    "Gets the links of a batch registration task: one link or error per enterprise once processed; an empty list while processing.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    TaskId: essId("CreateBatchOrganizationRegistrationTasks 返回的任务Id。", "The TaskId CreateBatchOrganizationRegistrationTasks returned."),
  }),
  async handle(input, { deps, acting }) {
    const links = await describeTaskLinks(deps, acting, input.TaskId);
    return {
      // Two literals rather than a spread of an optional AuthUrl: the spread built every entry the slow way.
      OrganizationAuthUrls: links.map((l) =>
        l.authUrl !== undefined
          ? { AuthUrl: l.authUrl, ErrorMessage: l.errorMessage, SubTaskId: l.subTaskId, OrganizationName: l.organizationName }
          : { ErrorMessage: l.errorMessage, SubTaskId: l.subTaskId, OrganizationName: l.organizationName },
      ),
    };
  },
});
