import type { DomainDeps } from "./deps.ts";
import { findCurrentEmployee } from "./employees.ts";
import { errors } from "./errors.ts";
import type { ActingContext } from "./operators.ts";
import type { EmployeeRecord } from "../store/ports.ts";
import { inTransaction } from "./transaction.ts";

/**
 * The link between an employee's ESS UserId and the id the integrator's own system gives it (OpenId), unique among
 * an organization's current employees. CreateIntegrationEmployees may set it at creation; these verbs set and
 * clear it afterwards. Each is atomic, so two concurrent bindings of one OpenId cannot both succeed.
 */
export async function bindOpenId(deps: DomainDeps, acting: ActingContext, userId: string, openId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const employee = await currentEmployee(tx, acting, userId);
    if (employee.openId === openId) throw errors.openIdAlreadyBoundToUser();
    const holder = await findCurrentEmployee(tx, acting.organization.id, { openId });
    if (holder) throw errors.openIdBoundToAnotherUser();
    if (employee.openId) throw errors.userBoundToAnotherOpenId();
    await tx.store.updateEmployee(employee.id, { openId });
  });
}

export async function unbindOpenId(deps: DomainDeps, acting: ActingContext, userId: string, openId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const employee = await currentEmployee(tx, acting, userId);
    const holder = await findCurrentEmployee(tx, acting.organization.id, { openId });
    if (!holder) throw errors.openIdNotBound();
    if (holder.id !== employee.id) throw errors.openIdBoundToOtherUser();
    await tx.store.updateEmployee(employee.id, { openId: "" });
  });
}

async function currentEmployee(deps: DomainDeps, acting: ActingContext, userId: string): Promise<EmployeeRecord> {
  const employee = await findCurrentEmployee(deps, acting.organization.id, { userId });
  if (!employee) throw errors.employeeNotFound({ name: "UserId", userId });
  return employee;
}
