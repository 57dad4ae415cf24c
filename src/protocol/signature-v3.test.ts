import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  canonicalRequest,
  formatAuthorization,
  hostCandidates,
  parseAuthorization,
  sha256Hex,
  signHex,
  signingKey,
  stringToSign,
  verifyTc3,
  type Tc3Request,
} from "./signature-v3.ts";

// Reference §2.9. The doc's SecretKey is masked as 32 `*`; that literal string is what derives the published
// SecretSigning b596b9…, so it is the key used for V3-1.
const DOC_BODY = String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`;
const DOC_SCOPE = { date: "2019-02-25", service: "cvm" };
const DOC_TS = "1551113065";
const V32_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

const LOCAL_SCOPE = { date: "2023-11-14", service: "127" };
const LOCAL_TS = "1700000000";
const LOCAL_KEY = "SECRETEXAMPLE";
const V33_BODY = `{"Operator":{"UserId":"yDw6yUUgyg3caowzUx4GQptRKfMnJqX8"},"TaskId":"yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP"}`;
const V34_QUERY = "Operator.UserId=yDw6yUUgyg3caowzUx4GQptRKfMnJqX8&SubTaskIds.0=yDCHlUUckpaeefmfUxPr7deu6g5PvvJz";
const V33_SIG = "59ff3b785730b027ae2408234dec747ae52374168dd0be3ad8aa412769440472";

const docRequest = (): Tc3Request => ({
  method: "POST",
  query: "",
  headers: { "content-type": "application/json; charset=utf-8", host: "cvm.tencentcloudapi.com", "x-tc-action": "DescribeInstances" },
  payloadHash: sha256Hex(DOC_BODY),
});

const authFor = (signature: string, service = "127", signed = ["content-type", "host"]) =>
  parseAuthorization(formatAuthorization("AKIDEXAMPLE", { date: LOCAL_SCOPE.date, service }, signed, signature))!;

describe("TC3 test vectors (reference §2.9)", () => {
  it("V3-1: doc example with x-tc-action signed and lower-cased", () => {
    const req = docRequest();
    assert.equal(req.payloadHash, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    const signed = ["content-type", "host", "x-tc-action"];
    const canonical = canonicalRequest(req, signed, true);
    assert.equal(
      canonical,
      "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n" +
        req.payloadHash,
    );
    assert.equal(sha256Hex(canonical), "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
    const toSign = stringToSign(DOC_TS, DOC_SCOPE, canonical);
    assert.equal(toSign, "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
    const key = signingKey("*".repeat(32), DOC_SCOPE);
    assert.equal(key.toString("hex"), "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af");
    assert.equal(signHex(key, toSign), "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
    // Without lower-casing the value the canonical request, and so the signature, differ.
    assert.notEqual(sha256Hex(canonicalRequest(req, signed)), "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
  });

  it("V3-2: same body, SignedHeaders content-type;host", () => {
    const canonical = canonicalRequest(docRequest(), ["content-type", "host"]);
    const signature = signHex(signingKey(V32_KEY, DOC_SCOPE), stringToSign(DOC_TS, DOC_SCOPE, canonical));
    assert.equal(signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    assert.equal(
      formatAuthorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", DOC_SCOPE, ["content-type", "host"], signature),
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });

  it("V3-3: Node-style POST, host without port, service 127", () => {
    const req: Tc3Request = { method: "POST", query: "", headers: { "content-type": "application/json", host: "127.0.0.1" }, payloadHash: sha256Hex(V33_BODY) };
    const canonical = canonicalRequest(req, ["content-type", "host"]);
    assert.equal(signHex(signingKey(LOCAL_KEY, LOCAL_SCOPE), stringToSign(LOCAL_TS, LOCAL_SCOPE, canonical)), V33_SIG);
    assert.match(formatAuthorization("AKIDEXAMPLE", LOCAL_SCOPE, ["content-type", "host"], V33_SIG), /Credential=AKIDEXAMPLE\/2023-11-14\/127\/tc3_request,/);
  });

  it("V3-4: Node-style GET with raw flattened query and empty payload", () => {
    const req: Tc3Request = {
      method: "GET",
      query: V34_QUERY,
      headers: { "content-type": "application/x-www-form-urlencoded", host: "127.0.0.1" },
      payloadHash: sha256Hex(""),
    };
    assert.equal(req.payloadHash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const canonical = canonicalRequest(req, ["content-type", "host"]);
    assert.ok(canonical.startsWith(`GET\n/\n${V34_QUERY}\n`));
    assert.equal(
      signHex(signingKey(LOCAL_KEY, LOCAL_SCOPE), stringToSign(LOCAL_TS, LOCAL_SCOPE, canonical)),
      "90713b8a03d69af2da18e4a1a7702a787b9c460cf62b013fb05892905e986e51",
    );
  });
});

describe("parseAuthorization", () => {
  const sig = "a".repeat(64);
  it("accepts the service `127` the Node SDK derives from 127.0.0.1", () => {
    const parsed = parseAuthorization(`TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/127/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`);
    assert.deepEqual(parsed, { secretId: "AKIDEXAMPLE", scope: { date: "2023-11-14", service: "127" }, signedHeaders: ["content-type", "host"], signature: sig });
  });

  it("accepts the service `localhost:18080`", () => {
    const parsed = parseAuthorization(`TC3-HMAC-SHA256 Credential=AKIDX/2023-11-14/localhost:18080/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=${sig}`);
    assert.equal(parsed?.scope.service, "localhost:18080");
    assert.deepEqual(parsed?.signedHeaders, ["content-type", "host", "x-tc-action"]);
  });

  it("tolerates surrounding whitespace and no space after commas", () => {
    const parsed = parseAuthorization(`  TC3-HMAC-SHA256 Credential=AKIDX/2023-11-14/ess/tc3_request,SignedHeaders=content-type;host,Signature=${sig}  `);
    assert.equal(parsed?.scope.service, "ess");
  });

  const rejected: Array<[string, string]> = [
    ["another algorithm", `TC3-HMAC-SHA1 Credential=AKIDX/2023-11-14/ess/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`],
    ["the v1 name", `HmacSHA256 Credential=AKIDX/2023-11-14/ess/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`],
    ["SKIP", "SKIP"],
    ["a 63-digit signature", `TC3-HMAC-SHA256 Credential=AKIDX/2023-11-14/ess/tc3_request, SignedHeaders=content-type;host, Signature=${"a".repeat(63)}`],
    ["a 65-digit signature", `TC3-HMAC-SHA256 Credential=AKIDX/2023-11-14/ess/tc3_request, SignedHeaders=content-type;host, Signature=${"a".repeat(65)}`],
    ["a non-hex signature", `TC3-HMAC-SHA256 Credential=AKIDX/2023-11-14/ess/tc3_request, SignedHeaders=content-type;host, Signature=${"g".repeat(64)}`],
    ["a scope not ending in tc3_request", `TC3-HMAC-SHA256 Credential=AKIDX/2023-11-14/ess/tc4_request, SignedHeaders=content-type;host, Signature=${sig}`],
    ["a malformed date", `TC3-HMAC-SHA256 Credential=AKIDX/20231114/ess/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`],
  ];
  for (const [why, header] of rejected) {
    it(`rejects ${why}`, () => assert.equal(parseAuthorization(header), undefined));
  }
});

describe("hostCandidates", () => {
  it("offers the host as received, then without its port", () => {
    assert.deepEqual(hostCandidates("127.0.0.1:8080"), ["127.0.0.1:8080", "127.0.0.1"]);
  });
  it("does not repeat a host without port", () => {
    assert.deepEqual(hostCandidates("ess.example.com"), ["ess.example.com"]);
  });
  it("adds X-Forwarded-Host with and without port after the Host values", () => {
    assert.deepEqual(hostCandidates("10.0.0.5:3000", "essd.example.com:8443"), ["10.0.0.5:3000", "10.0.0.5", "essd.example.com:8443", "essd.example.com"]);
  });
  it("strips the port of an IPv6 literal but keeps its brackets", () => {
    assert.deepEqual(hostCandidates("[::1]:8080"), ["[::1]:8080", "[::1]"]);
  });
});

describe("verifyTc3", () => {
  const key = signingKey(LOCAL_KEY, LOCAL_SCOPE);
  const nodeRequest: Tc3Request = {
    method: "POST",
    query: "",
    // Node sends `Host: 127.0.0.1:8080` but signed `127.0.0.1` (V3-3).
    headers: { "content-type": "application/json", host: "127.0.0.1:8080", "x-tc-action": "CreateIntegrationEmployees" },
    payloadHash: sha256Hex(V33_BODY),
  };

  it("matches a Node-style request signed without the port it was sent with", () => {
    assert.deepEqual(verifyTc3(nodeRequest, authFor(V33_SIG), LOCAL_TS, key, hostCandidates("127.0.0.1:8080")), { ok: true });
  });

  it("fails that request when only the host with port is tried, and reports the first attempt", () => {
    const result = verifyTc3(nodeRequest, authFor(V33_SIG), LOCAL_TS, key, ["127.0.0.1:8080"]);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.expected.canonicalRequest, `POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:8080\n\ncontent-type;host\n${sha256Hex(V33_BODY)}`);
    assert.match(result.expected.stringToSign, /^TC3-HMAC-SHA256\n1700000000\n2023-11-14\/127\/tc3_request\n[0-9a-f]{64}$/);
    assert.notEqual(result.expected.signature, V33_SIG);
  });

  it("matches a client that signed lower-cased header values", () => {
    const signed = ["content-type", "host", "x-tc-action"];
    const canonical = canonicalRequest({ ...nodeRequest, headers: { ...nodeRequest.headers, host: "127.0.0.1:8080" } }, signed, true);
    assert.ok(canonical.includes("x-tc-action:createintegrationemployees\n"));
    const signature = signHex(key, stringToSign(LOCAL_TS, LOCAL_SCOPE, canonical));
    assert.deepEqual(verifyTc3(nodeRequest, authFor(signature, "127", signed), LOCAL_TS, key, hostCandidates("127.0.0.1:8080")), { ok: true });
  });

  it("still reports an attempt when the request had no Host (HTTP/1.0)", () => {
    const result = verifyTc3({ ...nodeRequest, headers: { "content-type": "application/json" } }, authFor(V33_SIG), LOCAL_TS, key, hostCandidates(""));
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(typeof result.expected?.canonicalRequest, "string");
  });

  it("rejects a tampered body, a different timestamp and a different key", () => {
    const hosts = hostCandidates("127.0.0.1:8080");
    assert.equal(verifyTc3({ ...nodeRequest, payloadHash: sha256Hex(V33_BODY + " ") }, authFor(V33_SIG), LOCAL_TS, key, hosts).ok, false);
    assert.equal(verifyTc3(nodeRequest, authFor(V33_SIG), "1700000001", key, hosts).ok, false);
    assert.equal(verifyTc3(nodeRequest, authFor(V33_SIG), LOCAL_TS, signingKey("OTHER", LOCAL_SCOPE), hosts).ok, false);
  });
});
