/**
 * CreateOrganizationInfoChangeUrl: a link whose page lets an enterprise's current super-admin or legal
 * representative change the enterprise's information. ChangeType 1 hands the super-admin role to another
 * employee (super-admin.ts); ChangeType 2 changes the base information — name, legal representative, address —
 * which is checked against the registry and then reviewed (base-info.ts). The unified social credit code is never
 * changed through the link: it is what the new name is checked against.
 */
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { checkCreditCode } from "../identity/index.ts";
import { DAY_MS, issueLink, type IssuedLink } from "../links.ts";
import type { ActingContext } from "../operators.ts";
import { organizationsAdministeredBy } from "../organization-groups.ts";
import type { LinkRecord, OrganizationRecord } from "../../store/ports.ts";

export const ORGANIZATION_CHANGE_KIND = "organization-change";
/** "链接7天有效" (spec, ExpiredTime). */
export const ORGANIZATION_CHANGE_TTL_MS = 7 * DAY_MS;
export const CHANGE_TYPES = [1, 2] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
export const SUPER_ADMIN_CHANGE: ChangeType = 1;
export const BASE_INFO_CHANGE: ChangeType = 2;

const refuse = (name: string, zh: string, en: string) => errors.invalidParameterValue({ name, why: { zh, en } });

/**
 * Issues the link for the acting organization, or for the enterprise verified with `creditCode` ("他方企业"):
 * anyone may create that one, since only its own super-admin or legal representative can act on its page.
 */
export async function createOrganizationChangeLink(deps: DomainDeps, acting: ActingContext, input: { changeType: number; creditCode?: string }): Promise<IssuedLink> {
  if (!(CHANGE_TYPES as readonly number[]).includes(input.changeType)) {
    throw errors.paramError({ name: "ChangeType", why: { zh: `不支持的变更类型 ${input.changeType}，仅支持 1（超管变更）、2（基础信息变更）。`, en: `change type ${input.changeType} is not supported: 1 (super-admin) or 2 (base information).` } });
  }
  const target = input.creditCode === undefined ? acting.organization : await enterpriseWithCode(deps, input.creditCode);
  if (input.changeType === BASE_INFO_CHANGE && !target.creditCode) throw errors.noCreditCodeToVerify({ organizationId: target.id });
  return issueLink(deps, {
    kind: ORGANIZATION_CHANGE_KIND,
    // The caller (a group acting for its sub-enterprise included) owns the link: its outbox, records, receiver, review policy.
    organizationId: acting.callerOrganizationId,
    target: { targetOrganizationId: target.id, changeType: input.changeType, operatorId: acting.operator.id },
    ttlMs: ORGANIZATION_CHANGE_TTL_MS,
  });
}

async function enterpriseWithCode(deps: DomainDeps, raw: string): Promise<OrganizationRecord> {
  const code = raw.trim().toUpperCase();
  const check = checkCreditCode(code, deps.registration.idChecks);
  if (!check.ok) throw refuse("UnifiedSocialCreditCode", check.reason.zh, check.reason.en);
  const [found] = await deps.store.findOrganizationsByCreditCode(code, 1);
  if (!found) throw refuse("UnifiedSocialCreditCode", "essd 中没有以该统一社会信用代码完成认证的企业。", "no enterprise verified with this code is known to essd.");
  return found;
}

export interface OrganizationChangeLinkView {
  link: LinkRecord;
  changeType: ChangeType;
  /** The enterprise as it is now. */
  organization: OrganizationRecord;
}

export async function organizationChangeOf(deps: DomainDeps, link: LinkRecord): Promise<OrganizationChangeLinkView | undefined> {
  const organization = await deps.store.getOrganization(String(link.target.targetOrganizationId));
  const changeType = Number(link.target.changeType);
  if (!organization || (changeType !== 1 && changeType !== 2)) return undefined;
  return { link, changeType, organization };
}

/** Whether the holder of `mobile` is the enterprise's super-admin or legal representative (verified, current). */
export async function administers(deps: DomainDeps, organizationId: string, mobile: string): Promise<boolean> {
  return (await organizationsAdministeredBy(deps, mobile, [organizationId])).has(organizationId);
}
