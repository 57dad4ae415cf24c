/**
 * SyncProxyOrganization and SyncProxyOrganizationOperators: what a platform tells essd about its sub-enterprises
 * and their operators before (and after) they activate. Each operator of a sync either succeeds or fails with its
 * own reason; a failure never stops the others.
 */
import type { DomainDeps } from "../deps.ts";
import { errors, type LocalizedText } from "../errors.ts";
import { isMainlandMobile, isPersonName } from "../formats.ts";
import { checkCreditCode, checkIdNumber, type IdCardType } from "../identity/index.ts";
import { inTransaction } from "../transaction.ts";
import { employeeOf, ensureProxyOperator, ensureProxyOrganization, MAX_OPEN_ID, type PlatformActing } from "./identity-mapping.ts";

/** As OrganizationName takes it elsewhere in the API. */
const MAX_ORGANIZATION_NAME = 200;

export interface SubEnterpriseSync {
  name: string;
  creditCode?: string;
  legalName?: string;
  legalIdCardType?: string;
  legalIdCardNumber?: string;
  address?: string;
}

/** Stores (or updates, while not activated) what the platform knows of its sub-enterprise. */
export async function syncProxyOrganization(deps: DomainDeps, acting: PlatformActing, input: SubEnterpriseSync): Promise<void> {
  const name = input.name.trim();
  if (!name) throw errors.missingParameter({ name: "ProxyOrganizationName" });
  if ([...name].length > MAX_ORGANIZATION_NAME) throw errors.enterpriseNameTooLong({ max: MAX_ORGANIZATION_NAME });
  const creditCode = input.creditCode?.trim().toUpperCase();
  if (creditCode) {
    const check = checkCreditCode(creditCode, deps.registration.idChecks);
    if (!check.ok) throw errors.creditCodeRefused({ reason: check.reason });
  }
  if (input.legalIdCardNumber?.trim()) {
    const check = checkIdNumber((input.legalIdCardType?.trim() || "ID_CARD") as IdCardType, input.legalIdCardNumber.trim().toUpperCase(), deps.registration.idChecks, new Date(deps.clock.now()));
    if (!check.ok) throw errors.invalidParameterValue({ name: "ProxyLegalIdCardNumber", why: check.reason });
  }
  await inTransaction(deps, (tx) =>
    ensureProxyOrganization(tx, acting.application.id, acting.organizationOpenId, { name, creditCode, legalName: input.legalName, address: input.address }),
  );
}

export type OperatorSyncType = "CREATE" | "UPDATE" | "RESIGN";

export interface OperatorSync {
  Id: string;
  Name?: string;
  IdCardType?: string;
  IdCardNumber?: string;
  Mobile?: string;
  DefaultRole?: string;
}

/** "最多支持200个". */
export const MAX_OPERATORS_PER_SYNC = 200;

export const OPERATOR_ROLES = ["admin", "channel-normal-operator"] as const;

/**
 * Applies one sync to each operator of an activated sub-enterprise. Answers Status 1 when all succeeded, 2 when
 * some did (FailedList naming the others); when none did, the call fails as a whole ("全部同步失败接口会直接报错").
 */
export async function syncProxyOperators(
  deps: DomainDeps,
  acting: PlatformActing,
  type: OperatorSyncType,
  operators: OperatorSync[],
): Promise<{ Status: 1 | 2; FailedList: Array<{ Id: string; Message: string }> }> {
  if (operators.length > MAX_OPERATORS_PER_SYNC) throw errors.tooManyOperators({ max: MAX_OPERATORS_PER_SYNC });
  const proxy = await deps.store.getProxyOrganization(acting.application.id, acting.organizationOpenId);
  if (!proxy?.organizationId) throw errors.subEnterpriseNotActivated({ openId: acting.organizationOpenId });
  const failures: Array<{ id: string; reason: LocalizedText }> = [];
  const seen = new Set<string>();
  for (const operator of operators) {
    const id = operator.Id.trim();
    const reason = seen.has(id) ? DUPLICATE : await inTransaction(deps, (tx) => syncOne(tx, acting, type, { ...operator, Id: id }));
    seen.add(id);
    if (reason) failures.push({ id, reason });
  }
  if (operators.length > 0 && failures.length === operators.length) throw errors.allOperatorsFailed({ failures });
  return { Status: failures.length ? 2 : 1, FailedList: failures.map((f) => ({ Id: f.id, Message: f.reason.zh })) };
}

const DUPLICATE: LocalizedText = { zh: "同一次同步中员工ID重复", en: "the Id appears more than once in this sync" };

/** One operator's sync; answers why it failed, or undefined. */
async function syncOne(tx: DomainDeps, acting: PlatformActing, type: OperatorSyncType, input: OperatorSync): Promise<LocalizedText | undefined> {
  const problem = checkOperator(tx, input, type);
  if (problem) return problem;
  const appId = acting.application.id;
  const existing = await tx.store.getProxyOperator(appId, acting.organizationOpenId, input.Id);
  const active = existing?.status === "active" ? existing : undefined;
  const employee = active && (await employeeOf(tx, active));
  const details = { name: input.Name, mobile: input.Mobile, idCardType: input.IdCardType, idCardNumber: input.IdCardNumber, defaultRole: input.DefaultRole };
  switch (type) {
    case "CREATE":
      // "同ID不同员工会覆盖掉上一个同ID的员工, 如果上一个员工已经实名则不会被覆盖".
      if (employee?.verified) return { zh: "该员工ID已被已实名的员工使用，不能覆盖", en: "the Id belongs to a verified operator, who is not overwritten" };
      await ensureProxyOperator(tx, appId, acting.organizationOpenId, input.Id, details);
      return undefined;
    case "UPDATE":
      if (!active) return { zh: "员工不存在", en: "no such operator" };
      if (employee?.verified) return { zh: "员工已实名，仅支持修改未实名员工的信息", en: "the operator is verified; only unverified operators can be updated" };
      await ensureProxyOperator(tx, appId, acting.organizationOpenId, input.Id, details);
      return undefined;
    case "RESIGN": {
      if (!active) return { zh: "员工不存在或已离职", en: "no such operator, or already resigned" };
      if (employee && (await isSuperAdmin(tx, employee.organizationId, employee.roleIds))) {
        return { zh: "超管和法人无法通过此接口离职", en: "the super-admin (or legal representative) cannot resign through this call" };
      }
      if (employee) await tx.store.markEmployeeQuit(employee.id, null);
      await tx.store.updateProxyOperator(active.id, { status: "resigned" }, tx.clock.now());
      return undefined;
    }
  }
}

function checkOperator(deps: DomainDeps, input: OperatorSync, type: OperatorSyncType): LocalizedText | undefined {
  if (!input.Id) return { zh: "员工ID不能为空", en: "the Id is empty" };
  if ([...input.Id].length > MAX_OPEN_ID) return { zh: `员工ID不符合规范（最长${MAX_OPEN_ID}个字符）`, en: `the Id exceeds ${MAX_OPEN_ID} characters` };
  if (type === "RESIGN") return undefined;
  if (input.Name !== undefined && input.Name.trim() && !isPersonName(input.Name.trim())) return { zh: "姓名不合法", en: "the Name is not a valid person's name" };
  if (input.Mobile !== undefined && input.Mobile.trim() && !isMainlandMobile(input.Mobile.trim())) return { zh: "手机号不合法", en: "the Mobile is not a mainland mobile number" };
  if (input.DefaultRole && !(OPERATOR_ROLES as readonly string[]).includes(input.DefaultRole)) {
    return { zh: `DefaultRole 仅支持 ${OPERATOR_ROLES.join("、")}`, en: `DefaultRole must be one of ${OPERATOR_ROLES.join(", ")}` };
  }
  if (input.IdCardNumber?.trim()) {
    const check = checkIdNumber((input.IdCardType?.trim() || "ID_CARD") as IdCardType, input.IdCardNumber.trim().toUpperCase(), deps.registration.idChecks, new Date(deps.clock.now()));
    if (!check.ok) return { zh: `证件号码不合法：${check.reason.zh}`, en: `IdCardNumber: ${check.reason.en}` };
  }
  return undefined;
}

async function isSuperAdmin(deps: DomainDeps, organizationId: string, roleIds: string[]): Promise<boolean> {
  const roles = await deps.store.listRoles(organizationId);
  return roles.some((r) => roleIds.includes(r.id) && (r.name === "超级管理员" || r.name === "法人"));
}
