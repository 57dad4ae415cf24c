/**
 * CreateChannelSubOrganizationActive: a licence activates a verified sub-enterprise's account for a year, or renews
 * an active one for another year ("激活状态的有效期为一年…只有处于激活状态的子企业才能进行续期操作"). The licence is
 * kept on the sub-enterprise's activation flow (options.license), where AutoActive puts it too. essd holds
 * unlimited licences. All or nothing: one sub-enterprise that cannot take it refuses the call, changing none.
 */
import type { DomainDeps } from "../deps.ts";
import { errors } from "../errors.ts";
import { inTransaction } from "../transaction.ts";
import { LICENSE_TERM_MS, licenseActive, licenseOf, newLicense, type SubOrganizationLicense } from "./activation.ts";
import type { PlatformActing } from "./identity-mapping.ts";

export async function licenseSubOrganizations(deps: DomainDeps, acting: PlatformActing, openIds: string[], renew: boolean): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const now = tx.clock.now();
    for (const [i, openId] of openIds.entries()) {
      const name = `SubOrganizationOpenIds.${i}`;
      const proxy = await tx.store.getProxyOrganization(acting.application.id, openId);
      const [flow] = proxy?.organizationId && proxy.flowId ? await tx.store.findAuthFlows(acting.owner.id, { ids: [proxy.flowId] }) : [];
      if (!proxy?.organizationId || !flow) throw errors.subEnterpriseNotActivated({ openId });
      const current = licenseOf(flow);
      const active = licenseActive(current, now);
      if (renew && !active) throw errors.invalidParameterValue({ name, why: { zh: `子客企业 ${openId} 未激活，须先激活再续期。`, en: `sub-enterprise ${openId} is not active: activate it before renewing.` } });
      if (!renew && active) throw errors.invalidParameterValue({ name, why: { zh: `子客企业 ${openId} 已激活，请用续期（Renew）。`, en: `sub-enterprise ${openId} is already active: renew it instead (Renew).` } });
      const license: SubOrganizationLicense = renew ? { ...current!, expiresAt: current!.expiresAt + LICENSE_TERM_MS } : newLicense(now);
      await tx.store.updateAuthFlow(flow.id, { options: { ...flow.options, license } }, now);
    }
  });
}
