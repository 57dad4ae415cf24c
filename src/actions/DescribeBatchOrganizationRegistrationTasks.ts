import { z } from "zod";
import { describeSubTasks } from "../domain/registration/describe.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { essId } from "../protocol/identifiers.ts";

export const DescribeBatchOrganizationRegistrationTasks = defineAction({
  name: "DescribeBatchOrganizationRegistrationTasks",
  description: describe(
    "查询企业批量认证子任务的状态：Processing、Create、Submit、Authorization、Failed。",
    "Gets the state of batch registration sub-tasks: Processing, Create, Submit, Authorization, Failed.",
  ).descriptions,
  input: () => z.strictObject({
    Operator: UserInfo,
    Agent,
    TaskIds: z
      .array(essId("子任务 SubTaskId。", "A SubTaskId."))
      .max(100)
      .optional()
      .meta(describe("子任务 SubTaskId 列表（DescribeBatchOrganizationRegistrationUrls 返回），最多100个；不传则返回最近创建的100个子任务（新的在前）。", "SubTaskIds (from DescribeBatchOrganizationRegistrationUrls), at most 100; when omitted, the 100 most recently created sub-tasks, newest first.")),
  }),
  async handle(input, { deps, acting }) {
    const details = await describeSubTasks(deps, acting, input.TaskIds);
    return {
      Details: details.map((d) => ({ TaskId: d.subTaskId, Status: d.status, ErrorMessage: d.errorMessage, AuthorizationInfoId: d.authorizationInfoId })),
    };
  },
});
