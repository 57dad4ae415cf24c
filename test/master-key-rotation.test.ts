import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { secretBoxOf } from "../src/app/secret-box-of-store.ts";
import { Keyring, keyIdOf, loadMasterKeys, readKeyFile } from "../src/platform/master-key.ts";
import { SEALED_PATTERN, type SecretBox } from "../src/platform/secret-box.ts";
import type { KyselyStore } from "../src/store/kysely-store.ts";
import { openPostgresStore } from "../src/store/postgres.ts";
import { openSqliteStore } from "../src/store/sqlite.ts";
import { SEALED_LOCATIONS } from "../src/store/tables/sealed-values.ts";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { signedCall } from "./support/signed-request.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]).toString("base64");
const mobile = (i: number) => `137${String(i).padStart(8, "0")}`;
/** Names take Chinese characters only: 12 → 员工一二. */
const nameOf = (prefix: string, i: number) => prefix + [...String(i)].map((d) => "零一二三四五六七八九"[Number(d)]).join("");
// The writer below calls faster than the documented 20 a second.
const ENV = { ESSD_MASTER_KEY: "", ESSD_LOG_LEVEL: "warn", ESSD_RATE_LIMIT: "100000" };

interface Backend {
  name: string;
  setUp(): Promise<{ args: string[]; open: () => KyselyStore; tearDown: () => Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "SQLite",
    async setUp() {
      const dataDir = mkdtempSync(join(tmpdir(), "essd-mkr-"));
      return { args: ["--data-dir", dataDir], open: () => openSqliteStore(join(dataDir, "essd.sqlite")), tearDown: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: "PostgreSQL",
    async setUp() {
      const dataDir = mkdtempSync(join(tmpdir(), "essd-mkr-"));
      const database: TestDatabase = await createTestDatabase("mkr");
      return {
        args: ["--data-dir", dataDir, "--database-url", database.url],
        open: () => openPostgresStore(database.url, { poolSize: 2, timeoutMs: 10_000 }),
        tearDown: async () => {
          await database.drop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
];

/** The box a reader of the key file has now (every key in it), over the store's lookup key. */
async function boxOf(store: KyselyStore, dataDir: string): Promise<SecretBox> {
  return secretBoxOf(store, Keyring.of(loadMasterKeys(undefined, dataDir, { create: false })), { create: false });
}

/** Every sealed value where it sits (table, row, column, n-th in the text) → its plaintext. */
async function openedValues(store: KyselyStore, box: SecretBox): Promise<Map<string, string>> {
  const opened = new Map<string, string>();
  for (const table of store.sealedTables()) {
    for (const row of await store.readSealedRows(table, null, 100_000)) {
      for (const [column, text] of Object.entries(row.values)) {
        (text?.match(SEALED_PATTERN) ?? []).forEach((sealed, i) => opened.set(`${table}|${row.key}|${column}|${i}`, box.open(sealed)));
      }
    }
  }
  return opened;
}

/** The key ids of every sealed-looking text in every column of every table: what a forgotten location would leave. */
async function keyIdsAnywhere(store: KyselyStore, box: SecretBox): Promise<Map<string, number>> {
  const db = store.kysely.withoutPlugins();
  const counts = new Map<string, number>();
  for (const table of await db.introspection.getTables()) {
    if (table.name.startsWith("kysely_")) continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (typeof value !== "string") continue;
        for (const sealed of value.match(SEALED_PATTERN) ?? []) counts.set(box.keyIdOf(sealed).replace(/^v1:.*/, "v1"), (counts.get(box.keyIdOf(sealed).replace(/^v1:.*/, "v1")) ?? 0) + 1);
      }
    }
  }
  return counts;
}

for (const backend of backends) {
  describe(`essd master-key rotate on ${backend.name}: online, killed midway, resumed, retired`, { timeout: 240_000 }, () => {
    let env: Awaited<ReturnType<Backend["setUp"]>>;
    let dataDir: string;
    let server: EssdProcess;
    let store: KyselyStore;
    let tenant: { SecretId: string; SecretKey: string; OperatorUserId: string; OrganizationId: string };
    const essd = (...args: string[]) => run(process.execPath, [ESSD, ...args, ...env.args], { env: { ...process.env, ...ENV } });
    const call = async (action: string, body: Record<string, unknown>) => {
      const answer = await signedCall({ url: server.url, secretId: tenant.SecretId, secretKey: tenant.SecretKey, action, body: { Operator: { UserId: tenant.OperatorUserId }, ...body } });
      assert.equal(answer.status, 200);
      assert.equal(answer.json.Response.Error, undefined, `${action}: ${JSON.stringify(answer.json.Response.Error)}`);
      return answer.json.Response;
    };
    const doctor = () =>
      run(process.execPath, [ESSD, "doctor", "--json", ...env.args], { env: { ...process.env, ...ENV } }).then(
        (r) => JSON.parse(r.stdout),
        (e: { stdout: string }) => JSON.parse(e.stdout),
      );

    before(async () => {
      env = await backend.setUp();
      dataDir = env.args[1]!;
      server = await spawnEssd(env.args, ENV);
      tenant = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));
      store = env.open();
      // Sealed values of every kind: mobiles (employees, SMS), admin mobiles and ID numbers (flows), callback secrets,
      // SecretKeys, an authorization file's details inside a link's JSON, the admin token.
      for (let i = 0; i < 40; i += 10) {
        const Employees = Array.from({ length: 10 }, (_, j) => ({ DisplayName: nameOf("员工", i + j), Mobile: mobile(i + j) }));
        const created = await call("CreateIntegrationEmployees", { Employees, InvitationNotifyType: i === 0 ? "SMS" : "NONE" });
        assert.deepEqual(created.CreateEmployeeResult.FailedEmployeeData, []);
      }
      await call("CreateBatchOrganizationRegistrationTasks", {
        RegistrationOrganizations: [
          { OrganizationName: "轮换测试甲有限公司", UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [2] },
          { OrganizationName: "轮换测试乙有限公司", UniformSocialCreditCode: "91110108772551611J", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [1], AdminIdCardNumber: "11010519491231002X", PowerOfAttorneys: [PNG] },
        ],
      });
      await call("CreateOrganizationAuthFile", {
        OrganizationCommonInfo: { OrganizationName: "轮换测试甲有限公司", UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AdminIdCardNumber: "11010519491231002X" },
      });
      await essd("tenant", "set-callback", "--org", tenant.OrganizationId, "--url", "https://receiver.example/ess", "--key", "k".repeat(32), "--token", "callback-token");
      await essd("key", "create", "--org", tenant.OrganizationId);
    });

    after(async () => {
      if (server) await stopEssd(server);
      await store?.close();
      await env?.tearDown();
    });

    it("names every *_sealed column of the schema among the locations a rotation walks", async () => {
      const listed = new Set(Object.entries(SEALED_LOCATIONS).flatMap(([table, { columns }]) => columns.map((c) => `${table}.${c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`)}`)));
      const sealedColumns = (await store.kysely.withoutPlugins().introspection.getTables()).flatMap((t) => t.columns.filter((c) => c.name.endsWith("_sealed")).map((c) => `${t.name}.${c.name}`));
      assert.ok(sealedColumns.length >= 10, sealedColumns.join());
      assert.deepEqual(sealedColumns.filter((c) => !listed.has(c)), []);
    });

    it("re-seals everything under a new key while a server reads and writes, survives a kill midway, and retires the old key", async () => {
      const [oldKey] = readKeyFile(join(dataDir, "master.key"));
      const oldId = keyIdOf(oldKey!);
      const before = await openedValues(store, await boxOf(store, dataDir));
      assert.ok(before.size >= 50, `only ${before.size} sealed values seeded`);
      assert.ok([...before.keys()].some((k) => k.startsWith("links|")), "a link's JSON holds a sealed value");

      // A client that keeps writing (new employees: sealed mobiles, lookup hashes) and reading (opening mobiles).
      let writing = true;
      let written = 0;
      const writer = (async () => {
        for (let i = 1000; writing; i++) {
          const created = await call("CreateIntegrationEmployees", { Employees: [{ DisplayName: nameOf("写入", i), Mobile: mobile(i) }], InvitationNotifyType: "NONE" });
          assert.deepEqual(created.CreateEmployeeResult.FailedEmployeeData, [], `employee ${i}`);
          const listed = await call("DescribeIntegrationEmployees", { Limit: 20, Offset: 0 });
          assert.ok(listed.Employees.every((e: { Mobile: string }) => /^\d{3}\*{4}\d{4}$/.test(e.Mobile) || e.Mobile === ""), JSON.stringify(listed.Employees));
          written++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })().then(
        () => undefined,
        (error: unknown) => error,
      );

      // Killed where the test hook holds it: after 6 batches of 5 rows, part of the store is under each key.
      const first = spawn(process.execPath, [ESSD, "master-key", "rotate", "--batch-size", "5", ...env.args], {
        env: { ...process.env, ...ENV, ESSD_TEST_ROTATION_PAUSE_AFTER_BATCHES: "6" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let printed = "";
      first.stdout.on("data", (c: Buffer) => (printed += c));
      first.stderr.on("data", (c: Buffer) => (printed += c));
      await new Promise<void>((resolve, reject) => {
        first.stdout.on("data", () => printed.includes("paused after 6 batches") && resolve());
        first.once("exit", (code) => reject(new Error(`the rotation exited (${code}) before pausing:\n${printed}`)));
      });
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("close", resolve));
      const keys = readKeyFile(join(dataDir, "master.key"));
      assert.equal(keys.length, 2);
      const newId = keyIdOf(keys[0]!);
      assert.equal(keyIdOf(keys[1]!), oldId);

      const midway = await keyIdsAnywhere(store, await boxOf(store, dataDir));
      assert.ok((midway.get(newId) ?? 0) > 0 && ((midway.get(oldId) ?? 0) + (midway.get("v1") ?? 0)) > 0, `both keys in use midway: ${JSON.stringify([...midway])}`);
      const sick = await doctor();
      const finding = sick.findings.find((f: { check: string }) => f.check === "sealed values");
      assert.equal(finding.ok, false);
      assert.match(finding.detail, /unfinished/);
      await new Promise((resolve) => setTimeout(resolve, 300));

      // Run again: it continues (no third key), and ends with every value under the new key.
      const { stdout } = await essd("master-key", "rotate", "--batch-size", "5");
      assert.match(stdout, new RegExp(`Continuing the rotation to ${newId}`));
      assert.match(stdout, /Done: \d+ values? re-sealed/);
      assert.equal(readKeyFile(join(dataDir, "master.key")).length, 2);
      writing = false;
      const failure = await writer;
      if (failure) throw failure;
      assert.ok(written > 0, "the writer wrote during the rotation");

      const box = await boxOf(store, dataDir);
      const after = await openedValues(store, box);
      for (const [where, plaintext] of before) assert.equal(after.get(where), plaintext, where);
      assert.deepEqual([...(await keyIdsAnywhere(store, box)).keys()], [newId]);
      const healthy = await doctor();
      assert.equal(healthy.findings.find((f: { check: string }) => f.check === "sealed values").ok, true, JSON.stringify(healthy.findings));

      // Lookups by keyed hash still find what was stored before: a mobile already taken is refused as such.
      const again = await call("CreateIntegrationEmployees", { Employees: [{ DisplayName: nameOf("别人", 3), Mobile: mobile(3) }], InvitationNotifyType: "NONE" });
      assert.match(again.CreateEmployeeResult.FailedEmployeeData[0].Reason, /手机号已经被占用/);

      // Retired: the key file holds the new key alone, the running server keeps working, the doctor stays healthy.
      const retired = JSON.parse((await essd("master-key", "retire", "--json")).stdout);
      assert.deepEqual(retired.retired, [oldId]);
      assert.deepEqual(readKeyFile(join(dataDir, "master.key")).map(keyIdOf), [newId]);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const listed = await call("DescribeIntegrationEmployees", { Limit: 20, Offset: 20 });
      assert.equal(listed.Employees.length, 20);
      const created = await call("CreateIntegrationEmployees", { Employees: [{ DisplayName: "退役后", Mobile: mobile(9999) }], InvitationNotifyType: "NONE" });
      assert.deepEqual(created.CreateEmployeeResult.FailedEmployeeData, []);
      const final = await doctor();
      assert.equal(final.healthy, true, JSON.stringify(final.findings));
      const status = JSON.parse((await essd("master-key", "status")).stdout);
      assert.deepEqual([status.activeKeyId, status.keysHeld, status.retired, status.rotation.state], [newId, [newId], [oldId], "done"]);
    });
  });
}
