/**
 * Which enterprise a verification fault hits, that production never looks, and that a next-call fault is used
 * by exactly one call even when two nodes (two PostgreSQL pools) race for it.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { openDomain } from "../app/compose.ts";
import { loadConfig } from "../config/config.ts";
import { ManualClock } from "../platform/clock.ts";
import { sequentialIds } from "../platform/ids.ts";
import { openPostgresStore } from "../store/postgres.ts";
import { openSqliteStore } from "../store/sqlite.ts";
import type { SandboxFaultRecord, Store } from "../store/ports.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import type { DomainDeps } from "./deps.ts";
import { addFault, InjectedFault, takeNextCallFault, verificationFault } from "./faults.ts";

const ORG = "yDorgorgorgorgorgorgorgorgorgorg";
const CODE = "9144030071526726XG";
const OTHER_CODE = "91110108772551611J";
const flow = (nameKey: string, creditCode: string) => ({ organizationId: ORG, nameKey, creditCode });

describe("which enterprise a verification fault hits", () => {
  let domain: DomainDeps;
  before(async () => {
    domain = await openDomain(loadConfig({ logLevel: "silent" }, {}), { store: openSqliteStore(":memory:"), clock: new ManualClock(0), ids: sequentialIds() });
    await addFault(domain, ORG, { kind: "enterprise-verification", organizationName: "按名称(甲)有限公司", message: "by name" });
    await addFault(domain, ORG, { kind: "enterprise-verification", uniformSocialCreditCode: CODE, message: "by code" });
    await addFault(domain, ORG, { kind: "enterprise-verification", organizationName: "两者都要有限公司", uniformSocialCreditCode: OTHER_CODE, message: "by both" });
  });
  after(async () => {
    await domain?.store.close();
  });

  const cases: Array<[what: string, nameKey: string, code: string, expected: string | undefined]> = [
    ["the name (as compared, full-width parentheses)", "按名称（甲）有限公司", OTHER_CODE, "by name"],
    ["the credit code", "随便有限公司", CODE, "by code"],
    ["name and code together", "两者都要有限公司", OTHER_CODE, "by both"],
    ["the name of a both-fault with another code", "两者都要有限公司", "91310000631592840X", undefined],
    ["nothing", "无关有限公司", "91310000631592840X", undefined],
  ];
  for (const [what, nameKey, code, expected] of cases) {
    it(`matches by ${what}`, async () => {
      assert.equal((await verificationFault(domain, flow(nameKey, code)))?.message, expected);
    });
  }

  it("never matches another organization's flow", async () => {
    assert.equal(await verificationFault(domain, { ...flow("随便有限公司", CODE), organizationId: "yDotherotherotherotherotherother" }), undefined);
  });

  it("looks nothing up in production", async () => {
    const untouchable = new Proxy(domain.store, {
      get: (target, key) => (key === "findSandboxFaults" ? () => assert.fail("production looked for a fault") : Reflect.get(target, key)),
    });
    assert.equal(await verificationFault({ store: untouchable, mode: "production" }, flow("随便有限公司", CODE)), undefined);
    await assert.rejects(addFault({ ...domain, mode: "production" }, ORG, { kind: "enterprise-verification", organizationName: "x", message: "x" }), { code: "UnsupportedOperation" });
  });
});

describe("next-call faults raced by two nodes on PostgreSQL", () => {
  let database: TestDatabase;
  let nodes: Store[] = [];
  before(async () => {
    database = await createTestDatabase("faults");
    nodes = [openPostgresStore(database.url, { poolSize: 8, timeoutMs: 5_000 }), openPostgresStore(database.url, { poolSize: 8, timeoutMs: 5_000 })];
    await nodes[0]!.migrate();
  });
  after(async () => {
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  it("lets each fault fail exactly one of many concurrent calls", async () => {
    const fault = (i: number): SandboxFaultRecord => ({ id: `fault-${i}`, organizationId: ORG, kind: "next-call", target: "DescribeOrganizationAuthStatus", code: "FailedOperation", message: `m${i}`, createdAt: i });
    for (let i = 0; i < 5; i++) await nodes[0]!.insertSandboxFault(fault(i));
    const outcomes = await Promise.all(Array.from({ length: 24 }, (_, i) => takeNextCallFault({ store: nodes[i % 2]! }, ORG, "DescribeOrganizationAuthStatus")));
    const failed = outcomes.filter((o): o is InjectedFault => o instanceof InjectedFault);
    assert.equal(failed.length, 5);
    assert.deepEqual(failed.map((e) => e.text).sort(), ["m0", "m1", "m2", "m3", "m4"], "each fault was used once");
    assert.deepEqual(await nodes[1]!.listSandboxFaults(ORG), []);
  });
});
