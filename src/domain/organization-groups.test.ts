/**
 * A person who administers more enterprises than the group invitation page looks at: the page's candidates are
 * their oldest MAX_JOIN_MEMBERSHIPS memberships, read as such; joining, like the other checks of "does this mobile
 * administer that enterprise", looks in that enterprise alone, so the newer ones can still join.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { ManualClock } from "../platform/clock.ts";
import type { LinkRecord } from "../store/ports.ts";
import { administers } from "./organization-change/links.ts";
import { GROUP_INVITATION_KIND, joinCandidates, joinGroupThroughLink, MAX_JOIN_MEMBERSHIPS } from "./organization-groups.ts";
import { createOrganization } from "./tenants.ts";

const MOBILE = "13900001234";
let h: Harness;
let clock: ManualClock;
/** The enterprises MOBILE administers, oldest first. */
let enterprises: string[];

before(async () => {
  clock = new ManualClock(Date.parse("2026-03-02T02:00:00Z"));
  h = await startEssd({ clock, autoWork: false });
  enterprises = [];
  for (let n = 0; n < MAX_JOIN_MEMBERSHIPS + 2; n++) {
    clock.advance(1_000);
    const created = await createOrganization(h.domain, { name: `多家企业${n}`, operatorMobileHash: h.domain.box.lookupHash(MOBILE) });
    enterprises.push(created.organizationId);
  }
});
after(() => h.close());

describe("a person who administers many enterprises", () => {
  it("the invitation page offers the oldest MAX_JOIN_MEMBERSHIPS of them", async () => {
    const candidates = await joinCandidates(h.domain, h.tenant.OrganizationId, MOBILE);
    assert.deepEqual(
      candidates.map((c) => c.organization.id),
      enterprises.slice(0, MAX_JOIN_MEMBERSHIPS),
    );
    assert.ok(candidates.every((c) => c.standing === "joinable"));
  });

  it("a newer one, beyond the page, is still theirs: it joins, and the change link's check finds it", async () => {
    const newest = enterprises.at(-1)!;
    assert.equal(await administers(h.domain, newest, MOBILE), true);
    assert.equal(await administers(h.domain, newest, "13900009999"), false, "another mobile");
    const link: LinkRecord = { code: "group-link", kind: GROUP_INVITATION_KIND, organizationId: h.tenant.OrganizationId, target: { groupId: h.tenant.OrganizationId }, createdAt: clock.now(), expiresAt: clock.now() + 60_000 };
    const joined = await joinGroupThroughLink(h.domain, { link, organizationId: newest, mobile: MOBILE });
    assert.equal(joined.parentId, h.tenant.OrganizationId);
    await assert.rejects(joinGroupThroughLink(h.domain, { link, organizationId: newest, mobile: "13900009999" }), /不存在|not exist/i, "an enterprise the person does not administer");
  });
});
