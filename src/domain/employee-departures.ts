import type { DomainDeps } from "./deps.ts";
import { findCurrentEmployee } from "./employees.ts";
import type { ActingContext } from "./operators.ts";
import { inTransaction } from "./transaction.ts";

/** One entry of DeleteIntegrationEmployees: who leaves (UserId, else OpenId) and who takes over (ReceiveUserId, else ReceiveOpenId). */
export interface EmployeeDeparture {
  UserId?: string;
  OpenId?: string;
  ReceiveUserId?: string;
  ReceiveOpenId?: string;
}

export interface EmployeeDeparted {
  userId: string;
  displayName: string;
  /** Sealed at rest; the action decides how to show it. */
  mobileSealed: string | null;
}

export interface EmployeeDepartureRejected {
  userId: string;
  openId: string;
  reason: string;
}

/** The roles whose holders cannot be removed until the organization names someone else (the spec: 超管或法人). */
const PROTECTED_ROLES = new Set(["超级管理员", "法人"]);

type Outcome = { reason: string; userId?: string } | { departed: EmployeeDeparted };

/**
 * Marks employees as departed (离职) one by one, each succeeding or failing with its own reason. A departed employee
 * can no longer act as Operator, its invitations stop working and its mobile and OpenId become free. essd has no
 * contracts to hand over, so a receiver is optional; when named, it must be a current, verified colleague.
 */
export async function removeEmployees(
  deps: DomainDeps,
  acting: ActingContext,
  departures: EmployeeDeparture[],
): Promise<{ departed: EmployeeDeparted[]; rejected: EmployeeDepartureRejected[] }> {
  const departed: EmployeeDeparted[] = [];
  const rejected: EmployeeDepartureRejected[] = [];
  const organizationId = acting.organization.id;
  const protectedRoleIds = new Set((await deps.store.listRoles(organizationId)).filter((r) => PROTECTED_ROLES.has(r.name)).map((r) => r.id));

  for (const input of departures) {
    const outcome = await inTransaction<Outcome>(deps, async (tx) => {
      const employee = await findCurrentEmployee(tx, organizationId, { userId: input.UserId, openId: input.OpenId });
      if (!employee) return { reason: "员工不存在或已离职" };
      const refuse = (reason: string): Outcome => ({ reason, userId: employee.id });
      if (employee.roleIds.some((id) => protectedRoleIds.has(id))) return refuse("超管或法人不能被离职，请先在控制台更换超管或法人");
      let receiverId: string | null = null;
      if (input.ReceiveUserId || input.ReceiveOpenId) {
        const receiver = await findCurrentEmployee(tx, organizationId, { userId: input.ReceiveUserId, openId: input.ReceiveOpenId });
        if (!receiver || !receiver.verified) return refuse("交接人不存在、已离职或未实名");
        if (receiver.id === employee.id) return refuse("交接人不能是离职员工本人");
        receiverId = receiver.id;
      }
      await tx.store.markEmployeeQuit(employee.id, receiverId);
      return { departed: { userId: employee.id, displayName: employee.displayName, mobileSealed: employee.mobileSealed } };
    });
    if ("reason" in outcome) rejected.push({ userId: outcome.userId ?? input.UserId ?? "", openId: input.OpenId ?? "", reason: outcome.reason });
    else departed.push(outcome.departed);
  }
  return { departed, rejected };
}
