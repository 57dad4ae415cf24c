/**
 * A sub-enterprise's activation (激活) runs in an ordinary authorization flow owned by its application; when that
 * flow verifies the enterprise, the new organization becomes the sub-enterprise's, the operator who went through
 * the flow joins it as its super-admin (首次完成企业激活流程的员工会成为超管). Every other operator joins later,
 * through a console login link of their own (员工认证并加入企业), as a verified employee.
 */
import type { DomainDeps } from "../deps.ts";
import { verifiedEmployee } from "../employees.ts";
import { createOrganization } from "../tenants.ts";
import { emitSubEnterpriseActivated } from "./callbacks.ts";
import type { AuthFlowRecord, ProxyOperatorRecord, ProxyOrganizationRecord } from "../../store/ports.ts";

/** What a flow started for a sub-enterprise keeps in `options.platform`. */
export interface PlatformFlowOptions {
  applicationId: string;
  organizationOpenId: string;
  operatorOpenId: string;
  /** CreateConsoleLoginUrl's AutoActive: the account is activated (a licence) as soon as the flow verifies the enterprise. */
  autoActive?: boolean;
}

/** "激活状态的有效期为一年，一年后将自动回到未激活状态" (CreateChannelSubOrganizationActive). */
export const LICENSE_TERM_MS = 365 * 24 * 60 * 60_000;

/** The sub-enterprise's account licence, kept on its activation flow once it verified (options.license). */
export interface SubOrganizationLicense {
  activatedAt: number;
  expiresAt: number;
}

export const licenseOf = (flow: Pick<AuthFlowRecord, "options"> | undefined): SubOrganizationLicense | undefined => flow?.options.license as SubOrganizationLicense | undefined;

/** A licence taken at `now`: one year. */
export const newLicense = (now: number): SubOrganizationLicense => ({ activatedAt: now, expiresAt: now + LICENSE_TERM_MS });

/** Whether a licence (if any) still holds at `now`. */
export const licenseActive = (license: SubOrganizationLicense | undefined, now: number): license is SubOrganizationLicense => license !== undefined && license.expiresAt > now;

export const platformOf = (flow: Pick<AuthFlowRecord, "options">): PlatformFlowOptions | undefined => flow.options.platform as PlatformFlowOptions | undefined;

/** Who verified the enterprise in a flow: its admin, who becomes (or joins as) a super-admin. */
const adminOf = (flow: AuthFlowRecord) => ({ operatorName: flow.adminName || undefined, operatorMobileSealed: flow.adminMobileSealed, operatorMobileHash: flow.adminMobileHash });

/**
 * The organization a flow's verified enterprise is, created in the verifying step's transaction. One real
 * enterprise is one organization across applications and platforms ("在不同应用下同一个企业会分配通用的ID"): a
 * sub-enterprise verified under one application and verified again under another (each application's data is its
 * own, so it must be: "应用A中的某个企业已经实名, 在应用B中此企业还需要重新认证") becomes the organization the first
 * verification made, found by its credit code, and whoever verified it this time joins it as a super-admin. The
 * credit code is claimed atomically (a unique key), so two applications verifying it at once make one organization.
 * An ess flow always makes a new organization, as before.
 */
export async function verifiedOrganizationOf(tx: DomainDeps, flow: AuthFlowRecord): Promise<{ organizationId: string; operatorId: string }> {
  const fresh = { name: flow.organizationName, creditCode: flow.creditCode, ...adminOf(flow) };
  const code = flow.creditCode.trim().toUpperCase();
  if (!platformOf(flow) || !code) return createOrganization(tx, fresh);
  const proposed = tx.ids.next("organization");
  const organizationId = await tx.store.putSettingIfAbsent(`sub-enterprise-by-credit-code:${code}`, proposed);
  if (organizationId === proposed) return createOrganization(tx, { ...fresh, id: proposed });
  return { organizationId, operatorId: await joinAsSuperAdmin(tx, organizationId, flow) };
}

/** The admin who verified an already known enterprise again, under another application, joins it as a super-admin. */
async function joinAsSuperAdmin(tx: DomainDeps, organizationId: string, flow: AuthFlowRecord): Promise<string> {
  const roles = await tx.store.listRoles(organizationId);
  const operatorId = tx.ids.next("user");
  const admin = adminOf(flow);
  await tx.store.insertEmployee(
    verifiedEmployee(
      {
        id: operatorId,
        organizationId,
        displayName: admin.operatorName ?? "超级管理员",
        mobileSealed: admin.operatorMobileSealed,
        mobileHash: admin.operatorMobileHash,
        roleIds: roles.filter((r) => r.name === "超级管理员" || r.name === "企业员工").map((r) => r.id),
      },
      tx.clock.now(),
    ),
  );
  return operatorId;
}

/** Called in the verifying step's transaction; does nothing for a flow no sub-enterprise runs in. */
export async function joinVerifiedOrganization(tx: DomainDeps, flow: AuthFlowRecord, organizationId: string, adminEmployeeId: string): Promise<ProxyOrganizationRecord | undefined> {
  const platform = platformOf(flow);
  const proxy = await tx.store.findProxyOrganizationByFlow(flow.id);
  if (!platform || !proxy || proxy.organizationId) return undefined;
  const now = tx.clock.now();
  await tx.store.updateProxyOrganization(proxy.id, { organizationId, name: flow.organizationName, creditCode: flow.creditCode }, now);
  const activator = await tx.store.getProxyOperator(proxy.applicationId, proxy.openId, platform.operatorOpenId);
  if (activator?.status === "active") await tx.store.updateProxyOperator(activator.id, { employeeId: adminEmployeeId }, now);
  // AutoActive: a licence for a year from now. essd holds no licence stock, so there are always enough. The flow's
  // own step patch, written after this, carries no options (it verifies), so this stays.
  if (platform.autoActive) {
    const license = newLicense(now);
    await tx.store.updateAuthFlow(flow.id, { options: { ...flow.options, license } }, now);
  }
  await emitSubEnterpriseActivated(tx, flow.organizationId, proxy, {
    operatorOpenId: platform.operatorOpenId,
    organizationName: flow.organizationName,
    creditCode: flow.creditCode,
    legalName: flow.legalName,
  });
  return { ...proxy, organizationId };
}

/** An operator of an activated sub-enterprise joins it as a verified employee (员工认证并加入企业). */
export async function joinAsVerifiedEmployee(tx: DomainDeps, organizationId: string, operator: ProxyOperatorRecord): Promise<string> {
  const now = tx.clock.now();
  const roles = await tx.store.listRoles(organizationId);
  const staff = roles.find((r) => r.name === "企业员工");
  const employeeId = tx.ids.next("user");
  await tx.store.insertEmployee(
    verifiedEmployee(
      {
        id: employeeId,
        organizationId,
        displayName: operator.name || operator.openId,
        mobileSealed: operator.mobileSealed,
        mobileHash: operator.mobileHash,
        roleIds: staff ? [staff.id] : [],
      },
      now,
    ),
  );
  await tx.store.updateProxyOperator(operator.id, { employeeId }, now);
  return employeeId;
}
