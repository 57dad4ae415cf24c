import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../platform/clock.ts";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { controlCall } from "../../test/support/control-request.ts";
import { adminLinkOf, LEGAL_REP_RESEND_MS, legalRepTextedAt, sendLegalRepLink } from "./admin-link.ts";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { sequentialIds } from "../platform/ids.ts";
import { flowRecord, T0, taskRecord } from "../store/contract-support.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { processedFlow } from "../../test/support/review-flows.ts";

describe("texting the legal representative (AuthorizationTypes 2)", () => {
  const clock = new ManualClock(Date.now());
  let h: Harness;
  let flowId: string;
  const send = (mobile = "13900000003") => sendLegalRepLink(h.domain, { organizationId: h.tenant.OrganizationId, flowId, mobile, adminName: "李四" });
  const storedFlow = async () => (await h.domain.store.findAuthFlows(h.tenant.OrganizationId, { ids: [flowId] }))[0]!;
  const legalRepTexts = async () =>
    (await h.domain.store.listSmsMessages(h.tenant.OrganizationId, { purpose: "legal-rep-link", limit: 10 })).length;

  before(async () => {
    h = await startEssd({ clock });
    ({ flowId } = await processedFlow(h, h.tenant, "法人短信科技有限公司"));
  });
  after(async () => {
    await h?.close();
  });

  it("refuses before the enterprise's details are confirmed, and for a malformed mobile", async () => {
    await assert.rejects(send(), (e: any) => e.code === "OperationDenied.IllegalTransition" && /details are not confirmed yet/.test(e.message));
    assert.equal(await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/confirm`).then((r) => r.status), 200);
    await assert.rejects(send("1380000"), (e: any) => e.code === "InvalidParameter.Mobile");
    assert.equal(legalRepTextedAt(await storedFlow()), undefined);
    assert.equal(await legalRepTexts(), 0);
  });

  it("texts once, then refuses again within the minute, naming the seconds left, without a second SMS or link", async () => {
    const sentAt = clock.now();
    await send();
    assert.equal(legalRepTextedAt(await storedFlow()), sentAt);
    clock.advance(LEGAL_REP_RESEND_MS - 1_000);
    await assert.rejects(send(), (e: any) => e.code === "LimitExceeded" && /try again in 1 s/.test(e.message));
    assert.equal(await legalRepTexts(), 1);
    assert.equal(legalRepTextedAt(await storedFlow()), sentAt, "a refused resend changes nothing");
  });

  it("texts again once the minute has passed, keeping the flow's other progress; only the latest link works", async () => {
    clock.advance(1_000);
    const before = await storedFlow();
    await send("13900000005");
    const { json } = await controlCall(h.url, h.tenant, "GET", "outbox?purpose=legal-rep-link");
    const [latest, earlier] = json.messages.map((m: { link: string }) => m.link);
    const earlierPage = await fetch(earlier);
    assert.equal(earlierPage.status, 410, "a link texted before, perhaps to a mistyped number, no longer opens");
    assert.match(await earlierPage.text(), /链接已被取代/);
    assert.equal((await fetch(latest)).status, 200);
    const replaced = await controlCall(h.url, h.tenant, "POST", "links/open", { url: earlier });
    assert.deepEqual([replaced.status, replaced.json.Error.Code], [410, "ResourceNotFound.LinkReplaced"], "links/open agrees with the page");
    assert.equal((await controlCall(h.url, h.tenant, "POST", "links/open", { url: latest })).status, 200);
    const after = await storedFlow();
    assert.equal(legalRepTextedAt(after), clock.now());
    assert.equal(await legalRepTexts(), 2);
    assert.deepEqual([after.status, after.authType, after.auditStatus], [before.status, before.authType, before.auditStatus]);
    const approved = await controlCall(h.url, h.tenant, "POST", `flows/${flowId}/legal-rep-approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.json));
    assert.deepEqual([approved.json.state, approved.json.authType], ["verified", 2]);
  });
});

describe("an admin link's flows as its pages read them", () => {
  it("come in the link's order, with the ids of those whose own link has expired or is gone", async () => {
    const clock = new ManualClock(T0 + 1_000);
    const deps = await openDomain(loadConfig({ logLevel: "silent" }, {}), { store: openSqliteStore(":memory:"), clock, ids: sequentialIds() });
    try {
      const adminMobileSealed = deps.box.seal("13800000001");
      const flows = [
        flowRecord("live", { position: 0, linkToken: "tok-live", adminMobileSealed }),
        flowRecord("over", { position: 1, linkToken: "tok-over", adminMobileSealed }),
        flowRecord("gone", { position: 2, linkToken: "tok-gone", adminMobileSealed }),
        flowRecord("none", { position: 3, adminMobileSealed }),
      ];
      await deps.store.insertRegistrationTask(taskRecord("t1"), flows);
      const link = (code: string, expiresAt: number) => ({ code, kind: "enterprise-registration", organizationId: "org1", target: {}, createdAt: T0, expiresAt });
      await deps.store.insertLinks([link("tok-live", T0 + 1_001), link("tok-over", T0 + 1_000)]);
      const batch = { ...link("batch", T0 + 5_000), kind: "batch-authorization", target: { flowIds: ["none", "gone", "over", "live", "elsewhere"], adminMobileHash: "mobile-hash" } };
      const admin = await adminLinkOf(deps, batch);
      assert.deepEqual(admin.flows.map((f) => f.id), ["none", "gone", "over", "live"]);
      assert.deepEqual([...admin.expiredLinks].sort(), ["gone", "over"]);
      assert.equal(admin.adminMobile, "13800000001", "unsealed when read");
    } finally {
      await deps.store.close();
    }
  });
});
