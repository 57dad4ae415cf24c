/**
 * The logs of a whole flow, as a log collector would keep them: one JSON line per call and per background item,
 * and nowhere a key, a token, an ID number, a mobile or a person's name.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { configureCallback } from "../src/domain/callbacks/index.ts";
import { startReceiver, type Receiver } from "./support/callback-receiver.ts";
import { startEssd, type Harness } from "./support/harness.ts";
import { freshCreditCode, ID_NUMBER } from "./support/identities.ts";
import { callAs } from "./support/signed-request.ts";
import { verifiedEnterprise } from "./support/verified-enterprise.ts";

describe("the logs of a full flow", () => {
  const lines: string[] = [];
  let h: Harness;
  let receiver: Receiver;
  const callbackSecrets = { key: "0123456789abcdef0123456789abcdef", token: "callback-token-that-must-stay-secret" };
  const mobile = "13912345678";

  before(async () => {
    receiver = await startReceiver();
    h = await startEssd({ logStream: { write: (line) => void lines.push(line) } });
    await configureCallback(h.domain, h.tenant.OrganizationId, { url: receiver.url, ...callbackSecrets });
    await verifiedEnterprise(h, h.tenant, { name: "日志审计科技有限公司", creditCode: freshCreditCode(), adminMobile: mobile, adminName: "欧阳娜娜" });
    // Calls that fail carry the same personal data in their parameters.
    await callAs(h.url, h.tenant, "CreateBatchOrganizationRegistrationTasks", {
      RegistrationOrganizations: [{ OrganizationName: "日志审计二号有限公司", UniformSocialCreditCode: "not-a-code", LegalName: "司马相如", AdminName: "欧阳娜娜", AdminMobile: mobile, AdminIdCardNumber: ID_NUMBER }],
    });
    await callAs(h.url, { ...h.tenant, SecretKey: "wrong-secret-key-wrong-secret-key" }, "DescribeIntegrationEmployees", { Limit: 10 });
    await h.drainAll();
  });
  after(async () => {
    await h.close();
    await receiver.close();
  });

  it("writes one JSON line per call, with RequestId, action, tenant, code and latency", () => {
    const records = lines.map((line) => JSON.parse(line));
    const calls = records.filter((r) => r.msg === "api");
    assert.ok(calls.length >= 4, `${calls.length} call lines`);
    for (const call of calls) {
      assert.match(call.requestId, /\S/);
      assert.equal(typeof call.ms, "number");
      assert.match(call.code, /^(OK|[A-Z]\w+(\.\w+)*)$/);
    }
    const created = calls.find((c) => c.action === "CreateBatchOrganizationRegistrationTasks" && c.code === "OK");
    assert.equal(created?.tenant, h.tenant.OrganizationId);
    assert.ok(calls.some((c) => c.code === "AuthFailure.SignatureFailure"));
  });

  it("writes one JSON line per background item: the task and every callback", () => {
    const jobs = lines.map((line) => JSON.parse(line)).filter((r) => r.msg === "job");
    assert.ok(jobs.some((j) => j.worker === "registration" && j.outcome === "done" && typeof j.job === "string"));
    assert.equal(jobs.filter((j) => j.worker === "callbacks" && j.outcome === "delivered").length, receiver.received.length);
    assert.ok(receiver.received.length > 0);
  });

  it("holds no secret and no personal data", () => {
    const text = lines.join("");
    const forbidden: Record<string, string> = {
      SecretKey: h.tenant.SecretKey,
      "admin token": h.adminToken,
      "callback key": callbackSecrets.key,
      "callback token": callbackSecrets.token,
      "ID number": ID_NUMBER,
      mobile,
      "mobile (masked middle kept)": mobile.slice(3, 7) + mobile.slice(7),
      "admin's name": "欧阳娜娜",
      "legal representative's name": "司马相如",
    };
    for (const [what, value] of Object.entries(forbidden)) assert.ok(!text.includes(value), `the logs contain the ${what}`);
  });
});
