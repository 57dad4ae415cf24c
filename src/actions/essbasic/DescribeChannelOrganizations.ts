import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { AUTHORIZATION_STATUSES, describeChannelOrganizations, type AuthorizationStatus } from "../../domain/platforms/describe.ts";
import { MAX_OPEN_ID, requireVerifiedOperator } from "../../domain/platforms/identity-mapping.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";

/** "单页最大支持 200". */
const MAX_LIMIT = 200;

export const DescribeChannelOrganizations = definePlatformAction({
  name: "DescribeChannelOrganizations",
  description: describe("分页查询本应用的子客企业及其认证状态。", "Lists the application's sub-enterprises and where their verification stands, a page at a time.").descriptions,
  needs: { organization: true, operator: true },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    Limit: z.int().meta(describe(`每页条数，最大 ${MAX_LIMIT}。`, `Page size, at most ${MAX_LIMIT}.`)),
    OrganizationOpenId: z.string().optional().meta(describe("只查询这个子客企业。", "Only this sub-enterprise.")),
    AuthorizationStatusList: z.array(z.string()).optional().meta(describe(`按认证状态过滤：${AUTHORIZATION_STATUSES.join("、")}。`, `Filter by status: ${AUTHORIZATION_STATUSES.join(", ")}.`)),
    Offset: z.int().min(0).max(20000).optional().meta(describe("偏移量，从0开始，最大20000。", "Offset from 0, at most 20000.")),
  }),
  async handle(input, { deps, acting }) {
    if (input.Limit < 1 || input.Limit > MAX_LIMIT) throw errors.limitOutOfRange({ max: MAX_LIMIT });
    for (const [i, status] of (input.AuthorizationStatusList ?? []).entries()) {
      if (!(AUTHORIZATION_STATUSES as readonly string[]).includes(status)) {
        throw errors.statusValueRefused({ name: `AuthorizationStatusList.${i}`, why: { zh: `不支持 ${status}。`, en: `${status} is not one of ${AUTHORIZATION_STATUSES.join(", ")}.` } });
      }
    }
    if ([...(input.OrganizationOpenId?.trim() ?? "")].length > MAX_OPEN_ID) throw errors.openIdTooLong({ name: "OrganizationOpenId", max: MAX_OPEN_ID });
    await requireVerifiedOperator(deps, acting);
    const offset = input.Offset ?? 0;
    const { infos, total } = await describeChannelOrganizations(deps, {
      applicationId: acting.application.id,
      ownerOrganizationId: acting.owner.id,
      openId: input.OrganizationOpenId?.trim() || undefined,
      statuses: input.AuthorizationStatusList as AuthorizationStatus[] | undefined,
      offset,
      limit: input.Limit,
    });
    return { ChannelOrganizationInfos: infos, Offset: offset, Limit: input.Limit, Total: total };
  },
});
