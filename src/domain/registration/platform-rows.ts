/**
 * What a platform's registration rows (essbasic) add to ESS's: each enterprise is one of the application's
 * sub-enterprises, named by the platform's OpenId, and its admin one of that sub-enterprise's operators. The
 * task's flows stay ordinary flows of the application's organization; these ids tie each flow to its
 * sub-enterprise so that verifying it activates that sub-enterprise (../platforms/activation.ts).
 */
import type { AuthFlowRecord } from "../../store/ports.ts";
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { ensureProxyOperator, ensureProxyOrganization } from "../platforms/identity-mapping.ts";
import type { PlatformFlowOptions } from "../platforms/activation.ts";
import { rowProblem, type RegistrationOrganization } from "./organization-rows.ts";

/** "最大长度为64位字符串，仅支持包含26个英文字母和数字0-9的字符" (RegistrationOrganizationInfo). */
const ROW_OPEN_ID = /^[A-Za-z0-9]{1,64}$/;
/** AutoJumpUrl: "最大长度1000个字符". */
const MAX_AUTO_JUMP_URL = 1000;

/** What is wrong with a platform row's own fields, in the row's words; undefined when nothing. */
export function platformRowProblem(org: RegistrationOrganization, rowNumber: number): string | undefined {
  if (!ROW_OPEN_ID.test(org.OrganizationOpenId?.trim() ?? "")) return rowProblem(rowNumber, "OrganizationOpenId不正确(仅支持英文字母和数字,最长64位)");
  if (!ROW_OPEN_ID.test(org.OpenId?.trim() ?? "")) return rowProblem(rowNumber, "OpenId不正确(仅支持英文字母和数字,最长64位)");
  const jump = org.AutoJumpUrl?.trim() ?? "";
  if (jump && (jump.length > MAX_AUTO_JUMP_URL || !/^https?:\/\/\S+$/.test(jump))) return rowProblem(rowNumber, "AutoJumpUrl不正确(需为http(s)链接,最长1000个字符)");
  return undefined;
}

/** "同一批创建的子客户不能重复": besides name and credit code, neither the sub-enterprise's nor the admin's OpenId. */
export function rejectDuplicateOpenIds(organizations: RegistrationOrganization[]): void {
  const orgIds = new Set<string>();
  const operatorIds = new Set<string>();
  for (const org of organizations) {
    const orgId = org.OrganizationOpenId?.trim() ?? "";
    if (orgIds.has(orgId)) throw errors.duplicateOrganizationOpenId({ openId: orgId });
    orgIds.add(orgId);
    const operatorId = org.OpenId?.trim() ?? "";
    if (operatorIds.has(operatorId)) throw errors.duplicateOperatorOpenId({ openId: operatorId });
    operatorIds.add(operatorId);
  }
}

/** A sub-enterprise already activated has nothing left to register: its row is refused like a wrong field. */
export async function activatedRowProblems(deps: DomainDeps, applicationId: string, organizations: RegistrationOrganization[], firstRowNumber: number): Promise<string[]> {
  return Promise.all(
    organizations.map(async (org, i) => {
      const proxy = await deps.store.getProxyOrganization(applicationId, org.OrganizationOpenId!.trim());
      return proxy?.organizationId ? rowProblem(i + firstRowNumber, "该子客企业已完成认证,无需再次认证") : "";
    }),
  );
}

/** The ids a platform row's flow keeps (`options.platform`), read by activation, callbacks and the results. */
export function platformFlowOptions(applicationId: string, org: RegistrationOrganization): PlatformFlowOptions {
  return { applicationId, organizationOpenId: org.OrganizationOpenId!.trim(), operatorOpenId: org.OpenId!.trim() };
}

/**
 * In the task's transaction: each row's sub-enterprise and admin by OpenId (created on first use, details as the
 * row gives them while not activated), and the sub-enterprise's activation now running in the row's flow — the
 * latest registration of a sub-enterprise is the one whose verification activates it.
 */
export async function bindSubEnterprises(tx: DomainDeps, applicationId: string, rows: Array<{ org: RegistrationOrganization; flow: AuthFlowRecord }>): Promise<void> {
  for (const { org, flow } of rows) {
    const { organizationOpenId, operatorOpenId } = platformFlowOptions(applicationId, org);
    const proxy = await ensureProxyOrganization(tx, applicationId, organizationOpenId, {
      name: org.OrganizationName,
      creditCode: org.UniformSocialCreditCode.toUpperCase(),
      legalName: org.LegalName,
      address: org.Address,
    });
    await tx.store.updateProxyOrganization(proxy.id, { flowId: flow.id }, tx.clock.now());
    await ensureProxyOperator(tx, applicationId, organizationOpenId, operatorOpenId, {
      name: org.AdminName,
      mobile: org.AdminMobile,
      idCardType: org.AdminIdCardType,
      idCardNumber: org.AdminIdCardNumber,
    });
  }
}
