import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds } from "../platform/ids.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import { resolveApiKey, rotateApiKeys } from "./api-keys.ts";
import type { DomainDeps } from "./deps.ts";
import { createTenant, type CreatedTenant } from "./tenants.ts";

const NOW = Date.parse("2026-12-01T08:00:00Z");

describe("key rotation", () => {
  let domain: DomainDeps;
  let clock: ManualClock;
  let tenant: CreatedTenant;
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    domain = await openDomain(loadConfig({ logLevel: "silent" }, {}), { store: openSqliteStore(":memory:"), clock, ids: sequentialIds() });
    tenant = await createTenant(domain, { name: "轮换密钥有限公司" });
  });
  afterEach(() => domain.store.close());

  it("issues a new key at once; the old one signs until the overlap ends, then never again", async () => {
    const rotated = await rotateApiKeys(domain, tenant.OrganizationId, 3600);
    assert.deepEqual(rotated.retiring, [{ SecretId: tenant.SecretId, ValidUntil: NOW + 3_600_000 }]);
    assert.equal((await resolveApiKey(domain, rotated.SecretId))?.secretKey, rotated.SecretKey);
    assert.equal((await resolveApiKey(domain, tenant.SecretId))?.secretKey, tenant.SecretKey, "still valid during the overlap");
    clock.advance(3_600_000 - 1);
    assert.ok(await resolveApiKey(domain, tenant.SecretId));
    clock.advance(1);
    assert.equal(await resolveApiKey(domain, tenant.SecretId), undefined, "revoked when the overlap ends");
    assert.ok(await resolveApiKey(domain, rotated.SecretId));
  });

  it("with no overlap revokes the old key at once; a second rotation retires only the keys that still sign", async () => {
    const first = await rotateApiKeys(domain, tenant.OrganizationId, 0);
    assert.equal(await resolveApiKey(domain, tenant.SecretId), undefined);
    assert.equal((await domain.store.getApiKey(tenant.SecretId))?.status, "revoked");
    const second = await rotateApiKeys(domain, tenant.OrganizationId, 60);
    assert.deepEqual(second.retiring.map((k) => k.SecretId), [first.SecretId]);
    clock.advance(60_000);
    assert.equal(await resolveApiKey(domain, first.SecretId), undefined);
    assert.ok(await resolveApiKey(domain, second.SecretId));
  });

  it("never extends an overlap already running", async () => {
    await rotateApiKeys(domain, tenant.OrganizationId, 60);
    const again = await rotateApiKeys(domain, tenant.OrganizationId, 3600);
    assert.equal(again.retiring.find((k) => k.SecretId === tenant.SecretId)?.ValidUntil, NOW + 60_000);
    clock.advance(60_000);
    assert.equal(await resolveApiKey(domain, tenant.SecretId), undefined);
  });
});
