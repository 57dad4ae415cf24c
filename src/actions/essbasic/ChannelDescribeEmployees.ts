import { z } from "zod";
import { errors } from "../../domain/errors.ts";
import { describeChannelEmployees, type EmployeeFilters } from "../../domain/platforms/describe.ts";
import { MAX_OPEN_ID, requireVerifiedOperator } from "../../domain/platforms/identity-mapping.ts";
import { definePlatformAction } from "../../protocol/action.ts";
import { describe, PlatformAgent } from "../../protocol/shapes.ts";

/** "单页最大支持 20". */
const MAX_LIMIT = 20;
const STATUS_VALUES = ["IsVerified", "NotVerified", "QuiteJob"] as const;

const Filter = z.strictObject({
  Key: z.string().meta(describe("Status、ExcludeQuiteJob 或 StaffOpenId。", "Status, ExcludeQuiteJob or StaffOpenId.")),
  Values: z.array(z.string()).meta(describe("过滤值。", "Values.")),
});

export const ChannelDescribeEmployees = definePlatformAction({
  name: "ChannelDescribeEmployees",
  description: describe("分页查询子客企业的员工（经办人），含同步而未实名、已离职的员工。", "Lists a sub-enterprise's operators, synced, verified or resigned, a page at a time.").descriptions,
  needs: { organization: true, operator: true },
  input: () => z.strictObject({
    Agent: PlatformAgent,
    Limit: z.int().meta(describe(`每页条数，最大 ${MAX_LIMIT}。`, `Page size, at most ${MAX_LIMIT}.`)),
    Filters: z.array(Filter).optional().meta(describe("过滤条件；同名 Key 只能有一个。", "Filters; each Key at most once.")),
    Offset: z.int().min(0).max(20000).optional().meta(describe("偏移量，从0开始，最大20000。", "Offset from 0, at most 20000.")),
  }),
  async handle(input, { deps, acting }) {
    if (input.Limit < 1 || input.Limit > MAX_LIMIT) throw errors.limitOutOfRange({ max: MAX_LIMIT });
    const filters = toFilters(input.Filters ?? []);
    await requireVerifiedOperator(deps, acting);
    const offset = input.Offset ?? 0;
    const { staff, total } = await describeChannelEmployees(deps, acting.application.id, acting.organizationOpenId, filters, offset, input.Limit);
    return { Employees: staff, Offset: offset, Limit: input.Limit, TotalCount: total };
  },
});

function toFilters(filters: Array<{ Key: string; Values: string[] }>): EmployeeFilters {
  const out: EmployeeFilters = {};
  const seen = new Set<string>();
  for (const [i, { Key, Values }] of filters.entries()) {
    const refuse = (zh: string, en: string) => errors.statusValueRefused({ name: `Filters.${i}`, why: { zh, en } });
    if (seen.has(Key)) throw refuse(`Key ${Key} 重复（同名 Key 只能有一个）。`, `Key ${Key} appears twice (each Key at most once).`);
    seen.add(Key);
    if (Key === "Status") {
      const [value] = Values;
      if (Values.length !== 1 || !(STATUS_VALUES as readonly string[]).includes(value)) throw refuse(`Status 仅支持 ${STATUS_VALUES.join("、")} 之一。`, `Status takes one of ${STATUS_VALUES.join(", ")}.`);
      out.status = value as EmployeeFilters["status"];
    } else if (Key === "ExcludeQuiteJob") {
      if (Values.length !== 1 || !["true", "false"].includes(Values[0])) throw refuse("ExcludeQuiteJob 仅支持 [\"true\"]。", "ExcludeQuiteJob takes [\"true\"].");
      out.excludeQuit = Values[0] === "true";
    } else if (Key === "StaffOpenId") {
      out.openIds = Values.map((v) => v.trim());
      // An OpenId longer than any Agent may carry names no operator; refused before any lookup.
      const tooLong = out.openIds.findIndex((v) => [...v].length > MAX_OPEN_ID);
      if (tooLong >= 0) throw errors.openIdTooLong({ name: `Filters.${i}.Values.${tooLong}`, max: MAX_OPEN_ID });
    } else {
      throw refuse(`不支持的 Key ${Key}（Status、ExcludeQuiteJob、StaffOpenId）。`, `Unknown Key ${Key} (Status, ExcludeQuiteJob, StaffOpenId).`);
    }
  }
  return out;
}
