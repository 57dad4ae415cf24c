/**
 * Migration 0018 on both backends: a store holding sub-enterprises verified before credit codes were claimed
 * (activation.ts) gets one claim per credit code, for the code's oldest organization, so verifying such an
 * enterprise under another application joins it instead of making a second organization.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { OrganizationRecord, ProxyOrganizationRecord } from "./ports.ts";
import { openPostgresStore } from "./postgres.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { KyselyStore } from "./kysely-store.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { m0018_sub_enterprise_claims } from "./migrations/0018-sub-enterprise-claims.ts";

const T0 = 1_700_000_000_000;
const CODE = "91440300MA5FXXXX1A";
const claimOf = (code: string) => `sub-enterprise-by-credit-code:${code}`;

const org = (id: string, creditCode: string | null, createdAt: number): OrganizationRecord => ({ id, name: `机构${id}`, parentId: null, createdAt, creditCode, groupJoinedAt: null });
const sub = (id: string, applicationId: string, organizationId: string | null): ProxyOrganizationRecord => ({
  id,
  applicationId,
  openId: `open-${id}`,
  name: `子客${id}`,
  creditCode: "",
  legalName: "",
  address: "",
  flowId: null,
  organizationId,
  createdAt: T0,
  updatedAt: T0,
});

/**
 * What a store migrated before 0018 looked like at its first start with it: the migration runs again (its own up(),
 * as the migrator runs it: forgetting only 0018 in kysely_migration would leave later ones applied out of order).
 */
async function runClaimBackfill(store: KyselyStore) {
  await m0018_sub_enterprise_claims.up(store.kysely.withoutPlugins());
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`credit-code claims of sub-enterprises verified before claims existed (${backend})`, () => {
    let database: TestDatabase | undefined;
    before(async () => {
      if (backend === "postgres") database = await createTestDatabase("claims");
    });
    after(async () => database?.drop());

    const open = async () => {
      const store = database ? openPostgresStore(database.url, { poolSize: 2, timeoutMs: 5_000, schema: await database.freshSchema() }) : openSqliteStore(":memory:");
      await store.migrate();
      return store;
    };

    it("claims each verified sub-enterprise's credit code once, for its oldest organization, and keeps existing claims", async () => {
      const store = await open();
      try {
        // Two legacy organizations of one enterprise (two applications verified it before the claims), written
        // newest first so the choice is by age, not by insertion order; the code as typed, lower case and spaced.
        await store.insertOrganization(org("org-b-newer", CODE, T0 + 5), []);
        await store.insertOrganization(org("org-a-older", ` ${CODE.toLowerCase()}`, T0), []);
        await store.insertProxyOrganization(sub("po1", "app1", "org-b-newer"));
        await store.insertProxyOrganization(sub("po2", "app2", "org-a-older"));
        await store.insertProxyOrganization(sub("po2b", "app3", "org-a-older"));
        // An enterprise verified through an ess flow only: ess verifications neither claim nor reuse.
        await store.insertOrganization(org("org-ess", "91110000ESS0000001", T0), []);
        // A sub-enterprise claimed since (by a verification after the claims landed) keeps its claim.
        await store.insertOrganization(org("org-legacy", "91110000CLM0000002", T0), []);
        await store.insertProxyOrganization(sub("po3", "app1", "org-legacy"));
        await store.putSettingIfAbsent(claimOf("91110000CLM0000002"), "org-claimed-since");
        // Not verified yet, and a tenant without a credit code: nothing to claim.
        await store.insertProxyOrganization(sub("po4", "app1", null));
        await store.insertOrganization(org("org-no-code", null, T0), []);
        await store.insertProxyOrganization(sub("po5", "app4", "org-no-code"));

        await runClaimBackfill(store);

        assert.equal(await store.getSetting(claimOf(CODE)), "org-a-older");
        assert.equal(await store.getSetting(claimOf("91110000ESS0000001")), undefined);
        assert.equal(await store.getSetting(claimOf("91110000CLM0000002")), "org-claimed-since");
        assert.equal(await store.getSetting(claimOf("")), undefined);
        // Run again (a second node, a restart): still one claim each, unchanged.
        await runClaimBackfill(store);
        assert.equal(await store.getSetting(claimOf(CODE)), "org-a-older");
      } finally {
        await store.close();
      }
    });
  });
}
