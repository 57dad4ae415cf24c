import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { MAX_OPEN_ID, requireVerifiedOperator } from "../../domain/platforms/identity-mapping.ts";
import { licenseSubOrganizations } from "../../domain/platforms/licenses.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";

/** essd's bound on one call's list (the spec states none): a licence per sub-enterprise, in one transaction. */
const MAX_SUB_ORGANIZATIONS = 200;

export const CreateChannelSubOrganizationActive = definePlatformAction({
  name: "CreateChannelSubOrganizationActive",
  description: describe(
    "以许可证激活已认证的子客企业账号（一年），或为已激活的续期一年。",
    "Activates verified sub-enterprises' accounts with a licence (one year), or renews active ones for another year.",
  ).descriptions,
  needs: { organization: true, operator: true },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    SubOrganizationOpenIds: z.array(z.string()).max(MAX_SUB_ORGANIZATIONS).optional().meta(describe("要激活或续期的子客企业 OpenId，均须已认证。", "The sub-enterprises to activate or renew, all verified.")),
    Renew: z.boolean().optional().meta(describe("true 续期，默认 false 激活。", "true renews; false (default) activates.")),
  }),
  async handle(input, { deps, acting }) {
    const openIds = (input.SubOrganizationOpenIds ?? []).map((id) => id.trim());
    if (!openIds.length) throw errors.missingParameter({ name: "SubOrganizationOpenIds" });
    for (const [i, id] of openIds.entries()) {
      if (!id) throw errors.missingParameter({ name: `SubOrganizationOpenIds.${i}` });
      if ([...id].length > MAX_OPEN_ID) throw errors.openIdTooLong({ name: `SubOrganizationOpenIds.${i}`, max: MAX_OPEN_ID });
      if (openIds.indexOf(id) !== i) throw errors.invalidParameterValue({ name: `SubOrganizationOpenIds.${i}`, why: { zh: `${id} 重复。`, en: `${id} appears twice.` } });
    }
    // Impossible values first (as DescribeChannelOrganizations), then who is asking.
    await requireVerifiedOperator(deps, acting);
    await licenseSubOrganizations(deps, acting, openIds, input.Renew === true);
    return {};
  },
});
