/**
 * Two hand-overs of one super-admin's role submitted at the same moment (two tabs, two people, two nodes), on both
 * backends: each page saw the same super-admin, and both reach their transaction before either commits (a gate
 * holds the first until the second arrives, so the race happens every run, without timing). Exactly one hands the
 * role over; the other is refused with FailedOperation and leaves nothing behind: one super-admin, one record, one
 * callback.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { configureCallback, listCallbackDeliveries } from "../callbacks/index.ts";
import type { DomainDeps } from "../deps.ts";
import { verifiedEmployee } from "../employees.ts";
import { EssError } from "../errors.ts";
import { issueLink, lookupLink } from "../links.ts";
import { createOrganization } from "../tenants.ts";
import type { Store } from "../../store/ports.ts";
import { openPostgresStore } from "../../store/postgres.ts";
import { startEssd, type Harness } from "../../../test/support/harness.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/postgres.ts";
import { freshCreditCode } from "../../../test/support/identities.ts";
import { ORGANIZATION_CHANGE_KIND, ORGANIZATION_CHANGE_TTL_MS, organizationChangeOf, SUPER_ADMIN_CHANGE } from "./links.ts";
import { changeSuperAdmin, SUPER_ADMIN_ROLE } from "./super-admin.ts";

const ADMIN_MOBILE = "13700003333";

/** `store`, whose transactions start only once `parties` callers have asked for one. */
function gatedTransactions(parties: number) {
  let arrived = 0;
  let open!: () => void;
  const allArrived = new Promise<void>((resolve) => (open = resolve));
  return (store: Store): Store =>
    new Proxy(store, {
      get(target, property) {
        if (property === "transaction") {
          return async (work: Parameters<Store["transaction"]>[0]) => {
            if (++arrived === parties) open();
            await allArrived;
            return target.transaction(work);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`two super-admin hand-overs at once (${backend})`, () => {
    let h: Harness;
    let database: TestDatabase | undefined;
    let otherNode: DomainDeps;

    before(async () => {
      if (backend === "postgres") database = await createTestDatabase("superadminrace");
      const pgStore = () => openPostgresStore(database!.url, { poolSize: 4, timeoutMs: 5_000 });
      h = await startEssd({ autoWork: false, ...(database ? { store: pgStore() } : {}) });
      // On PostgreSQL the second submission arrives through another node, with connections of its own.
      otherNode = database ? { ...h.domain, store: pgStore() } : h.domain;
    });
    after(async () => {
      if (otherNode && otherNode !== h?.domain) await otherNode.store.close();
      await h?.close();
      await database?.drop();
    });

    it("hands the role over once and refuses the other, which leaves nothing behind", async () => {
      const deps = h.domain;
      const tenant = h.tenant.OrganizationId;
      await configureCallback(deps, tenant, { url: "http://127.0.0.1:9/unreachable" });
      const enterprise = await createOrganization(deps, {
        name: "同时变更科技有限公司",
        creditCode: freshCreditCode(),
        operatorMobileSealed: deps.box.seal(ADMIN_MOBILE),
        operatorMobileHash: deps.box.lookupHash(ADMIN_MOBILE),
      });
      const roles = await deps.store.listRoles(enterprise.organizationId);
      const colleague = async (name: string) => {
        const id = deps.ids.next("user");
        const roleIds = roles.filter((r) => r.name === "企业员工").map((r) => r.id);
        await deps.store.insertEmployee(verifiedEmployee({ id, organizationId: enterprise.organizationId, displayName: name, mobileSealed: null, mobileHash: null, roleIds }, deps.clock.now()));
        return id;
      };
      const [first, second] = [await colleague("甲"), await colleague("乙")];
      const issued = await issueLink(deps, {
        kind: ORGANIZATION_CHANGE_KIND,
        organizationId: tenant,
        target: { targetOrganizationId: enterprise.organizationId, changeType: SUPER_ADMIN_CHANGE, operatorId: h.tenant.OperatorUserId },
        ttlMs: ORGANIZATION_CHANGE_TTL_MS,
      });
      const found = await lookupLink(deps, issued.token);
      assert.equal(found.state, "valid");
      const view = (await organizationChangeOf(deps, (found as { link: Parameters<typeof organizationChangeOf>[1] }).link))!;

      const gate = gatedTransactions(2);
      const outcomes = await Promise.allSettled([
        changeSuperAdmin({ ...deps, store: gate(deps.store) }, view, { mobile: ADMIN_MOBILE, newAdminId: first }),
        changeSuperAdmin({ ...otherNode, store: gate(otherNode.store) }, view, { mobile: ADMIN_MOBILE, newAdminId: second }),
      ]);

      const made = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      assert.equal(made.length, 1, "exactly one hand-over happens");
      assert.equal(refused.length, 1);
      assert.ok(refused[0]!.reason instanceof EssError, String(refused[0]!.reason));
      assert.equal((refused[0]!.reason as EssError).code, "FailedOperation");
      assert.match((refused[0]!.reason as EssError).message, /super-admin of 同时变更科技有限公司 was just changed/);

      const winner = (made[0] as PromiseFulfilledResult<{ newAdminId: string | null }>).value.newAdminId;
      const superAdmin = roles.find((r) => r.name === SUPER_ADMIN_ROLE)!.id;
      const { rows } = await deps.store.listEmployees(enterprise.organizationId, { roleIds: [superAdmin] }, 0, 10);
      assert.deepEqual(rows.map((e) => e.id), [winner], "one super-admin: the winner's choice");
      const records = (await deps.store.listOrganizationChanges(tenant, { limit: 10 })).filter((c) => c.targetOrganizationId === enterprise.organizationId);
      assert.deepEqual(records.map((c) => c.newAdminId), [winner]);
      const told = (await listCallbackDeliveries(deps, tenant)).filter((m) => m.msgType === "SuperAdminChange").map((m) => JSON.parse(m.payload).MsgData);
      assert.deepEqual(told.map((m) => [m.OrganizationId, m.OldSuperAdminUserId, m.NewSuperAdminUserId]), [[enterprise.organizationId, enterprise.operatorId, winner]]);
    });
  });
}
