/**
 * `essd serve --mode production`: without --sms-webhook it warns that SMS cannot reach anyone; with it, SMS go out,
 * signed when --sms-webhook-token is given.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { spawnEssd, stopEssd, type EssdProcess } from "./support/essd-process.ts";
import { startReceiver } from "./support/callback-receiver.ts";
import { callAs } from "./support/signed-request.ts";

const ESSD = join(import.meta.dirname, "..", "bin", "essd.js");

const MOBILE = "13900005678";
const TOKEN = "gateway-shared-token-5678";

describe("essd serve and the SMS webhook", { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const nodes: EssdProcess[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "essd-sms-"));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const node of nodes) await stopEssd(node);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("warns in production mode when no webhook is configured", async () => {
    const node = await spawnEssd(["--data-dir", dataDir(), "--mode", "production"]);
    nodes.push(node);
    assert.match(node.output(), /Warning: no --sms-webhook: SMS codes and links .* cannot reach anyone/);
  });

  it("POSTs an invitation SMS to the webhook, signed with the token, never printing the mobile or the token", async () => {
    const receiver = await startReceiver();
    try {
      const dir = dataDir();
      const node = await spawnEssd(["--data-dir", dir, "--mode", "production", "--sms-webhook", receiver.url, "--sms-webhook-token", TOKEN, "--log-level", "info"]);
      nodes.push(node);
      assert.doesNotMatch(node.output(), /Warning: no --sms-webhook/);
      assert.match(node.output(), /No tenant yet: essd tenant create/);
      assert.ok(!existsSync(join(dir, "demo-tenant.json")), "no demo tenant in production");
      const tenant = JSON.parse((await promisify(execFile)(process.execPath, [ESSD, "tenant", "create", "--name", "短信网关科技有限公司", "--data-dir", dir, "--json"])).stdout);
      await callAs(node.url, tenant, "CreateIntegrationEmployees", { Employees: [{ DisplayName: "王五", Mobile: MOBILE }] });
      await receiver.until(1);
      assert.equal(receiver.received.length, 1);
      const payload = JSON.parse(receiver.received[0].body);
      assert.deepEqual(Object.keys(payload).sort(), ["CreatedAt", "MessageId", "Mobile", "Purpose", "Text"]);
      assert.deepEqual([payload.Mobile, payload.Purpose], [MOBILE, "invitation"]);
      assert.equal(receiver.received[0].headers["content-signature"], `sha256=${createHmac("sha256", TOKEN).update(receiver.received[0].body).digest("hex")}`);
      assert.ok(!node.output().includes(MOBILE), "the mobile is not logged");
      assert.ok(!node.output().includes(TOKEN), "the token is not logged");
    } finally {
      await receiver.close();
    }
  });
});
