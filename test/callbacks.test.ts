import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEssd, type Harness } from "./support/harness.ts";
import { callAs } from "./support/signed-request.ts";
import { openCallback, startReceiver } from "./support/callback-receiver.ts";
import { configureCallback } from "../src/domain/callbacks/index.ts";

const KEY = "Zq3X9vLm2Pw8Rt5Yk7Nb4Hc6Jd1Fg0Sa";
const TOKEN = "receiver-shared-token";

describe("callbacks end to end", () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    h = await startEssd();
    receiver = await startReceiver([502]);
  });
  after(async () => {
    await h.close();
    await receiver.close();
  });

  it("CreateBatchOrganizationRegistrationTasks leads to an encrypted, signed OrganizationAuthorization callback", async () => {
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: receiver.url, key: KEY, token: TOKEN });
    const created = await callAs(h.url, h.tenant, "CreateBatchOrganizationRegistrationTasks", {
      RegistrationOrganizations: [{ OrganizationName: "回调端到端有限公司", UniformSocialCreditCode: "91110108772551611J", LegalName: "张三", AdminName: "李四", AdminMobile: "13800000001", AuthorizationTypes: [2] }],
    });
    assert.equal(created.Error, undefined, JSON.stringify(created.Error));
    // Delivered by the background worker the task woke: nothing here drives it.
    await receiver.until(1);
    await h.drainAll();
    assert.equal(receiver.received.length, 1, "the first attempt arrives at once (and is answered 502; the retry waits 10 s)");

    const [request] = receiver.received;
    assert.equal(request.method, "POST");
    assert.equal(request.headers["content-type"], "application/json");
    const message = openCallback(request, { key: KEY, token: TOKEN });
    assert.match(message.MsgId, /^yD[0-9A-Za-z]{30}$/);
    assert.equal(message.MsgType, "OrganizationAuthorization");
    assert.equal(message.MsgVersion, "CustomApp");
    const urls = await callAs(h.url, h.tenant, "DescribeBatchOrganizationRegistrationUrls", { TaskId: created.TaskId });
    const [subTask] = urls.OrganizationAuthUrls;
    assert.equal(message.MsgData.SubTaskId, subTask.SubTaskId);
    const [detail] = (await callAs(h.url, h.tenant, "DescribeBatchOrganizationRegistrationTasks", { TaskIds: [subTask.SubTaskId] })).Details;
    assert.equal(message.MsgData.AuthorizationId, detail.AuthorizationInfoId);
    assert.equal(message.MsgData.FlowStatus, "Created");
    assert.equal(message.MsgData.OrganizationName, "回调端到端有限公司");
    assert.equal(message.MsgData.OperatorUserId, h.tenant.OperatorUserId);
  });
});

describe("essd tenant set-callback / callbacks / resend-callback", () => {
  const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");
  const essd = (...args: string[]) => promisify(execFile)(process.execPath, [ESSD, ...args]);
  const dataDir = mkdtempSync(join(tmpdir(), "essd-callbacks-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("stores the receiver with its key and token sealed and prints it without them", async () => {
    const tenant = JSON.parse((await essd("tenant", "create", "--name", "回调命令有限公司", "--data-dir", dataDir, "--json")).stdout);
    const { stdout } = await essd("tenant", "set-callback", "--org", tenant.OrganizationId, "--url", "https://receiver.example/ess", "--key", KEY, "--token", TOKEN, "--data-dir", dataDir);
    assert.deepEqual({ ...JSON.parse(stdout), UpdatedOn: 0 }, { OrganizationId: tenant.OrganizationId, CallbackUrl: "https://receiver.example/ess", Encrypted: true, Signed: true, UpdatedOn: 0 });
    assert.ok(!stdout.includes(KEY) && !stdout.includes(TOKEN), "never printed");
    const database = readFileSync(join(dataDir, "essd.sqlite"));
    assert.ok(!database.includes(KEY) && !database.includes(TOKEN), "never stored in clear");
    assert.ok(database.includes("https://receiver.example/ess"));

    await assert.rejects(essd("tenant", "set-callback", "--org", tenant.OrganizationId, "--url", "https://x/", "--key", "too-short", "--data-dir", dataDir), /exactly 32 printable ASCII characters/);
    await assert.rejects(essd("tenant", "set-callback", "--org", tenant.OrganizationId, "--url", "mailto:a@b", "--data-dir", dataDir), /http:\/\/ or https:\/\//);
    await assert.rejects(essd("tenant", "set-callback", "--org", "yD" + "0".repeat(30), "--url", "https://x/", "--data-dir", dataDir), /does not exist/);
    assert.deepEqual(JSON.parse((await essd("tenant", "callbacks", "--org", tenant.OrganizationId, "--json", "--data-dir", dataDir)).stdout), []);
    await assert.rejects(essd("tenant", "resend-callback", "yD" + "1".repeat(30), "--data-dir", dataDir), /No callback message/);
  });

  it("takes the key and token from ESSD_CALLBACK_KEY and ESSD_CALLBACK_TOKEN, so they stay out of shell history", async () => {
    const tenant = JSON.parse((await essd("tenant", "create", "--name", "回调环境有限公司", "--data-dir", dataDir, "--json")).stdout);
    const run = promisify(execFile);
    const args = [ESSD, "tenant", "set-callback", "--org", tenant.OrganizationId, "--url", "https://receiver.example/env", "--data-dir", dataDir];
    const withSecrets = await run(process.execPath, args, { env: { ...process.env, ESSD_CALLBACK_KEY: KEY, ESSD_CALLBACK_TOKEN: TOKEN } });
    assert.deepEqual({ ...JSON.parse(withSecrets.stdout), UpdatedOn: 0 }, { OrganizationId: tenant.OrganizationId, CallbackUrl: "https://receiver.example/env", Encrypted: true, Signed: true, UpdatedOn: 0 });
    const without = await run(process.execPath, args, { env: { ...process.env, ESSD_CALLBACK_KEY: "", ESSD_CALLBACK_TOKEN: "" } });
    assert.deepEqual([JSON.parse(without.stdout).Encrypted, JSON.parse(without.stdout).Signed], [false, false]);
  });

  it("essd platform callbacks lists an application's callback log, by AppId", async () => {
    const platform = JSON.parse((await essd("platform", "create", "--name", "回调命令平台", "--data-dir", dataDir, "--json")).stdout);
    await essd("platform", "set-callback", "--app", platform.AppId, "--url", "https://receiver.example/platform", "--data-dir", dataDir);
    assert.deepEqual(JSON.parse((await essd("platform", "callbacks", "--app", platform.AppId, "--json", "--data-dir", dataDir)).stdout), []);
    await assert.rejects(essd("platform", "callbacks", "--app", "yDnotAnApp", "--data-dir", dataDir), /yDnotAnApp/);
  });
});
