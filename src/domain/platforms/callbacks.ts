/**
 * ThirdPartyApp messages (reference §7.2, essbasic's 第三方应用 callbacks) to an application's receiver, through
 * the same outbox, encryption, signing, retries and log as the ess callbacks. MsgData carries the platform's
 * OpenIds, never a mobile or an ID number.
 */
import { emitCallback } from "../callbacks/emit.ts";
import type { DomainDeps } from "../deps.ts";
import { beijingTimestamp } from "../formats.ts";
import type { ProxyOrganizationRecord } from "../../store/ports.ts";

/** The sub-enterprise's activation finished: 企业认证 (OrgAuth) and 开通电子签 (OrgOpenTsignBiz). */
export async function emitSubEnterpriseActivated(
  deps: DomainDeps,
  ownerOrganizationId: string,
  proxy: ProxyOrganizationRecord,
  facts: { operatorOpenId: string; organizationName: string; creditCode: string; legalName: string },
): Promise<void> {
  const ids = { ApplicationId: proxy.applicationId, ProxyOrganizationOpenId: proxy.openId, ProxyOperatorOpenId: facts.operatorOpenId };
  await emitCallback(deps, ownerOrganizationId, "OrgAuth", { ...ids, AuthSuccess: true }, "ThirdPartyApp");
  await emitCallback(
    deps,
    ownerOrganizationId,
    "OrgOpenTsignBiz",
    { ...ids, ProxyAppId: "", OpenSuccess: true, OrganizationName: facts.organizationName, USCC: facts.creditCode, LegalName: facts.legalName },
    "ThirdPartyApp",
  );
}

/**
 * A reviewer decided on the power of attorney a sub-enterprise's activation uploaded (授权书审核结果, OrgCertify):
 * OperateSuccess true when approved, the reviewer's reason when rejected.
 */
export async function emitPowerOfAttorneyReviewed(
  deps: DomainDeps,
  ownerOrganizationId: string,
  ids: { applicationId: string; organizationOpenId: string },
  review: { approved: boolean; reason: string },
): Promise<void> {
  await emitCallback(
    deps,
    ownerOrganizationId,
    "OrgCertify",
    { ApplicationId: ids.applicationId, ProxyOrganizationOpenId: ids.organizationOpenId, OperateSuccess: review.approved, CertifyReason: review.reason, OperateTime: beijingTimestamp(deps.clock.now()) },
    "ThirdPartyApp",
  );
}

/** An operator verified and joined the activated sub-enterprise (员工实名). */
export async function emitStaffVerified(deps: DomainDeps, ownerOrganizationId: string, applicationId: string, organizationOpenId: string, operatorOpenId: string): Promise<void> {
  await emitCallback(
    deps,
    ownerOrganizationId,
    "VerifyStaffInfo",
    { ApplicationId: applicationId, ProxyOrganizationOpenId: organizationOpenId, ProxyOperatorOpenId: operatorOpenId, VerifySuccess: true, OperateTime: beijingTimestamp(deps.clock.now()) },
    "ThirdPartyApp",
  );
}
