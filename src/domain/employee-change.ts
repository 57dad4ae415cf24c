/**
 * CreateEmployeeChangeUrl: a link through which a verified, current employee changes their mobile. On its page
 * the employee proves their current mobile, then the new one (a code texted to it); the API may fix the new mobile
 * (`NewMobile`). The change tells the organization's receiver (UserMobileChange).
 */
import { emitCallback } from "./callbacks/emit.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { isMainlandMobile } from "./formats.ts";
import { DAY_MS, issueLink, type IssuedLink } from "./links.ts";
import type { ActingContext } from "./operators.ts";
import { inTransaction } from "./transaction.ts";
import type { EmployeeRecord, LinkRecord } from "../store/ports.ts";

export const EMPLOYEE_CHANGE_KIND = "employee-change";
/** "从生成链接时间起，往后7天有效期". */
export const EMPLOYEE_CHANGE_TTL_MS = 7 * DAY_MS;

const refuse = (name: string, zh: string, en: string) => errors.invalidParameterValue({ name, why: { zh, en } });

export async function createEmployeeChangeLink(deps: DomainDeps, acting: ActingContext, input: { userId: string; newMobile?: string }): Promise<IssuedLink> {
  const employee = await deps.store.getEmployee(input.userId);
  // Another organization's employee answers like one that does not exist.
  if (!employee || employee.organizationId !== acting.organization.id) throw refuse("UserId", "不是本企业的员工。", "is not an employee of this organization.");
  if (employee.quit) throw refuse("UserId", "该员工已离职。", "this employee has left.");
  if (!employee.verified) throw refuse("UserId", "该员工尚未实名。", "this employee has not verified their identity.");
  let newMobileSealed: string | undefined;
  if (input.newMobile !== undefined) {
    const mobile = input.newMobile.trim();
    if (!isMainlandMobile(mobile)) throw refuse("NewMobile", "不是中国大陆11位手机号。", "is not a mainland 11-digit mobile number.");
    await checkNewMobile(deps, employee, mobile);
    newMobileSealed = deps.box.seal(mobile);
  }
  return issueLink(deps, {
    kind: EMPLOYEE_CHANGE_KIND,
    organizationId: acting.organization.id,
    target: { employeeId: employee.id, ...(newMobileSealed ? { newMobileSealed } : {}) },
    ttlMs: EMPLOYEE_CHANGE_TTL_MS,
  });
}

/** The new mobile must differ from the current one and belong to no other employee of the organization. */
async function checkNewMobile(deps: DomainDeps, employee: EmployeeRecord, mobile: string): Promise<void> {
  const hash = deps.box.lookupHash(mobile);
  if (employee.mobileHash === hash) throw refuse("NewMobile", "与员工当前手机号相同。", "is the employee's current mobile.");
  const holders = await deps.store.findEmployeesByMobileHash(employee.organizationId, hash);
  if (holders.some((e) => e.id !== employee.id && !e.quit)) throw refuse("NewMobile", "手机号已经被占用。", "belongs to another employee of the organization.");
}

export interface EmployeeChangeView {
  link: LinkRecord;
  employee: EmployeeRecord;
  /** The new mobile the API fixed, in clear, if it did. */
  fixedMobile?: string;
}

export async function employeeChangeOf(deps: DomainDeps, link: LinkRecord): Promise<EmployeeChangeView | undefined> {
  const employee = await deps.store.getEmployee(String(link.target.employeeId));
  if (!employee) return undefined;
  const sealed = link.target.newMobileSealed;
  return { link, employee, ...(typeof sealed === "string" ? { fixedMobile: deps.box.open(sealed) } : {}) };
}

/** Whether `mobile` is the employee's current one: who may use the link. */
export const isCurrentMobile = (deps: DomainDeps, employee: EmployeeRecord, mobile: string): boolean => employee.mobileHash === deps.box.lookupHash(mobile);

/** Sets the employee's new mobile (proved by SMS on the page) and tells the organization's receiver. */
export async function changeEmployeeMobile(deps: DomainDeps, view: EmployeeChangeView, newMobile: string): Promise<void> {
  const mobile = newMobile.trim();
  if (view.fixedMobile !== undefined && view.fixedMobile !== mobile) throw refuse("NewMobile", "与链接指定的新手机号不一致。", "is not the new mobile the link names.");
  if (view.employee.quit) throw refuse("UserId", "该员工已离职。", "this employee has left.");
  await checkNewMobile(deps, view.employee, mobile);
  await inTransaction(deps, async (tx) => {
    await tx.store.updateEmployee(view.employee.id, { mobileSealed: deps.box.seal(mobile), mobileHash: deps.box.lookupHash(mobile) });
    // No mobile in the message: its plaintext is kept for the delivery log.
    await emitCallback(tx, view.link.organizationId, "UserMobileChange", {
      OrganizationId: view.employee.organizationId,
      UserId: view.employee.id,
      ChangeTime: Math.floor(deps.clock.now() / 1000),
    });
  });
}
