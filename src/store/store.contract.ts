/**
 * The behaviour every Store adapter must share. Each adapter's test file calls `describeStoreContract`
 * with a factory returning a fresh, migrated store; nothing here may depend on one backend.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ApiKeyRecord, EmployeeFilter, EmployeeRecord, LinkRecord, RoleRecord, Store } from "./ports.ts";
import { employeeRecord as employee, organizationRecord as org, storeCase, T0 } from "./contract-support.ts";


const role = (id: string, organizationId: string, name: string): RoleRecord => ({ id, organizationId, name });


const apiKey = (secretId: string, organizationId: string, createdAt = T0): ApiKeyRecord => ({
  secretId,
  organizationId,
  applicationId: null,
  secretKeySealed: `sealed-${secretId}`,
  status: "active",
  createdAt,
  revokedAt: null,
});

const link = (code: string, overrides: Partial<LinkRecord> = {}): LinkRecord => ({
  code,
  kind: "employee-invitation",
  organizationId: "org-a",
  target: { employeeId: "e1", nested: { list: [1, "two", null], flag: true }, text: "中文 & <b>" },
  createdAt: T0,
  expiresAt: T0 + 86_400_000,
  ...overrides,
});

const sortedIds = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
const withSortedRoles = (e: EmployeeRecord): EmployeeRecord => ({ ...e, roleIds: [...e.roleIds].sort() });

/** Org A with roles ra1/ra2 and five employees of varied attributes; org B with one look-alike employee. */
async function seedEmployees(store: Store): Promise<EmployeeRecord[]> {
  await store.insertOrganization(org("org-a"), [role("ra1", "org-a", "超级管理员"), role("ra2", "org-a", "企业员工")]);
  await store.insertOrganization(org("org-b"), [role("rb1", "org-b", "企业员工")]);
  const rows = [
    employee("e1", "org-a", { createdAt: T0 + 1, verified: true, verifiedAt: T0 + 10, roleIds: ["ra1", "ra2"], departmentId: "d1", openId: "o1" }),
    employee("e2", "org-a", { createdAt: T0 + 2, roleIds: ["ra2"], departmentId: "d1", weworkOpenId: "w2" }),
    employee("e3", "org-a", { createdAt: T0 + 3, departmentId: "d2", openId: "o3", mobileSealed: null, mobileHash: null }),
    employee("e4", "org-a", { createdAt: T0 + 4, verified: true, verifiedAt: T0 + 40, roleIds: ["ra2"], weworkOpenId: "w4" }),
    employee("e5", "org-a", { createdAt: T0 + 5, openId: "o5", mobileHash: "hash-shared" }),
    employee("eb", "org-b", { createdAt: T0 + 1, verified: true, verifiedAt: T0, roleIds: ["rb1"], departmentId: "d1", openId: "o1", weworkOpenId: "w2", mobileHash: "hash-shared" }),
  ];
  // Inserted out of order so "oldest first" is the store's doing, not insertion order.
  for (const e of [rows[3], rows[0], rows[4], rows[2], rows[5], rows[1]]) await store.insertEmployee(e);
  return rows;
}

/** `concurrentClaimers`: the backend has several connections (PostgreSQL), not one that a transaction holds. */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>, options: { concurrentClaimers: boolean } = { concurrentClaimers: false }): void {
  /** Runs `work` against a fresh store and always closes it. */
  const withStore = storeCase(makeStore);

  describe(`Store contract: ${name}`, () => {
    describe("lifecycle and settings", () => {
      it("migrate is idempotent and keeps existing data", withStore(async (store) => {
        await store.putSettingIfAbsent("k", "v");
        await store.migrate();
        await store.migrate();
        await store.ping();
        assert.equal(await store.getSetting("k"), "v");
      }));

      it("putSettingIfAbsent stores once and returns whichever value is stored", withStore(async (store) => {
        assert.equal(await store.getSetting("master-key-check"), undefined);
        assert.equal(await store.putSettingIfAbsent("master-key-check", "first"), "first");
        assert.equal(await store.putSettingIfAbsent("master-key-check", "second"), "first");
        assert.equal(await store.getSetting("master-key-check"), "first");
        assert.equal(await store.putSettingIfAbsent("other", "x"), "x");
        await store.replaceSetting("other", "y");
        await store.replaceSetting("new", "z");
        assert.deepEqual([await store.getSetting("other"), await store.getSetting("new"), await store.getSetting("master-key-check")], ["y", "z", "first"]);
      }));
    });

    describe("organizations and roles", () => {
      it("round-trips organizations, lists them oldest first (up to a limit) and scopes roles", withStore(async (store) => {
        await store.insertOrganization(org("org-b", { createdAt: T0 + 5 }), [role("rb1", "org-b", "企业员工")]);
        await store.insertOrganization(org("org-a", { createdAt: T0 }), [role("ra2", "org-a", "企业员工"), role("ra1", "org-a", "超级管理员")]);
        await store.insertOrganization(org("org-c", { createdAt: T0 + 9, parentId: "org-a", name: "子企业 <c>" }), []);
        assert.deepEqual(await store.getOrganization("org-c"), org("org-c", { name: "子企业 <c>", parentId: "org-a", createdAt: T0 + 9 }));
        assert.deepEqual(await store.getOrganization("org-a"), org("org-a"));
        assert.equal(await store.getOrganization("missing"), undefined);
        assert.deepEqual((await store.listOrganizations()).map((o) => o.id), ["org-a", "org-b", "org-c"]);
        assert.deepEqual((await store.listOrganizations(2)).map((o) => o.id), ["org-a", "org-b"], "the oldest first, up to the limit");
        const rolesA = (await store.listRoles("org-a")).sort((x, y) => x.id.localeCompare(y.id));
        assert.deepEqual(rolesA, [role("ra1", "org-a", "超级管理员"), role("ra2", "org-a", "企业员工")]);
        assert.deepEqual(await store.listRoles("org-c"), []);
        assert.deepEqual(await store.listRoles("missing"), []);
      }));

      it("joins an organization to a group once, never a group or a member of another group", withStore(async (store) => {
        await store.insertOrganization(org("group"), []);
        await store.insertOrganization(org("other-group"), []);
        await store.insertOrganization(org("old-member", { parentId: "other-group", groupJoinedAt: T0 }), []);
        await store.insertOrganization(org("late", { createdAt: T0 + 2, creditCode: "91110108772551611J" }), []);
        await store.insertOrganization(org("early", { createdAt: T0 + 1 }), []);
        assert.equal(await store.joinGroup("late", "group", T0 + 10), true);
        assert.equal(await store.joinGroup("early", "group", T0 + 20), true);
        assert.equal(await store.joinGroup("late", "other-group", T0 + 30), false, "already a member");
        assert.equal(await store.joinGroup("old-member", "group", T0 + 30), false, "member of another group");
        assert.equal(await store.joinGroup("other-group", "group", T0 + 30), false, "a group with members");
        assert.equal(await store.joinGroup("missing", "group", T0 + 30), false);
        assert.deepEqual(await store.getOrganization("late"), org("late", { createdAt: T0 + 2, creditCode: "91110108772551611J", parentId: "group", groupJoinedAt: T0 + 10 }));
        const members = async (groupId: string) => (await store.pageGroupMembers(groupId, { offset: 0, limit: 20 })).rows.map((o) => o.id);
        assert.deepEqual(await members("group"), ["late", "early"], "in the order they joined");
        assert.deepEqual(await members("other-group"), ["old-member"]);
        assert.deepEqual(await members("late"), []);
        assert.deepEqual([await store.hasGroupMembers("group"), await store.hasGroupMembers("other-group"), await store.hasGroupMembers("late")], [true, true, false]);
      }));

      it("rejects a duplicate organization id", withStore(async (store) => {
        await store.insertOrganization(org("org-a"), []);
        await assert.rejects(store.insertOrganization(org("org-a"), []));
      }));
    });

    describe("employees", () => {
      it("round-trips every field, including roles and null mobile", withStore(async (store) => {
        const rows = await seedEmployees(store);
        for (const e of rows) assert.deepEqual(withSortedRoles((await store.getEmployee(e.id))!), withSortedRoles(e));
        assert.equal(await store.getEmployee("missing"), undefined);
        const e3 = (await store.getEmployee("e3"))!;
        assert.equal(e3.mobileSealed, null);
        assert.equal(e3.mobileHash, null);
        assert.equal(e3.verifiedAt, null);
      }));

      it("markEmployeeVerified sets verified and the time, touching no one else", withStore(async (store) => {
        await seedEmployees(store);
        await store.markEmployeeVerified("e2", T0 + 99);
        const e2 = (await store.getEmployee("e2"))!;
        assert.equal(e2.verified, true);
        assert.equal(e2.verifiedAt, T0 + 99);
        assert.equal((await store.getEmployee("e3"))!.verified, false);
      }));

      it("finds by mobile hash, openId and WeCom id within one organization only", withStore(async (store) => {
        await seedEmployees(store);
        assert.deepEqual(sortedIds(await store.findEmployeesByMobileHash("org-a", "hash-shared")), ["e5"]);
        assert.deepEqual(sortedIds(await store.findEmployeesByMobileHash("org-b", "hash-shared")), ["eb"]);
        assert.deepEqual(sortedIds(await store.findEmployeesByMobileHash("org-a", "hash-e1")), ["e1"]);
        assert.deepEqual(await store.findEmployeesByMobileHash("org-a", "nope"), []);
        assert.deepEqual(sortedIds(await store.findEmployeesByOpenId("org-a", "o1")), ["e1"]);
        assert.deepEqual(sortedIds(await store.findEmployeesByOpenId("org-b", "o1")), ["eb"]);
        assert.deepEqual(await store.findEmployeesByOpenId("org-a", "o9"), []);
        assert.deepEqual(sortedIds(await store.findEmployeesByWeworkOpenId("org-a", "w2")), ["e2"]);
        assert.deepEqual(await store.findEmployeesByWeworkOpenId("org-a", "w9"), []);
        const [found] = await store.findEmployeesByOpenId("org-a", "o1");
        assert.deepEqual(found.roleIds.sort(), ["ra1", "ra2"]);
      }));

      it("finds a mobile's employees in every organization, oldest first, up to a limit", withStore(async (store) => {
        await seedEmployees(store);
        assert.deepEqual((await store.findEmployeesEverywhereByMobileHash("hash-shared", 10)).map((e) => `${e.organizationId}/${e.id}`), ["org-b/eb", "org-a/e5"]);
        assert.deepEqual((await store.findEmployeesEverywhereByMobileHash("hash-shared", 1)).map((e) => e.id), ["eb"], "the oldest only");
        assert.deepEqual(await store.findEmployeesEverywhereByMobileHash("nope", 10), []);
      }));

      it("returns several employees sharing a mobile hash", withStore(async (store) => {
        await seedEmployees(store);
        await store.insertEmployee(employee("e6", "org-a", { createdAt: T0 + 6, mobileHash: "hash-shared", quit: true }));
        const found = await store.findEmployeesByMobileHash("org-a", "hash-shared");
        assert.deepEqual(sortedIds(found), ["e5", "e6"]);
        assert.equal(found.find((e) => e.id === "e6")!.quit, true);
      }));

      it("updates only the given details of one employee", withStore(async (store) => {
        await seedEmployees(store);
        const before = (await store.getEmployee("e2"))!;
        await store.updateEmployee("e2", { displayName: "新名字", mobileSealed: "sealed-new", mobileHash: "hash-new", departmentId: "d9", openId: "o-new" });
        assert.deepEqual(await store.getEmployee("e2"), { ...before, displayName: "新名字", mobileSealed: "sealed-new", mobileHash: "hash-new", departmentId: "d9", openId: "o-new" });
        assert.deepEqual(sortedIds(await store.findEmployeesByMobileHash("org-a", "hash-new")), ["e2"]);
        assert.deepEqual(sortedIds(await store.findEmployeesByOpenId("org-a", "o-new")), ["e2"]);
        await store.updateEmployee("e2", { openId: "" });
        assert.equal((await store.getEmployee("e2"))!.openId, "");
        assert.equal((await store.getEmployee("e3"))!.displayName, "员工e3");
      }));

      it("marks an employee as left, with or without a receiver", withStore(async (store) => {
        await seedEmployees(store);
        await store.markEmployeeQuit("e2", "e1");
        await store.markEmployeeQuit("e3", null);
        assert.deepEqual([(await store.getEmployee("e2"))!.quit, (await store.getEmployee("e2"))!.receiverId], [true, "e1"]);
        assert.deepEqual([(await store.getEmployee("e3"))!.quit, (await store.getEmployee("e3"))!.receiverId], [true, null]);
        assert.equal((await store.getEmployee("e1"))!.quit, false);
      }));

      it("rejects a duplicate employee id", withStore(async (store) => {
        await seedEmployees(store);
        await assert.rejects(store.insertEmployee(employee("e1", "org-a")));
      }));
    });

    describe("listEmployees", () => {
      const cases: Array<{ title: string; filter: EmployeeFilter; ids: string[] }> = [
        { title: "no filter: the organization's employees, oldest first", filter: {}, ids: ["e1", "e2", "e3", "e4", "e5"] },
        { title: "verified true", filter: { verified: true }, ids: ["e1", "e4"] },
        { title: "verified false", filter: { verified: false }, ids: ["e2", "e3", "e5"] },
        { title: "departmentIds", filter: { departmentIds: ["d1"] }, ids: ["e1", "e2"] },
        { title: "departmentIds, several", filter: { departmentIds: ["d2", "d1"] }, ids: ["e1", "e2", "e3"] },
        { title: "userIds (another org's id is ignored)", filter: { userIds: ["e3", "eb", "e1"] }, ids: ["e1", "e3"] },
        { title: "weworkOpenIds", filter: { weworkOpenIds: ["w4"] }, ids: ["e4"] },
        { title: "openIds", filter: { openIds: ["o5", "o1", "zz"] }, ids: ["e1", "e5"] },
        { title: "roleIds: any of the roles", filter: { roleIds: ["ra1"] }, ids: ["e1"] },
        { title: "roleIds: several", filter: { roleIds: ["ra1", "ra2"] }, ids: ["e1", "e2", "e4"] },
        { title: "filters combine with AND", filter: { verified: false, departmentIds: ["d1", "d2"], roleIds: ["ra2"] }, ids: ["e2"] },
        { title: "unknown values match nothing", filter: { departmentIds: ["none"] }, ids: [] },
      ];
      for (const c of cases) {
        it(c.title, withStore(async (store) => {
          await seedEmployees(store);
          const { rows, total } = await store.listEmployees("org-a", c.filter, 0, 20);
          assert.deepEqual(rows.map((r) => r.id), c.ids);
          assert.equal(total, c.ids.length);
          assert.deepEqual(await store.firstEmployees("org-a", c.filter, 20), rows, "firstEmployees reads the same rows");
        }));
      }

      for (const key of ["departmentIds", "userIds", "weworkOpenIds", "openIds", "roleIds"] as const) {
        it(`an empty ${key} array matches nothing`, withStore(async (store) => {
          await seedEmployees(store);
          assert.deepEqual(await store.listEmployees("org-a", { [key]: [] }, 0, 20), { rows: [], total: 0 });
        }));
      }

      it("pages with offset and limit while total counts every match", withStore(async (store) => {
        await seedEmployees(store);
        const page = async (offset: number, limit: number) => {
          const { rows, total } = await store.listEmployees("org-a", {}, offset, limit);
          return { ids: rows.map((r) => r.id), total };
        };
        assert.deepEqual(await page(0, 2), { ids: ["e1", "e2"], total: 5 });
        assert.deepEqual(await page(2, 2), { ids: ["e3", "e4"], total: 5 });
        assert.deepEqual(await page(4, 2), { ids: ["e5"], total: 5 });
        assert.deepEqual(await page(10, 2), { ids: [], total: 5 });
        const filtered = await store.listEmployees("org-a", { verified: false }, 1, 1);
        assert.deepEqual({ ids: filtered.rows.map((r) => r.id), total: filtered.total }, { ids: ["e3"], total: 3 });
        assert.deepEqual((await store.firstEmployees("org-a", { verified: false }, 2)).map((r) => r.id), ["e2", "e3"], "the first, up to the limit");
      }));

      it("returns roles with each row and nothing for an unknown organization", withStore(async (store) => {
        await seedEmployees(store);
        const { rows } = await store.listEmployees("org-a", { userIds: ["e1"] }, 0, 20);
        assert.deepEqual(rows[0].roleIds.sort(), ["ra1", "ra2"]);
        assert.equal(rows[0].verified, true);
        assert.equal(rows[0].verifiedAt, T0 + 10);
        assert.deepEqual(await store.listEmployees("missing", {}, 0, 20), { rows: [], total: 0 });
      }));
    });

    describe("api keys", () => {
      it("inserts, gets and lists keys, all or per organization", withStore(async (store) => {
        await store.insertApiKey(apiKey("AKID1", "org-a", T0));
        await store.insertApiKey(apiKey("AKID2", "org-b", T0 + 1));
        await store.insertApiKey(apiKey("AKID3", "org-a", T0 + 2));
        assert.deepEqual(await store.getApiKey("AKID2"), apiKey("AKID2", "org-b", T0 + 1));
        assert.equal(await store.getApiKey("AKID9"), undefined);
        assert.deepEqual((await store.listApiKeys()).map((k) => k.secretId).sort(), ["AKID1", "AKID2", "AKID3"]);
        assert.deepEqual((await store.listApiKeys("org-a")).map((k) => k.secretId).sort(), ["AKID1", "AKID3"]);
        assert.deepEqual(await store.listApiKeys("org-z"), []);
        await assert.rejects(store.insertApiKey(apiKey("AKID1", "org-a")));
      }));

      it("revokes an active key once; a second revoke or an unknown id answers false", withStore(async (store) => {
        await store.insertApiKey(apiKey("AKID1", "org-a"));
        await store.insertApiKey(apiKey("AKID2", "org-a"));
        assert.equal(await store.revokeApiKey("AKID1", T0 + 50), true);
        assert.deepEqual(await store.getApiKey("AKID1"), { ...apiKey("AKID1", "org-a"), status: "revoked", revokedAt: T0 + 50 });
        assert.equal(await store.revokeApiKey("AKID1", T0 + 60), false);
        assert.equal((await store.getApiKey("AKID1"))!.revokedAt, T0 + 50, "a second revoke must not move revokedAt");
        assert.equal(await store.revokeApiKey("AKID9", T0), false);
        assert.equal((await store.getApiKey("AKID2"))!.status, "active");
      }));

      it("schedules an active key's end, only ever earlier; a revoked or unknown key answers false", withStore(async (store) => {
        await store.insertApiKey(apiKey("AKID1", "org-a"));
        assert.equal(await store.scheduleApiKeyRevocation("AKID1", T0 + 500), true);
        assert.deepEqual(await store.getApiKey("AKID1"), { ...apiKey("AKID1", "org-a"), status: "active", revokedAt: T0 + 500 });
        assert.equal(await store.scheduleApiKeyRevocation("AKID1", T0 + 900), false, "a later end does not extend the overlap");
        assert.equal(await store.scheduleApiKeyRevocation("AKID1", T0 + 100), true);
        assert.equal((await store.getApiKey("AKID1"))!.revokedAt, T0 + 100);
        assert.equal(await store.revokeApiKey("AKID1", T0 + 50), true, "an overlapping key can still be revoked at once");
        assert.equal(await store.scheduleApiKeyRevocation("AKID1", T0 + 10), false);
        assert.equal(await store.scheduleApiKeyRevocation("AKID9", T0), false);
      }));
    });

    describe("links", () => {
      it("round-trips a link with a nested JSON target", withStore(async (store) => {
        await store.insertLink(link("tok1"));
        await store.insertLink(link("short1", { kind: "short", target: { token: "tok1" }, expiresAt: T0 + 5 }));
        assert.deepEqual(await store.getLink("tok1"), link("tok1"));
        const many = await store.getLinks(["short1", "nope", "tok1"]);
        assert.deepEqual(many.sort((x, y) => x.code.localeCompare(y.code)), [link("short1", { kind: "short", target: { token: "tok1" }, expiresAt: T0 + 5 }), link("tok1")]);
        assert.deepEqual(await store.getLinks([]), []);
        assert.deepEqual(await store.getLink("short1"), link("short1", { kind: "short", target: { token: "tok1" }, expiresAt: T0 + 5 }));
        assert.equal(await store.getLink("nope"), undefined);
        assert.equal(await store.getLink("TOK1"), undefined, "codes are case-sensitive");
      }));

      it("reads an alias with the link it names", withStore(async (store) => {
        await store.insertLinks([link("tok1"), link("short1", { kind: "short", target: { token: "tok1" }, expiresAt: T0 + 5 }), link("short2", { kind: "short", target: { token: "gone" } })]);
        assert.deepEqual(await store.getAliasedLink("short1"), { alias: link("short1", { kind: "short", target: { token: "tok1" }, expiresAt: T0 + 5 }), link: link("tok1") });
        assert.deepEqual(await store.getAliasedLink("short2"), { alias: link("short2", { kind: "short", target: { token: "gone" } }), link: undefined });
        assert.equal(await store.getAliasedLink("nope"), undefined);
      }));

      it("rejects a duplicate code", withStore(async (store) => {
        await store.insertLink(link("tok1"));
        await assert.rejects(store.insertLink(link("tok1", { kind: "other" })));
        assert.equal((await store.getLink("tok1"))!.kind, "employee-invitation");
      }));

      it("inserts several links in one statement, or none when one code is taken", withStore(async (store) => {
        await store.insertLinks([link("tok1"), link("short1", { kind: "short", target: { token: "tok1" } })]);
        assert.deepEqual(await store.getLink("short1"), link("short1", { kind: "short", target: { token: "tok1" } }));
        assert.deepEqual(await store.getLink("tok1"), link("tok1"));
        await assert.rejects(store.insertLinks([link("tok2"), link("tok1", { kind: "other" })]));
        assert.equal(await store.getLink("tok2"), undefined, "the statement failed as a whole");
        await store.insertLinks([]);
      }));

      it("writes the links of calls that arrive together with one statement, each call still all or none", withStore(async (store) => {
        const statements: string[] = [];
        store.observeQueries((_ms, query) => statements.push(query.sql));
        const inserts = () => statements.filter((sql) => /^insert into "links"/i.test(sql)).length;
        await Promise.all([store.insertLinks([link("a1"), link("a2")]), store.insertLink(link("b1")), store.insertLinks([link("c1"), link("c2"), link("c3")])]);
        assert.equal(inserts(), 1, "one INSERT for the three calls");
        for (const code of ["a1", "a2", "b1", "c1", "c2", "c3"]) assert.ok(await store.getLink(code), code);

        // One call's taken code fails that call alone: the others' links are written, none of its own.
        statements.length = 0;
        const outcomes = await Promise.allSettled([store.insertLinks([link("d1"), link("d2")]), store.insertLinks([link("e1"), link("a1", { kind: "other" })]), store.insertLink(link("f1"))]);
        assert.deepEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "fulfilled"]);
        assert.ok(await store.getLink("d1"));
        assert.ok(await store.getLink("d2"));
        assert.ok(await store.getLink("f1"));
        assert.equal(await store.getLink("e1"), undefined, "the failed call wrote none of its links");
        assert.equal((await store.getLink("a1"))!.kind, "employee-invitation");
        assert.equal(inserts(), 4, "the shared INSERT, then each call's own");

        // Inside a transaction the rows are the transaction's: written at once, gone with a rollback.
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insertLinks([link("g1")]);
            assert.ok(await tx.getLink("g1"), "seen inside the transaction");
            throw new Error("roll back");
          }),
          /roll back/,
        );
        assert.equal(await store.getLink("g1"), undefined);
      }));

      it("never shows a read outside a transaction what the transaction has not committed", withStore(async (store) => {
        let commit!: () => void;
        const paused = new Promise<void>((resolve) => (commit = resolve));
        let written!: () => void;
        const insideWrote = new Promise<void>((resolve) => (written = resolve));
        const transaction = store.transaction(async (tx) => {
          await tx.insertLinks([link("h1")]);
          written();
          await paused;
        });
        await insideWrote;
        if (options.concurrentClaimers) {
          // Another connection answers at once, without the uncommitted row.
          assert.equal(await store.getLink("h1"), undefined);
        } else {
          // The one connection is the transaction's until it ends: the read waits for the commit.
          let settled = false;
          const outside = store.getLink("h1").finally(() => (settled = true));
          for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
          assert.equal(settled, false, "the read waits while the transaction holds the connection");
          commit();
          assert.deepEqual(await outside, link("h1"));
        }
        commit();
        await transaction;
        assert.deepEqual(await store.getLink("h1"), link("h1"), "seen once committed");
      }));
    });

    describe("initializations", () => {
      const done = (linkCode: string, target: string, operateType: string, doneAt: number, organizationId = "org-a") => ({
        linkCode,
        targetOrganizationId: target,
        operateType,
        organizationId,
        detail: { AuthorizedOrganizationId: "yDpartner" },
        doneAt,
      });
      it("records each operation once, lists a tenant's oldest first, by link when asked", withStore(async (store) => {
        await store.insertInitializations([done("l1", "o1", "CREATE_SEAL", T0 + 2), done("l1", "o1", "OPEN_AUTO_SIGN", T0 + 2)]);
        await store.insertInitializations([done("l1", "o1", "CREATE_SEAL", T0 + 9), done("l2", "o2", "CREATE_SEAL", T0 + 1), done("l3", "o3", "CREATE_SEAL", T0, "org-b")]);
        await store.insertInitializations([]);
        const all = await store.listInitializations("org-a", { limit: 10 });
        assert.deepEqual(all.map((r) => `${r.linkCode}/${r.operateType}@${r.doneAt - T0}`), ["l2/CREATE_SEAL@1", "l1/CREATE_SEAL@2", "l1/OPEN_AUTO_SIGN@2"]);
        assert.deepEqual(all[0], done("l2", "o2", "CREATE_SEAL", T0 + 1));
        assert.deepEqual((await store.listInitializations("org-a", { linkCode: "l1", limit: 1 })).map((r) => r.operateType), ["CREATE_SEAL"]);
        assert.deepEqual((await store.listInitializations("org-b", { limit: 10 })).map((r) => r.linkCode), ["l3"]);
      }));
    });

    describe("quota counters", () => {
      it("accumulates per key until expiry", withStore(async (store) => {
        const end = T0 + 1000;
        assert.equal(await store.addToQuota("q:a", 1, end, T0), 1);
        assert.equal(await store.addToQuota("q:a", 1, end, T0 + 1), 2);
        assert.equal(await store.addToQuota("q:a", 3, end, T0 + 999), 5);
        assert.equal(await store.addToQuota("q:b", 1, end, T0 + 2), 1);
        assert.equal(await store.readQuota("q:a", T0 + 999), 5, "read without changing it");
        assert.equal(await store.readQuota("q:a", T0 + 999), 5);
        assert.equal(await store.readQuota("q:a", end), 0, "expired");
        assert.equal(await store.readQuota("q:never", T0), 0);
      }));

      it("starts again after the counter expires, with the new expiry", withStore(async (store) => {
        assert.equal(await store.addToQuota("q:a", 2, T0 + 1000, T0), 2);
        assert.equal(await store.addToQuota("q:a", 1, T0 + 5000, T0 + 1001), 1);
        assert.equal(await store.addToQuota("q:a", 1, T0 + 5000, T0 + 4000), 2);
        assert.equal(await store.addToQuota("q:a", 1, T0 + 9000, T0 + 5001), 1);
      }));
    });

    describe("transactions", () => {
      it("commits everything and returns the work's value", withStore(async (store) => {
        const value = await store.transaction(async (tx) => {
          await tx.insertOrganization(org("org-a"), [role("ra1", "org-a", "企业员工")]);
          await tx.insertEmployee(employee("e1", "org-a", { roleIds: ["ra1"] }));
          return 42;
        });
        assert.equal(value, 42);
        assert.deepEqual((await store.getEmployee("e1"))!.roleIds, ["ra1"]);
      }));

      it("rolls back every write when the work throws, and rethrows the same error", withStore(async (store) => {
        await store.addToQuota("q", 1, T0 + 1000, T0);
        const boom = new Error("boom");
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insertOrganization(org("org-a"), [role("ra1", "org-a", "企业员工")]);
            await tx.insertEmployee(employee("e1", "org-a", { roleIds: ["ra1"] }));
            await tx.putSettingIfAbsent("s", "v");
            await tx.insertApiKey(apiKey("AKID1", "org-a"));
            await tx.insertLink(link("tok1"));
            assert.equal(await tx.addToQuota("q", 1, T0 + 1000, T0), 2);
            await tx.transaction(async (inner) => inner.markEmployeeVerified("e1", T0));
            assert.equal((await tx.getEmployee("e1"))!.verified, true, "the transaction sees its own writes");
            throw boom;
          }),
          (error) => error === boom,
        );
        assert.equal(await store.getOrganization("org-a"), undefined);
        assert.deepEqual(await store.listRoles("org-a"), []);
        assert.equal(await store.getEmployee("e1"), undefined);
        assert.equal(await store.getSetting("s"), undefined);
        assert.equal(await store.getApiKey("AKID1"), undefined);
        assert.equal(await store.getLink("tok1"), undefined);
        assert.equal(await store.addToQuota("q", 1, T0 + 1000, T0), 2, "the quota increment inside was rolled back");
      }));

      it("a failed transaction leaves the store usable", withStore(async (store) => {
        await assert.rejects(store.transaction(async () => Promise.reject(new Error("x"))), /x/);
        await store.insertOrganization(org("org-a"), []);
        assert.equal((await store.getOrganization("org-a"))!.id, "org-a");
      }));
    });
  });
}
