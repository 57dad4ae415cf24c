/**
 * The one place where a platform's ids meet essd's: `Agent.AppId` + `Agent.ProxyOrganizationOpenId` +
 * `Agent.ProxyOperator.OpenId` → the application, its sub-enterprise (子客企业) and that enterprise's operator, and
 * from there to the organization and employee they became once verified. Every lookup is within one application,
 * so two applications using the same OpenId strings never meet.
 */
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import type { ApplicationRecord, EmployeeRecord, OrganizationRecord, ProxyOperatorRecord, ProxyOrganizationRecord } from "../../store/ports.ts";

/** "最大64位字符串" (Agent). */
export const MAX_OPEN_ID = 64;

export interface AgentInput {
  AppId?: string;
  ProxyOrganizationOpenId?: string;
  ProxyOperator?: { OpenId?: string } | null;
}

/** Who a platform call is for, once the Agent was checked against the key that signed it. */
export interface PlatformActing {
  application: ApplicationRecord;
  /** The organization row that owns the application's flows, links and callbacks. */
  owner: OrganizationRecord;
  /** The owner's operator, in whose name the application's flows are stored. */
  ownerOperator: EmployeeRecord;
  organizationOpenId: string;
  operatorOpenId: string;
}

/**
 * Checks `Agent` against the application whose key signed the call: AppId must be that application's (another's
 * or an unknown one answers alike), and the OpenIds the action needs must be present and at most 64 characters.
 */
export async function resolveAgent(
  deps: DomainDeps,
  signedBy: { applicationId: string },
  agent: AgentInput | null | undefined,
  needs: { organization: boolean; operator: boolean },
): Promise<PlatformActing> {
  const appId = agent?.AppId?.trim() ?? "";
  if (!appId) throw errors.missingParameter({ name: "Agent.AppId" });
  if (appId !== signedBy.applicationId) throw errors.applicationNotFound({ appId });
  const application = await deps.store.getApplication(appId);
  if (!application) throw errors.applicationNotFound({ appId });
  const organizationOpenId = checkedOpenId(agent?.ProxyOrganizationOpenId, "Agent.ProxyOrganizationOpenId");
  const operatorOpenId = checkedOpenId(agent?.ProxyOperator?.OpenId, "Agent.ProxyOperator.OpenId");
  if (needs.organization && !organizationOpenId) throw errors.organizationOpenIdMissing();
  if (needs.operator && !operatorOpenId) throw errors.operatorOpenIdMissing();
  const owner = await deps.store.getOrganization(application.organizationId);
  const [ownerOperator] = await deps.store.firstEmployees(application.organizationId, {}, 1);
  if (!owner || !ownerOperator) throw errors.applicationNotFound({ appId });
  return { application, owner, ownerOperator, organizationOpenId, operatorOpenId };
}

function checkedOpenId(value: string | undefined, name: string): string {
  const id = value?.trim() ?? "";
  if ([...id].length > MAX_OPEN_ID) throw errors.openIdTooLong({ name, max: MAX_OPEN_ID });
  return id;
}

export interface SubEnterpriseDetails {
  name?: string;
  creditCode?: string;
  legalName?: string;
  address?: string;
}

/**
 * The application's sub-enterprise by OpenId, created on first use as ESS does. Details given replace the stored
 * ones only while it is not activated (after that, the verified organization's own details are what count).
 */
export async function ensureProxyOrganization(deps: DomainDeps, applicationId: string, openId: string, details: SubEnterpriseDetails = {}): Promise<ProxyOrganizationRecord> {
  const now = deps.clock.now();
  const given = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v.trim() !== "").map(([k, v]) => [k, v!.trim()]));
  const existing = await deps.store.getProxyOrganization(applicationId, openId);
  if (existing) {
    if (existing.organizationId || Object.keys(given).length === 0) return existing;
    await deps.store.updateProxyOrganization(existing.id, given, now);
    return { ...existing, ...given, updatedAt: now };
  }
  const record: ProxyOrganizationRecord = {
    id: deps.ids.next("proxy"),
    applicationId,
    openId,
    name: given.name ?? "",
    creditCode: given.creditCode ?? "",
    legalName: given.legalName ?? "",
    address: given.address ?? "",
    flowId: null,
    organizationId: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.insertProxyOrganization(record);
  return record;
}

export interface OperatorDetails {
  name?: string;
  mobile?: string;
  idCardType?: string;
  idCardNumber?: string;
  defaultRole?: string;
}

/**
 * A sub-enterprise's operator by OpenId, created on first use. A resigned operator's OpenId starts again from
 * nothing ("再次加入公司会从零开始"); details change only while the operator has not joined as a verified employee.
 */
export async function ensureProxyOperator(deps: DomainDeps, applicationId: string, organizationOpenId: string, openId: string, details: OperatorDetails = {}): Promise<ProxyOperatorRecord> {
  const now = deps.clock.now();
  const patch = operatorPatch(deps, details);
  const existing = await deps.store.getProxyOperator(applicationId, organizationOpenId, openId);
  if (existing && existing.status === "active") {
    if (Object.keys(patch).length === 0 || (await isVerifiedOperator(deps, existing))) return existing;
    await deps.store.updateProxyOperator(existing.id, patch, now);
    return { ...existing, ...patch, updatedAt: now };
  }
  if (existing) {
    const fresh = { name: "", mobileSealed: null, mobileHash: null, idCardType: "", idCardSealed: null, defaultRole: "", ...patch, status: "active" as const, employeeId: null };
    await deps.store.updateProxyOperator(existing.id, fresh, now);
    return { ...existing, ...fresh, updatedAt: now };
  }
  const record: ProxyOperatorRecord = {
    id: deps.ids.next("proxy"),
    applicationId,
    organizationOpenId,
    openId,
    name: "",
    mobileSealed: null,
    mobileHash: null,
    idCardType: "",
    idCardSealed: null,
    defaultRole: "",
    ...patch,
    status: "active",
    employeeId: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.insertProxyOperator(record);
  return record;
}

function operatorPatch(deps: DomainDeps, details: OperatorDetails): Partial<ProxyOperatorRecord> {
  const patch: Partial<ProxyOperatorRecord> = {};
  if (details.name?.trim()) patch.name = details.name.trim();
  if (details.mobile?.trim()) {
    patch.mobileSealed = deps.box.seal(details.mobile.trim());
    patch.mobileHash = deps.box.lookupHash(details.mobile.trim());
  }
  if (details.idCardNumber?.trim()) {
    patch.idCardType = details.idCardType?.trim() || "ID_CARD";
    patch.idCardSealed = deps.box.seal(details.idCardNumber.trim().toUpperCase());
  }
  if (details.defaultRole?.trim()) patch.defaultRole = details.defaultRole.trim();
  return patch;
}

/** The employee an operator joined as, when it still is one (not quit). */
export async function employeeOf(deps: DomainDeps, operator: ProxyOperatorRecord): Promise<EmployeeRecord | undefined> {
  if (!operator.employeeId || operator.status !== "active") return undefined;
  return joinedAs(operator, await deps.store.getEmployee(operator.employeeId));
}

/** `employee` (the one `operator` names), if the operator is joined as it: the operator active, the employee current. */
export const joinedAs = (operator: ProxyOperatorRecord, employee: EmployeeRecord | undefined): EmployeeRecord | undefined =>
  operator.status === "active" && employee && !employee.quit ? employee : undefined;

/** Whether the operator joined its verified sub-enterprise and passed identity verification (实名). */
export async function isVerifiedOperator(deps: DomainDeps, operator: ProxyOperatorRecord): Promise<boolean> {
  return (await employeeOf(deps, operator))?.verified === true;
}

/**
 * The Agent's sub-enterprise, activated, and its operator, verified and joined: what the spec asks of the Agent
 * where it says "第三方平台子客企业和员工必须已经经过实名认证".
 */
export async function requireVerifiedOperator(deps: DomainDeps, acting: PlatformActing): Promise<{ proxy: ProxyOrganizationRecord; operator: ProxyOperatorRecord; employee: EmployeeRecord }> {
  const proxy = await deps.store.getProxyOrganization(acting.application.id, acting.organizationOpenId);
  if (!proxy?.organizationId) throw errors.subEnterpriseNotActivated({ openId: acting.organizationOpenId });
  const operator = await deps.store.getProxyOperator(acting.application.id, acting.organizationOpenId, acting.operatorOpenId);
  const employee = operator && (await employeeOf(deps, operator));
  if (!operator || !employee?.verified) throw errors.proxyOperatorNotVerified({ openId: acting.operatorOpenId });
  return { proxy, operator, employee };
}
