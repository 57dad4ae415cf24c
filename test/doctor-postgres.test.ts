/**
 * `essd doctor` on a multi-node installation's PostgreSQL and Redis: healthy exits 0; a pending migration, a task
 * stuck past its lease, failing callbacks, an unreachable Redis or PostgreSQL each make one line that says what to
 * do, and a non-zero exit.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRuntime } from "../src/app/runtime.ts";
import { loadConfig } from "../src/config/config.ts";
import { authorizeOperator } from "../src/domain/operators.ts";
import { createRegistrationTask } from "../src/domain/registration/tasks.ts";
import { createTenant } from "../src/domain/tenants.ts";
import { CREDIT_CODES } from "./support/identities.ts";
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from "./support/postgres.ts";

const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const MASTER_KEY = randomBytes(32).toString("hex");

describe("essd doctor on PostgreSQL and Redis", { timeout: 120_000 }, () => {
  let database: TestDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), "essd-doctor-pg-"));
  let organizationId: string;
  let operatorUserId: string;

  const doctor = (args: string[]) =>
    promisify(execFile)(process.execPath, [ESSD, "doctor", "--data-dir", dataDir, ...args], { env: { ...process.env, ESSD_MASTER_KEY: MASTER_KEY } }).then(
      ({ stdout }) => ({ code: 0, lines: stdout.trim().split("\n") }),
      (error: { code: number; stdout: string }) => ({ code: error.code, lines: error.stdout.trim().split("\n") }),
    );
  const query = (text: string, values: unknown[] = []) => database.query(text, values);
  /** The URL with another port, where nothing listens. */
  const closedPort = (url: string) => {
    const u = new URL(url);
    u.port = "1";
    return u.toString();
  };

  before(async () => {
    database = await createTestDatabase("doctor");
    // An installation as a node leaves it: migrated, a tenant, a task processed, a callback delivered.
    const runtime = await createRuntime(loadConfig({ dataDir, databaseUrl: database.url, logLevel: "silent" }, { ESSD_MASTER_KEY: MASTER_KEY }), { logger: false, background: false });
    try {
      const tenant = await createTenant(runtime.domain, { name: "体检测试有限公司" });
      organizationId = tenant.OrganizationId;
      operatorUserId = tenant.OperatorUserId;
      const acting = await authorizeOperator(runtime.domain, tenant.OrganizationId, tenant.OperatorUserId);
      await createRegistrationTask(runtime.domain, acting, { organizations: [{ OrganizationName: "体检企业有限公司", UniformSocialCreditCode: CREDIT_CODES[0], LegalName: "张三" }], endpoint: "PC", batchAuthMethod: 0 });
      await runtime.drainAll();
    } finally {
      await runtime.stop();
    }
  });
  after(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finds a healthy database and Redis healthy: exit 0", async () => {
    const healthy = await doctor(["--database-url", database.url, "--redis-url", TEST_REDIS_URL, "--json"]);
    const report = JSON.parse(healthy.lines.join("\n"));
    assert.equal(healthy.code, 0, healthy.lines.join("\n"));
    assert.equal(report.healthy, true);
    assert.deepEqual(
      ["redis", "store", "schema", "integrity", "master key", "registration queue", "callbacks queue", "sms queue", "clock"].filter((c) => !report.findings.some((f: { check: string }) => f.check === c)),
      [],
    );
  });

  it("names unreachable Redis and PostgreSQL, one line each, and what to do", async () => {
    const down = await doctor(["--database-url", closedPort(database.url), "--redis-url", closedPort(TEST_REDIS_URL)]);
    assert.equal(down.code, 1);
    assert.equal(down.lines.length, 2, down.lines.join("\n"));
    assert.match(down.lines[0]!, /^redis: unreachable at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\): start Redis or correct --redis-url/);
    assert.match(down.lines[1]!, /^store: PostgreSQL unreachable at 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\): start PostgreSQL or correct --database-url/);
  });

  it("names a pending migration, a task stuck past its lease and failing callbacks, one line each", async () => {
    // A node that claimed a task and died: its lease (1 ms) has run out.
    const runtime = await createRuntime(loadConfig({ dataDir, databaseUrl: database.url, logLevel: "silent" }, { ESSD_MASTER_KEY: MASTER_KEY }), { logger: false, background: false });
    try {
      const acting = await authorizeOperator(runtime.domain, organizationId, operatorUserId);
      await createRegistrationTask(runtime.domain, acting, { organizations: [{ OrganizationName: "卡住企业有限公司", UniformSocialCreditCode: CREDIT_CODES[1], LegalName: "张三" }], endpoint: "PC", batchAuthMethod: 0 });
      assert.ok(await runtime.domain.store.claimRegistrationTask(Date.now(), 1));
    } finally {
      await runtime.stop();
    }
    // An older schema: its last migration not yet applied (as after installing a newer essd).
    const [{ name: last }] = await query("select name from kysely_migration order by name desc limit 1");
    await query("delete from kysely_migration where name = $1", [last]);
    // A receiver that keeps failing: one message waiting for its next attempt, one given up on.
    await query(
      `insert into callback_deliveries (id, organization_id, msg_type, payload, state, attempts, next_attempt_at, lease_until, give_up_at, last_status, last_error, created_at, delivered_at)
       values ('retrying1', $1, 'OrganizationAuthorization', '{}', 'pending', 3, $2, null, $2, 502, 'HTTP 502', $2, null),
              ('failed1', $1, 'OrganizationAuthorization', '{}', 'failed', 9, $2, null, $2, null, 'connection refused', $2, null)`,
      [organizationId, Date.now() + 60_000],
    );

    const sick = await doctor(["--database-url", database.url]);
    assert.equal(sick.code, 1);
    assert.equal(sick.lines.length, 3, sick.lines.join("\n"));
    assert.match(sick.lines[0]!, new RegExp(`^schema: 1 migration pending \\(${last}\\): start essd serve`));
    assert.match(sick.lines[1]!, /^registration queue: 1 item claimed past its lease .*takes it over; if none runs, start one/);
    assert.match(sick.lines[2]!, new RegExp(`^callbacks queue: 1 callback given up on and 1 failing and waiting for a retry, of ${organizationId}: .*essd tenant callbacks --org ${organizationId}`));
  });
});
