import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { eventually } from "./support/eventually.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { signedCall } from "./support/signed-request.ts";
import { TABLES } from "../src/store/copy.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
const PUBLIC_URL = "http://essd.example.test";
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]).toString("base64");

describe("essd store copy: an embedded installation into PostgreSQL", { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "essd-copy-"));
  let database: TestDatabase;
  let sqliteNode: EssdProcess;
  let postgresNode: EssdProcess | undefined;
  let tenant: { SecretId: string; SecretKey: string; OperatorUserId: string };
  let taskId: string;
  let subTaskIds: string[];

  const call = (node: EssdProcess, action: string, body: Record<string, unknown>) =>
    signedCall({ url: node.url, secretId: tenant.SecretId, secretKey: tenant.SecretKey, action, body: { Operator: { UserId: tenant.OperatorUserId }, ...body } }).then((r) => {
      const { RequestId, ...rest } = r.json.Response;
      assert.ok(RequestId);
      return rest;
    });

  before(async () => {
    database = await createTestDatabase("copy");
    sqliteNode = await spawnEssd(["--data-dir", dataDir, "--public-url", PUBLIC_URL]);
    tenant = JSON.parse(readFileSync(join(dataDir, "demo-tenant.json"), "utf8"));
    await call(sqliteNode, "CreateIntegrationEmployees", { Employees: [{ DisplayName: "赵六", Mobile: "13700000001" }], InvitationNotifyType: "NONE" });
    await call(sqliteNode, "CreateIntegrationEmployees", { Employees: [{ DisplayName: "钱七", Mobile: "13700000002" }], InvitationNotifyType: "SMS" });
    const created = await call(sqliteNode, "CreateBatchOrganizationRegistrationTasks", {
      RegistrationOrganizations: [
        { OrganizationName: "迁移测试甲有限公司", UniformSocialCreditCode: "9144030071526726XG", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [2] },
        { OrganizationName: "迁移测试乙（未收录）有限公司", UniformSocialCreditCode: "91110108772551611J", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [1], AdminIdCardNumber: "11010519491231002X", PowerOfAttorneys: [PNG] },
      ],
    });
    taskId = created.TaskId as string;
    // The worker of another process: its links are the observable end of the task.
    const urls = await eventually("the task's links", async () => {
      const { OrganizationAuthUrls } = await call(sqliteNode, "DescribeBatchOrganizationRegistrationUrls", { TaskId: taskId });
      return (OrganizationAuthUrls as Array<{ SubTaskId: string }>).length ? (OrganizationAuthUrls as Array<{ SubTaskId: string }>) : undefined;
    });
    subTaskIds = urls.map((u) => u.SubTaskId);
    await call(sqliteNode, "CreateBatchOrganizationAuthorizationUrl", { AdminName: "李四", AdminMobile: "13800000001", SubTaskIds: subTaskIds, Endpoint: "HTTP_SHORT_URL" });
  });

  after(async () => {
    await stopEssd(sqliteNode);
    if (postgresNode) await stopEssd(postgresNode);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("copies while the embedded server runs, printing matching counts and checksums", async () => {
    const { stdout } = await run(process.execPath, [ESSD, "store", "copy", "--from", dataDir, "--to", database.url]);
    const rows = stdout.split("\n").filter((l) => / → /.test(l) && !l.startsWith("table"));
    assert.equal(rows.length, TABLES.length, stdout);
    assert.ok(rows.every((l) => l.endsWith("ok")), stdout);
    assert.match(stdout, /auth_flows\s+2\s+2/);
    assert.match(stdout, /blobs\s+1\s+1/, "the uploaded power of attorney moves into the blobs table");
    assert.match(stdout, /sms_messages\s+1\s+1/, "the SMS invitation moves too");
    assert.match(stdout, /ESSD_MASTER_KEY=/);
  });

  it("answers every query on PostgreSQL exactly as it did on SQLite", async () => {
    postgresNode = await spawnEssd(["--database-url", database.url, "--data-dir", mkdtempSync(join(tmpdir(), "essd-copy-node-")), "--public-url", PUBLIC_URL], {
      ESSD_MASTER_KEY: readFileSync(join(dataDir, "master.key"), "utf8").trim(),
    });
    const queries: Array<[string, Record<string, unknown>]> = [
      ["DescribeIntegrationEmployees", {}],
      ["DescribeBatchOrganizationRegistrationUrls", { TaskId: taskId }],
      ["DescribeBatchOrganizationRegistrationTasks", { TaskIds: subTaskIds }],
      ["DescribeOrganizationAuthStatus", { OrganizationName: "迁移测试甲有限公司" }],
    ];
    for (const [action, body] of queries) {
      assert.deepEqual(await call(postgresNode, action, body), await call(sqliteNode, action, body), action);
    }
    const links = await call(postgresNode, "DescribeBatchOrganizationRegistrationUrls", { TaskId: taskId });
    const path = new URL((links.OrganizationAuthUrls as Array<{ AuthUrl?: string }>)[0].AuthUrl!);
    assert.equal((await fetch(postgresNode.url + path.pathname + path.search)).status, 200, "a copied link opens on the new node");
  });

  it("refuses to copy into a database that already holds organizations", async () => {
    await assert.rejects(run(process.execPath, [ESSD, "store", "copy", "--from", dataDir, "--to", database.url]), (e: { stderr?: string }) => /already holds organizations/.test(e.stderr ?? ""));
  });
});
