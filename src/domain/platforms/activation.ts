/**
 * A sub-enterprise's activation (激活) runs in an ordinary authorization flow owned by its application; when that
 * flow verifies the enterprise, the new organization becomes the sub-enterprise's, the operator who went through
 * the flow joins it as its super-admin (首次完成企业激活流程的员工会成为超管). Every other operator joins later,
 * through a console login link of their own (员工认证并加入企业), as a verified employee.
 */
import type { DomainDeps } from "../deps.ts";
import { verifiedEmployee } from "../employees.ts";
import { emitSubEnterpriseActivated } from "./callbacks.ts";
import type { AuthFlowRecord, ProxyOperatorRecord, ProxyOrganizationRecord } from "../../store/ports.ts";

/** What a flow started for a sub-enterprise keeps in `options.platform`. */
export interface PlatformFlowOptions {
  applicationId: string;
  organizationOpenId: string;
  operatorOpenId: string;
}

export const platformOf = (flow: Pick<AuthFlowRecord, "options">): PlatformFlowOptions | undefined => flow.options.platform as PlatformFlowOptions | undefined;

/** Called in the verifying step's transaction; does nothing for a flow no sub-enterprise runs in. */
export async function joinVerifiedOrganization(tx: DomainDeps, flow: AuthFlowRecord, organizationId: string, adminEmployeeId: string): Promise<ProxyOrganizationRecord | undefined> {
  const platform = platformOf(flow);
  const proxy = await tx.store.findProxyOrganizationByFlow(flow.id);
  if (!platform || !proxy || proxy.organizationId) return undefined;
  const now = tx.clock.now();
  await tx.store.updateProxyOrganization(proxy.id, { organizationId, name: flow.organizationName, creditCode: flow.creditCode }, now);
  const activator = await tx.store.getProxyOperator(proxy.applicationId, proxy.openId, platform.operatorOpenId);
  if (activator?.status === "active") await tx.store.updateProxyOperator(activator.id, { employeeId: adminEmployeeId }, now);
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
