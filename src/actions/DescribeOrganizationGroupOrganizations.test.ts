/**
 * DescribeOrganizationGroupOrganizations pages the group in the store: the main enterprise first, then the members in
 * the order they joined. Every page (across the main enterprise's row and past the end, filtered or not) must be the
 * slice of that whole list, with the totals the whole list gives.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../platform/clock.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { sdkClient } from "../../test/support/sdk-client.ts";

let h: Harness;
let client: ReturnType<typeof sdkClient>;
// Signed calls must be within five minutes of essd's clock: it starts at now and moves a second per member.
const clock = new ManualClock(Date.now());
/** The whole group, in the order it is listed: the main enterprise, then members as they joined. */
const group: Array<{ id: string; name: string }> = [];

describe("DescribeOrganizationGroupOrganizations pages", () => {
  before(async () => {
    h = await startEssd({ clock });
    client = sdkClient(h, h.tenant);
    group.push({ id: h.tenant.OrganizationId, name: h.tenant.OrganizationName });
    for (const name of ["深圳甲科技有限公司", "上海乙贸易有限公司", "北京丙科技有限公司", "广州丁有限公司", "杭州戊科技有限公司"]) {
      clock.advance(1000);
      const member = await h.createTenant(name, h.tenant.OrganizationId);
      group.push({ id: member.OrganizationId, name });
    }
    // Another group's members are never listed.
    const other = await h.createTenant("别的集团");
    await h.createTenant("深圳己科技有限公司", other.OrganizationId);
  });
  after(() => h?.close());

  const list = (extra: Record<string, unknown>) => client.DescribeOrganizationGroupOrganizations({ Operator: { UserId: h.tenant.OperatorUserId }, Limit: 20, Offset: 0, ...extra });

  it("every page is the whole list's slice, across the main enterprise's row and past the end", async () => {
    const ids = group.map((o) => o.id);
    for (const [Offset, Limit] of [[0, 1], [0, 2], [1, 1], [1, 2], [2, 3], [5, 2], [6, 2], [0, 200]]) {
      const page = await list({ Offset, Limit });
      assert.deepEqual(page.List!.map((o) => o.OrganizationId), ids.slice(Offset, Offset + Limit), `Offset ${Offset}, Limit ${Limit}`);
      assert.deepEqual(page.List!.map((o) => o.IsMainOrganization), ids.slice(Offset, Offset + Limit).map((id) => id === ids[0]));
      assert.deepEqual([page.Total, page.ActivatedTotal, page.ActivedTotal, page.JoinedTotal], [6, 5, 5, 0]);
    }
  });

  it("filters by name text, id and status before paging; the members' totals stay the group's", async () => {
    const withTech = group.filter((o) => o.name.includes("科技")).map((o) => o.id);
    assert.ok(withTech.length >= 3);
    for (const [Offset, Limit] of [[0, 1], [1, 1], [1, 5], [3, 1], [withTech.length, 1]]) {
      const page = await list({ Name: "科技", Offset, Limit });
      assert.deepEqual(page.List!.map((o) => o.OrganizationId), withTech.slice(Offset, Offset + Limit));
      assert.deepEqual([page.Total, page.ActivatedTotal], [withTech.length, 5]);
    }
    const mainName = group[0]!.name;
    const byMainName = await list({ Name: mainName, Limit: 1, Offset: 1 });
    assert.deepEqual([byMainName.List, byMainName.Total], [[], group.filter((o) => o.name.includes(mainName)).length]);
    const one = await list({ Id: group[3]!.id });
    assert.deepEqual([one.List!.map((o) => o.OrganizationId), one.Total, one.ActivatedTotal], [[group[3]!.id], 1, 5]);
    const main = await list({ Id: group[0]!.id });
    assert.deepEqual([main.List!.map((o) => o.IsMainOrganization), main.Total], [[true], 1]);
    const joined = await list({ Status: 5, Offset: 4, Limit: 5 });
    assert.deepEqual([joined.List!.map((o) => o.OrganizationId), joined.Total], [group.slice(4).map((o) => o.id), 6]);
    const pending = await list({ Status: 1 });
    assert.deepEqual([pending.List, pending.Total, pending.ActivatedTotal], [[], 0, 5]);
  });
});
