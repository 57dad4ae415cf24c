import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { EssError } from "../errors.ts";
import { createApplication, createPlatform } from "./platforms.ts";
import { ensureProxyOperator, ensureProxyOrganization, resolveAgent } from "./identity-mapping.ts";
import { resolveApiKey } from "../api-keys.ts";

const code = (c: string) => (e: unknown) => e instanceof EssError && e.code === c;

describe("platforms and the identity mapping", () => {
  let h: Harness;
  before(async () => {
    h = await startEssd({ autoWork: false });
  });
  after(() => h.close());

  it("creates a platform with one application, another on request, each with a key marked as the application's", async () => {
    const platform = await createPlatform(h.domain, { name: "平台甲" });
    const second = await createApplication(h.domain, platform.PlatformId);
    assert.notEqual(platform.AppId, second.AppId);
    assert.equal(second.PlatformId, platform.PlatformId);
    const key = await resolveApiKey(h.domain, second.SecretId);
    assert.equal(key?.applicationId, second.AppId);
    assert.equal(key?.secretKey, second.SecretKey);
    assert.equal((await resolveApiKey(h.domain, h.tenant.SecretId))?.applicationId, null, "an enterprise's key belongs to no application");
    await assert.rejects(createApplication(h.domain, "yDnoSuchPlatform"), code("ResourceNotFound"));
    await assert.rejects(createPlatform(h.domain, { name: "  " }), code("InvalidParameterValue"));
  });

  it("keeps two applications' identical OpenIds apart", async () => {
    const a = await createPlatform(h.domain, { name: "平台乙" });
    const b = await createPlatform(h.domain, { name: "平台丙" });
    const orgA = await ensureProxyOrganization(h.domain, a.AppId, "same", { name: "子客A" });
    const orgB = await ensureProxyOrganization(h.domain, b.AppId, "same", { name: "子客B" });
    assert.notEqual(orgA.id, orgB.id);
    assert.equal((await ensureProxyOrganization(h.domain, a.AppId, "same")).name, "子客A", "found again, unchanged");
    const opA = await ensureProxyOperator(h.domain, a.AppId, "same", "user", { name: "张三" });
    const opB = await ensureProxyOperator(h.domain, b.AppId, "same", "user", { name: "李四" });
    assert.notEqual(opA.id, opB.id);
    assert.deepEqual((await h.domain.store.listProxyOperators(a.AppId, "same")).map((o) => o.name), ["张三"]);
  });

  it("starts a resigned operator's OpenId again from nothing", async () => {
    const p = await createPlatform(h.domain, { name: "平台丁" });
    const op = await ensureProxyOperator(h.domain, p.AppId, "org", "user", { name: "张三", mobile: "13800000000" });
    await h.domain.store.updateProxyOperator(op.id, { status: "resigned", employeeId: "yDgone" }, h.domain.clock.now());
    const again = await ensureProxyOperator(h.domain, p.AppId, "org", "user", { name: "王五" });
    assert.deepEqual([again.id, again.status, again.name, again.mobileHash, again.employeeId], [op.id, "active", "王五", null, null]);
  });

  it("accepts an Agent only for the application whose key signed, with the OpenIds the action needs", async () => {
    const p = await createPlatform(h.domain, { name: "平台戊" });
    const other = await createPlatform(h.domain, { name: "平台己" });
    const signedBy = { applicationId: p.AppId };
    const both = { organization: true, operator: true };
    const acting = await resolveAgent(h.domain, signedBy, { AppId: p.AppId, ProxyOrganizationOpenId: "o", ProxyOperator: { OpenId: "u" } }, both);
    assert.deepEqual([acting.application.id, acting.organizationOpenId, acting.operatorOpenId], [p.AppId, "o", "u"]);
    await assert.rejects(resolveAgent(h.domain, signedBy, {}, both), code("MissingParameter"));
    await assert.rejects(resolveAgent(h.domain, signedBy, { AppId: other.AppId, ProxyOrganizationOpenId: "o" }, both), code("InvalidParameter.Application"));
    await assert.rejects(resolveAgent(h.domain, signedBy, { AppId: p.AppId }, both), code("MissingParameter.OrgOpenId"));
    await assert.rejects(resolveAgent(h.domain, signedBy, { AppId: p.AppId, ProxyOrganizationOpenId: "o" }, both), code("MissingParameter.ProxyOperatorOpenId"));
    await assert.rejects(resolveAgent(h.domain, signedBy, { AppId: p.AppId, ProxyOrganizationOpenId: "x".repeat(65) }, both), code("InvalidParameter.OpenId"));
  });
});
