import { z } from "zod";
import { unbindOpenId } from "../domain/employee-open-ids.ts";
import { defineAction } from "../protocol/action.ts";
import { Agent, describe, UserInfo } from "../protocol/shapes.ts";
import { ClientOpenId, EmployeeUserId } from "../protocol/staff.ts";

export const UnbindEmployeeUserIdWithClientOpenId = defineAction({
  name: "UnbindEmployeeUserIdWithClientOpenId",
  description: describe(
    "解除员工的电子签 UserId 与贵方系统 OpenId 的绑定；该 OpenId 随后可绑定其他员工。",
    "Removes the binding between an employee's ESS UserId and your system's OpenId; the OpenId may then be bound to another employee.",
  ).descriptions,
  input: () => z.strictObject({ Operator: UserInfo, UserId: EmployeeUserId, OpenId: ClientOpenId, Agent }),
  async handle(input, { deps, acting }) {
    await unbindOpenId(deps, acting, input.UserId, input.OpenId);
    return { Status: 1 };
  },
});
