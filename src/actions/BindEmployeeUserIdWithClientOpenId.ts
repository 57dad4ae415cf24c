import { z } from "zod";
import { bindOpenId } from "../domain/employee-open-ids.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { ClientOpenId, EmployeeUserId } from "../protocol/staff.ts";

export const BindEmployeeUserIdWithClientOpenId = defineAction({
  name: "BindEmployeeUserIdWithClientOpenId",
  description: describe(
    "将员工的电子签 UserId 与贵方系统中的 OpenId 绑定；之后可用 OpenId 更新或离职该员工。",
    "Binds an employee's ESS UserId to the OpenId your own system gives it; the OpenId can then name the employee when updating or removing it.",
  ).descriptions,
  input: () => z.strictObject({ Operator: UserInfo, UserId: EmployeeUserId, OpenId: ClientOpenId, Agent }),
  async handle(input, { deps, acting }) {
    await bindOpenId(deps, acting, input.UserId, input.OpenId);
    return { Status: 1 };
  },
});
