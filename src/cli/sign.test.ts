/**
 * `essd sign`: what it prints is accepted by a live essd when the key is right, and equals the canonical
 * request and string to sign of essd's sandbox SignatureFailure message when it is wrong. The command itself
 * is spawned a few times (help, one call, a missing key); the other cases call the same functions in-process,
 * because each spawn loads the whole CLI.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEssd, type Harness } from "../../test/support/harness.ts";
import { computeSignature, formatSteps, type SignFile } from "./sign.ts";

const run = promisify(execFile);
const ESSD = join(import.meta.dirname, "..", "..", "bin", "essd.js");

/** Splits `--- Name ---\nvalue\n` blocks. */
function sections(output: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = output.split(/^--- (\w+) ---\n/m).slice(1);
  for (let i = 0; i < parts.length; i += 2) out[parts[i]] = parts[i + 1].replace(/\n$/, "");
  return out;
}

/** Sends the request `essd sign` printed (its Request section), byte for byte. */
async function sendPrinted(url: string, request: string) {
  const [head, body = ""] = request.split("\n\n");
  const [start, ...lines] = head.split("\n").filter(Boolean);
  const [method, path] = start.split(" ");
  const headers = Object.fromEntries(lines.filter((l) => !l.startsWith("Host:")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
  const response = await fetch(`${url}${path}`, { method, headers, body: method === "POST" ? body : undefined });
  return ((await response.json()) as { Response: Record<string, any> }).Response;
}

describe("essd sign", () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    h = await startEssd();
    dir = mkdtempSync(join(tmpdir(), "essd-sign-"));
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sign = async (file: SignFile, secretKey: string | undefined, ...args: string[]) => {
    const path = join(dir, `request-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(file));
    const env = { ...process.env };
    delete env.ESSD_SECRET_KEY;
    if (secretKey !== undefined) env.ESSD_SECRET_KEY = secretKey;
    return run(process.execPath, [ESSD, "sign", "--file", path, ...args], { env });
  };

  /** What `essd sign` would print, computed in-process. */
  const signHere = (file: SignFile, secretKey: string) => ({ stdout: formatSteps(computeSignature(file, secretKey)) });

  const employees = (overrides: Partial<SignFile> = {}): SignFile => ({
    host: h.endpoint,
    action: "DescribeIntegrationEmployees",
    secretId: h.tenant.SecretId,
    body: { Operator: { UserId: h.tenant.OperatorUserId }, Limit: 5 },
    ...overrides,
  });

  it("--help explains the request file and where the key comes from", async () => {
    const { stdout } = await run(process.execPath, [ESSD, "sign", "--help"]);
    for (const text of ["--file", "--secret-key", "ESSD_SECRET_KEY", '"host"', '"body"', '"query"', '"signMethod"', "HmacSHA1"]) assert.ok(stdout.includes(text), text);
  });

  it("TC3 POST: prints every step, and the printed request is accepted", async () => {
    const { stdout } = await sign(employees(), h.tenant.SecretKey);
    const out = sections(stdout);
    assert.deepEqual(Object.keys(out), ["CanonicalRequest", "HashedCanonicalRequest", "CredentialScope", "StringToSign", "Signature", "Authorization", "Request"]);
    assert.match(out.CredentialScope, /^\d{4}-\d{2}-\d{2}\/ess\/tc3_request$/);
    assert.match(out.Authorization, new RegExp(`^TC3-HMAC-SHA256 Credential=${h.tenant.SecretId}/`));
    assert.ok(!stdout.includes(h.tenant.SecretKey), "the key is never printed");
    const answer = await sendPrinted(h.url, out.Request);
    assert.equal(answer.Error, undefined, JSON.stringify(answer));
    assert.equal(answer.TotalCount, 1);
  });

  it("a wrong key: the output equals essd's expected canonical request and string to sign", async () => {
    const { stdout } = signHere(employees(), "wrong-key");
    const out = sections(stdout);
    const answer = await sendPrinted(h.url, out.Request);
    assert.equal(answer.Error.Code, "AuthFailure.SignatureFailure");
    const expected = sections(answer.Error.Message.slice(answer.Error.Message.indexOf("--- CanonicalRequest ---")));
    assert.equal(expected.CanonicalRequest, out.CanonicalRequest);
    assert.equal(expected.StringToSign, out.StringToSign);
  });

  it("TC3 GET with an object query", async () => {
    const { stdout } = signHere(employees({ method: "GET", body: undefined, query: { Operator: { UserId: h.tenant.OperatorUserId }, Filters: [{ Key: "Status", Values: ["IsVerified"] }] } }), h.tenant.SecretKey);
    const out = sections(stdout);
    assert.ok(out.CanonicalRequest.startsWith(`GET\n/\nOperator.UserId=${h.tenant.OperatorUserId}&Filters.0.Key=Status&Filters.0.Values.0=IsVerified\n`));
    assert.equal((await sendPrinted(h.url, out.Request)).TotalCount, 1);
  });

  for (const [signMethod, method] of [
    ["HmacSHA1", "GET"],
    ["HmacSHA256", "POST"],
  ] as const) {
    it(`${signMethod} over ${method}: string to sign and signature, accepted`, async () => {
      const params = { Operator: { UserId: h.tenant.OperatorUserId }, Limit: 5 };
      const file = employees({ signMethod, method, ...(method === "GET" ? { query: params, body: undefined } : { body: params }) });
      const { stdout } = signHere(file, h.tenant.SecretKey);
      const out = sections(stdout);
      assert.deepEqual(Object.keys(out), ["StringToSign", "Signature", "Request"]);
      assert.ok(out.StringToSign.startsWith(`${method}${h.endpoint}/?Action=DescribeIntegrationEmployees&Limit=5&Nonce=`), out.StringToSign);
      assert.equal((await sendPrinted(h.url, out.Request)).TotalCount, 1);
    });
  }

  it("signs a captured v1 query exactly as captured", () => {
    const captured = "Action=X&Version=2020-11-11&Timestamp=1700000000&Nonce=42&SecretId=AKIDX&SignatureMethod=HmacSHA1&B=2&A=1&Signature=old";
    const steps = Object.fromEntries(computeSignature({ host: "h:1", action: "X", secretId: "AKIDX", method: "GET", signMethod: "HmacSHA1", query: captured }, "k"));
    assert.equal(steps.StringToSign, "GETh:1/?A=1&Action=X&B=2&Nonce=42&SecretId=AKIDX&SignatureMethod=HmacSHA1&Timestamp=1700000000&Version=2020-11-11");
  });

  it("--json prints the same steps as one object, with --secret-key on the command line", async () => {
    const { stdout } = await sign(employees({ timestamp: 1_772_416_800 }), undefined, "--json", "--secret-key", h.tenant.SecretKey);
    const json = JSON.parse(stdout);
    assert.equal(json.CredentialScope, "2026-03-02/ess/tc3_request");
    assert.deepEqual(json, Object.fromEntries(computeSignature(employees({ timestamp: 1_772_416_800 }), h.tenant.SecretKey)));
  });

  it("fails clearly without a key or with a bad file", async () => {
    const noKey = await sign(employees(), undefined).catch((e: { code: number; stderr: string }) => e);
    assert.equal((noKey as { code: number }).code, 1);
    assert.match((noKey as { stderr: string }).stderr, /no SecretKey: pass --secret-key or set ESSD_SECRET_KEY/);
    assert.throws(() => computeSignature({ host: "h", action: "X" } as SignFile, "k"), /"secretId"/);
    assert.throws(() => computeSignature({ ...employees(), method: "PUT" as "GET" }, "k"), /POST or GET/);
    assert.throws(() => computeSignature({ ...employees(), signMethod: "MD5" as "HmacSHA1" }, "k"), /signMethod/);
  });
});
