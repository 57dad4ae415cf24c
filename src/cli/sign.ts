import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { credentialScope, sha256Hex, signTc3 } from "../protocol/signature-v3.ts";
import { v1Sign, v1StringToSign, type V1Method } from "../protocol/signature-v1.ts";
import { decodeForm } from "../protocol/wire-request.ts";

/** The request file `essd sign --file` reads. */
export interface SignFile {
  method?: "POST" | "GET";
  /** Exactly the Host you sign: Node's SDK signs it without the port, the other SDKs with it. */
  host: string;
  action: string;
  version?: string;
  /** UNIX seconds; default now. */
  timestamp?: number | string;
  /** POST payload: a string is signed byte for byte, an object is serialized with JSON.stringify (v1: flattened). */
  body?: string | Record<string, unknown>;
  /** GET parameters: a raw query string is signed as it is, an object is flattened (`A.0.B=…`). */
  query?: string | Record<string, unknown>;
  secretId: string;
  signMethod?: "TC3-HMAC-SHA256" | "HmacSHA256" | "HmacSHA1";
  /** TC3 only; default application/json for POST, application/x-www-form-urlencoded for GET. */
  contentType?: string;
  /** TC3 only; default `ess` (the Node SDK signs the endpoint's first label instead, e.g. `127`). */
  service?: string;
  /** v1 only; default random. */
  nonce?: number | string;
}

/** Named as in essd's sandbox SignatureFailure message, so the two can be diffed line by line. */
export type SignSteps = Array<[name: string, value: string]>;

const HELP = `
The request file is JSON:
  {
    "method": "POST",                      POST (default) or GET
    "host": "127.0.0.1:8080",              the Host you sign (Node's SDK signs it without the port)
    "action": "DescribeIntegrationEmployees",
    "version": "2020-11-11",               default
    "timestamp": 1772416800,               default: now
    "body": {"Operator": {"UserId": "yD…"}},   POST: an object (JSON.stringify) or the exact string you send
    "query": "Operator.UserId=yD…",        GET: the raw query string, or an object to flatten
    "secretId": "AKID…",
    "signMethod": "TC3-HMAC-SHA256",       default; or HmacSHA256 / HmacSHA1 (signature v1)
    "contentType": "application/json",     TC3, default by method
    "service": "ess",                      TC3, default
    "nonce": 12345                         v1, default random
  }

The SecretKey is never read from the file: pass --secret-key or, better (shell history), ESSD_SECRET_KEY.
Prints what essd computes, under the same headings as a sandbox AuthFailure.SignatureFailure message, so you
can diff it with your own client's CanonicalRequest and StringToSign.

Example:
  ESSD_SECRET_KEY=… essd sign --file request.json
`;

export function registerSignCommand(program: Command): void {
  program
    .command("sign")
    .description("compute a request's signature as essd does: canonical request, string to sign, scope, signature, Authorization")
    .requiredOption("--file <file>", "JSON request file (see below)")
    .addOption(new Option("--secret-key <key>", "the SecretKey to sign with").env("ESSD_SECRET_KEY"))
    .option("--json", "print one JSON object")
    .addHelpText("after", HELP)
    .action((flags: { file: string; secretKey?: string; json?: boolean }) => {
      if (!flags.secretKey) throw new Error("no SecretKey: pass --secret-key or set ESSD_SECRET_KEY");
      let file: SignFile;
      try {
        file = JSON.parse(readFileSync(flags.file, "utf8"));
      } catch (error) {
        throw new Error(`cannot read ${flags.file}: ${(error as Error).message}`);
      }
      process.stdout.write(formatSteps(computeSignature(file, flags.secretKey), flags.json));
    });
}

export const formatSteps = (steps: SignSteps, json = false): string =>
  json ? `${JSON.stringify(Object.fromEntries(steps), null, 2)}\n` : steps.map(([name, value]) => `--- ${name} ---\n${value}\n`).join("");

/** Signs with the server's own functions (src/protocol), so what it prints is what essd expects. */
export function computeSignature(file: SignFile, secretKey: string, nowSeconds = Math.floor(Date.now() / 1000)): SignSteps {
  for (const field of ["host", "action", "secretId"] as const) {
    if (typeof file[field] !== "string" || !file[field]) throw new Error(`the request file needs "${field}" (a string)`);
  }
  const method = (file.method ?? "POST").toUpperCase();
  if (method !== "POST" && method !== "GET") throw new Error(`"method" is POST or GET, not ${file.method}`);
  const timestamp = String(file.timestamp ?? nowSeconds);
  if (!/^\d{1,12}$/.test(timestamp)) throw new Error(`"timestamp" is UNIX seconds, not ${file.timestamp}`);
  const signMethod = file.signMethod ?? "TC3-HMAC-SHA256";
  if (signMethod === "HmacSHA256" || signMethod === "HmacSHA1") return signV1(file, secretKey, method, timestamp, signMethod);
  if (signMethod !== "TC3-HMAC-SHA256") throw new Error(`"signMethod" is TC3-HMAC-SHA256, HmacSHA256 or HmacSHA1, not ${signMethod}`);

  const payload = method === "GET" ? "" : typeof file.body === "string" ? file.body : JSON.stringify(file.body ?? {});
  const query = method === "POST" ? "" : typeof file.query === "string" ? file.query : encode(flatten(file.query ?? {}));
  const contentType = file.contentType ?? (method === "GET" ? "application/x-www-form-urlencoded" : "application/json");
  const { scope, canonicalRequest, stringToSign, signature, authorization } = signTc3({
    method,
    host: file.host,
    query,
    payload,
    contentType,
    secretId: file.secretId,
    secretKey,
    timestamp: Number(timestamp),
    service: file.service,
  });
  const headers = [
    `Authorization: ${authorization}`,
    `Content-Type: ${contentType}`,
    `Host: ${file.host}`,
    `X-TC-Action: ${file.action}`,
    `X-TC-Timestamp: ${timestamp}`,
    `X-TC-Version: ${file.version ?? "2020-11-11"}`,
  ];
  return [
    ["CanonicalRequest", canonicalRequest],
    ["HashedCanonicalRequest", sha256Hex(canonicalRequest)],
    ["CredentialScope", credentialScope(scope)],
    ["StringToSign", stringToSign],
    ["Signature", signature],
    ["Authorization", authorization],
    ["Request", `${method} /${query ? `?${query}` : ""} HTTP/1.1\n${headers.join("\n")}\n\n${payload}`],
  ];
}

function signV1(file: SignFile, secretKey: string, method: string, timestamp: string, signMethod: V1Method): SignSteps {
  const given = method === "GET" ? file.query : file.body;
  // A captured request is signed exactly as captured; the file's fields only fill in what it lacks.
  const pairs: Array<[string, string]> = typeof given === "string" ? decodeForm(given).filter(([k]) => k !== "Signature") : flatten(given ?? {});
  const common: Array<[string, string]> = [
    ["Action", file.action],
    ["Version", file.version ?? "2020-11-11"],
    ["Timestamp", timestamp],
    ["Nonce", String(file.nonce ?? 1 + Math.floor(Math.random() * 65535))],
    ["SecretId", file.secretId],
    ["SignatureMethod", signMethod],
  ];
  for (const pair of common) if (!pairs.some(([k]) => k === pair[0])) pairs.push(pair);
  const toSign = v1StringToSign(method, file.host, pairs);
  const signature = v1Sign(secretKey, signMethod, toSign);
  const encoded = encode([...pairs, ["Signature", signature]]);
  return [
    ["StringToSign", toSign],
    ["Signature", signature],
    ["Request", method === "GET" ? `GET /?${encoded} HTTP/1.1\nHost: ${file.host}\n` : `POST / HTTP/1.1\nHost: ${file.host}\nContent-Type: application/x-www-form-urlencoded\n\n${encoded}`],
  ];
}

/** Flattens parameters as the SDKs do for GET and v1: `Operator.UserId`, `SubTaskIds.0`. */
function flatten(value: unknown, prefix = "", out: Array<[string, string]> = []): Array<[string, string]> {
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, prefix ? `${prefix}.${i}` : String(i), out));
  else if (typeof value === "object") for (const [key, member] of Object.entries(value)) flatten(member, prefix ? `${prefix}.${key}` : key, out);
  else out.push([prefix, String(value)]);
  return out;
}

const encode = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
