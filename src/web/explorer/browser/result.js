// @ts-check
// The result card: essd's answer, every signing step, the raw request and response, and, when the signature was
// refused in the sandbox, a line-by-line comparison with what essd computed.
import { $, announce, el, pre } from "./dom.js";
import { parseExpected } from "./signing.js";

/** @typedef {import("./signing.js").SignedRequest} SignedRequest */
/** @typedef {import("./signing.js").Expected} Expected */

/**
 * What one send produced: the answer, or the error that stopped it before there was one.
 * @typedef {{ action: string; signed: SignedRequest; response: Response; text: string; ms: number } | { action: string; error: unknown }} Outcome
 */

/**
 * A Tencent Cloud API answer's envelope, as far as the page reads it.
 * @typedef {{ RequestId?: string; Error?: { Code: string; Message: string }; [field: string]: unknown }} Answer
 */

function step(/** @type {number} */ n, /** @type {string} */ title, /** @type {string | null} */ note, /** @type {string} */ text) {
  return el("div", { class: "step" }, el("h4", {}, el("span", { class: "n", "aria-hidden": "true" }, String(n)), title, note ? el("span", { class: "note" }, note) : null), pre(text, title));
}

function signingSteps(/** @type {SignedRequest} */ signed) {
  const s = signed.steps;
  if (signed.kind === "TC3") {
    return [
      step(1, "规范请求 CanonicalRequest", "method, /, query, headers, signed headers, SHA-256 of the payload", s.canonicalRequest ?? ""),
      step(2, "规范请求的哈希 HashedCanonicalRequest", "SHA-256, lower-case hex", s.hashedCanonicalRequest ?? ""),
      step(3, "凭证范围 CredentialScope", "UTC date of X-TC-Timestamp / service / tc3_request", s.credentialScope ?? ""),
      step(4, "待签字符串 StringToSign", "algorithm, timestamp, scope, hashed canonical request", s.stringToSign),
      step(5, "签名 Signature", "HMAC-SHA256 with the key derived from TC3+SecretKey → date → service → tc3_request (not shown)", s.signature),
      step(6, "Authorization 请求头 header", null, s.authorization ?? ""),
    ];
  }
  return [
    step(1, "排序后的参数 Sorted parameters", "by name, ASCII order, values not encoded", s.sortedParameters ?? ""),
    step(2, "待签字符串 StringToSign", "method + host + /? + sorted parameters", s.stringToSign),
    step(3, `签名 Signature (${s.signatureMethod})`, "Base64 of HMAC with the SecretKey", s.signature),
  ];
}

function rawRequest(/** @type {SignedRequest} */ signed) {
  const { method, path, headers, body } = signed.http;
  const lines = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join("\n")}\n\n${body}`;
}

function rawResponse(/** @type {Response} */ response, /** @type {string} */ text) {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`, ...[...response.headers].map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join("\n")}\n\n${text}`;
}

/** Line-by-line comparison (both texts have a fixed structure, so lines align). */
function compareLines(/** @type {string} */ title, /** @type {string} */ mine, /** @type {string} */ theirs) {
  const a = mine.split("\n");
  const b = theirs.split("\n");
  const length = Math.max(a.length, b.length);
  /** @type {number[]} */
  const differing = [];
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) differing.push(i);
  const list = (/** @type {string[]} */ lines, /** @type {string} */ label) =>
    el("ol", { class: "lines", "aria-label": label }, ...Array.from({ length }, (_, i) => el("li", { class: differing.includes(i) ? "diff" : "same" }, differing.includes(i) ? el("span", { class: "visually-hidden" }, "differs: ") : null, lines[i] ?? "")));
  return {
    differing,
    node: el(
      "div",
      {},
      el("h4", {}, `${title}: `, differing.length ? `${differing.length} 行不同 line(s) differ, first at line ${differing[0] + 1}` : "完全一致 identical ✓"),
      el("div", { class: "compare" }, el("div", {}, el("h4", {}, "本页 This page"), list(a, `${title}, this page`)), el("div", {}, el("h4", {}, "essd 期望 essd expected"), list(b, `${title}, essd expected`))),
    ),
  };
}

/** What a canonical-request line is, so the first difference can be named (structure: reference §2, signature-v3.ts). */
function canonicalPart(/** @type {string[]} */ lines, /** @type {number} */ index) {
  const line = lines[index] ?? "";
  if (index === 0) return "HTTP 方法 the HTTP method";
  if (index === 1) return "路径 the path (always /)";
  if (index === 2) return "查询串 the query string, exactly as sent";
  if (index === lines.length - 1) return "请求体的 SHA-256 the SHA-256 of the body: the body essd received is not the one that was signed";
  if (index === lines.length - 2) return "SignedHeaders 的名单 the list of signed header names";
  if (line.startsWith("host:")) return "Host 头 the Host header (Node's SDK signs it without the port; essd also tries that)";
  if (line.startsWith("content-type:")) return "Content-Type 头 the Content-Type header, exactly as sent";
  return "一个被签名的请求头 a signed header";
}

function diagnosis(/** @type {SignedRequest} */ signed, /** @type {Expected} */ expected, /** @type {string} */ secretId) {
  const box = el("section", { class: "diagnosis", "aria-labelledby": "diagnosis-h" }, el("h3", { id: "diagnosis-h" }, "签名诊断 Signature diagnosis"));
  const parts = [];
  let canonicalSame = true;
  let firstDifference = "";
  if (expected.canonicalRequest !== undefined && signed.steps.canonicalRequest !== undefined) {
    const c = compareLines("规范请求 CanonicalRequest", signed.steps.canonicalRequest, expected.canonicalRequest);
    canonicalSame = c.differing.length === 0;
    if (!canonicalSame) firstDifference = ` 第一处不同 First difference, line ${c.differing[0] + 1}: ${canonicalPart(expected.canonicalRequest.split("\n"), c.differing[0])}.`;
    parts.push(c.node);
  }
  const s = compareLines("待签字符串 StringToSign", signed.steps.stringToSign, expected.stringToSign);
  parts.push(s.node);
  const verdict =
    canonicalSame && s.differing.length === 0
      ? `本页计算的规范请求和待签字符串与 essd 完全一致，所以是密钥不对：SecretKey 与 SecretId ${secretId} 不匹配（输错了，或是另一个密钥的）。The canonical request and string to sign match essd's exactly, so the key is wrong: this SecretKey does not belong to SecretId ${secretId} (mistyped, or another key's).`
      : `下面标出了本页与 essd 计算结果不同的行；签名覆盖的内容必须逐字节一致。The marked lines differ between this page and essd; what is signed must match byte for byte.${firstDifference}`;
  box.append(el("p", { class: "verdict" }, verdict), ...parts);
  return box;
}

function summaryFields(/** @type {Answer} */ body) {
  const entries = Object.entries(body).filter(([k, v]) => k !== "Error" && (typeof v !== "object" || v === null));
  if (!entries.length) return null;
  return el("dl", { class: "kv" }, ...entries.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
}

/** Shows one send's outcome and moves focus to it. `secretId` is the one that signed. */
export function renderResult(/** @type {Outcome} */ outcome, /** @type {string} */ secretId) {
  const body = $("#result-body");
  body.replaceChildren();
  if ("error" in outcome) {
    const { error } = outcome;
    const message = error instanceof Error ? error.message : String(error);
    body.append(el("div", { class: "status bad" }, el("strong", {}, "请求未完成 Request failed"), el("p", { class: "message" }, message)));
  } else {
    const { action, signed, response, text, ms } = outcome;
    /** @type {{ Response?: Answer } | undefined} */
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const answer = json?.Response;
    const failure = answer?.Error;
    const expected = failure?.Code === "AuthFailure.SignatureFailure" ? parseExpected(failure.Message) : undefined;
    // The diagnosis below lays out essd's expected values; the status keeps the sentence before them.
    const message = expected && failure ? failure.Message.split("\nessd expected")[0] : failure?.Message;
    const status = el(
      "div",
      { class: `status ${failure || !answer ? "bad" : "ok"}` },
      el("strong", {}, failure ? `✗ ${failure.Code}` : answer ? "✓ 成功 Success" : `HTTP ${response.status}`),
      el("span", {}, `${action} · ${signed.http.method} · ${ms} ms`),
      answer?.RequestId ? el("span", {}, "RequestId ", el("code", { "data-request-id": "" }, answer.RequestId)) : null,
      failure ? el("p", { class: "message" }, message) : null,
    );
    body.append(status);
    if (expected) body.append(diagnosis(signed, expected, secretId));
    else if (failure?.Code === "AuthFailure.SignatureFailure") body.append(el("p", { class: "alert" }, "essd 未附带期望值（生产模式）。essd sent no expected values (production mode)."));
    if (!failure && answer) body.append(summaryFields(answer) ?? "");
    body.append(
      el("details", { open: true }, el("summary", {}, "响应 Response (JSON)"), pre(json ? JSON.stringify(json, null, 2) : text, "Response JSON")),
      el("details", { open: true, class: "signing-steps" }, el("summary", {}, `签名步骤 Signature steps (${signed.kind === "TC3" ? "TC3-HMAC-SHA256" : signed.steps.signatureMethod})`), ...signingSteps(signed)),
      el("details", {}, el("summary", {}, "原始 HTTP 请求 Raw HTTP request"), pre(rawRequest(signed), "Raw HTTP request")),
      el("details", {}, el("summary", {}, "原始 HTTP 响应 Raw HTTP response"), pre(rawResponse(response, text), "Raw HTTP response")),
    );
    announce(failure ? `错误 Error ${failure.Code}` : `成功 Success, RequestId ${answer?.RequestId ?? ""}`);
  }
  $("#result").hidden = false;
  $("#result-h").focus();
}
