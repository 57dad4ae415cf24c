/**
 * Failures a sandbox tenant injects on purpose, so its CI can test the unhappy paths ESS rarely produces on
 * demand: the next call(s) of an action answer a chosen error code, or an enterprise fails verification with a
 * chosen message (at task processing, or at the step that would have verified it). Faults exist only in sandbox
 * mode; in production nothing is looked up at all.
 */
import type { AuthFlowRecord, SandboxFaultRecord } from "../store/ports.ts";
import type { DomainDeps } from "./deps.ts";
import { essError, type EssError } from "./errors.ts";
import { checkCreditCode } from "./identity/index.ts";
import { normalizeName } from "./registration/registry.ts";

/** A call fails at most this many times per fault; more is a loop in the test, not a scenario. */
export const MAX_FAULT_TIMES = 100;
/** Faults a tenant may hold at once (one row per time a call fails). */
export const MAX_FAULTS_PER_TENANT = 1000;
export const MAX_FAULT_MESSAGE_CHARS = 500;
/** The error code recorded for an enterprise that fails verification (it never reaches the wire as a code). */
export const VERIFICATION_FAULT_CODE = "FailedOperation";

/** Tencent error codes: CamelCase words joined by dots, e.g. `FailedOperation`, `ResourceNotFound.Flow`. */
const ERROR_CODE = /^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*){0,3}$/;
const MAX_CODE_CHARS = 128;

export interface FaultView {
  id: string;
  kind: SandboxFaultRecord["kind"];
  /** next-call: the action whose next call fails, and the code it answers. */
  action?: string;
  code?: string;
  /** enterprise-verification: the enterprise, by name (as compared: full-width parentheses) and/or credit code. */
  organizationName?: string;
  uniformSocialCreditCode?: string;
  message: string;
  /** Unix seconds. */
  createdAt: number;
}

/**
 * Adds a fault from a control call's body; `knownActions` are the actions essd serves (the domain does not know
 * the API's list). `times` next-call faults are stored as that many rows, each consumed by one call.
 */
export async function addFault(deps: DomainDeps, organizationId: string, body: Record<string, unknown>, knownActions: readonly string[]): Promise<FaultView[]> {
  if (deps.mode !== "sandbox") throw essError("UnsupportedOperation", "仅沙箱模式可注入故障。", "Faults can be injected in sandbox mode only.");
  const kind = body.kind;
  if (kind === undefined || kind === null || kind === "") throw missing("kind", "next-call 或 enterprise-verification", "next-call or enterprise-verification");
  let rows: Array<Pick<SandboxFaultRecord, "kind" | "target" | "code" | "message">>;
  if (kind === "next-call") rows = nextCallRows(body, knownActions);
  else if (kind === "enterprise-verification") rows = [enterpriseRow(deps, body)];
  else throw invalid("kind", "应为 next-call 或 enterprise-verification", "must be next-call or enterprise-verification");

  const now = deps.clock.now();
  const records = rows.map((row) => ({ ...row, id: deps.ids.next("fault"), organizationId, createdAt: now }));
  await deps.store.transaction(async (store) => {
    const held = (await store.listSandboxFaults(organizationId)).length;
    if (held + records.length > MAX_FAULTS_PER_TENANT) {
      throw essError(
        "LimitExceeded",
        `故障数量超过上限：每个企业最多同时保留 ${MAX_FAULTS_PER_TENANT} 条（当前 ${held} 条）。`,
        `Too many faults: an organization may hold at most ${MAX_FAULTS_PER_TENANT} at once (it holds ${held}).`,
      );
    }
    for (const record of records) await store.insertSandboxFault(record);
  });
  return records.map(view);
}

export async function listFaults(deps: DomainDeps, organizationId: string): Promise<FaultView[]> {
  return (await deps.store.listSandboxFaults(organizationId)).map(view);
}

/** Deletes one of the organization's faults; another organization's fault is as unknown as a missing one. */
export async function removeFault(deps: DomainDeps, organizationId: string, id: string): Promise<{ deleted: string }> {
  if (!(await deps.store.deleteSandboxFault(organizationId, id))) {
    throw essError("ResourceNotFound", `故障 ${id} 不存在（或已被消耗）。`, `Fault ${id} does not exist (or was already used).`);
  }
  return { deleted: id };
}

/**
 * Consumes one next-call fault of the organization for `action`, answering the error the call must fail with.
 * A fault is used by exactly one call even across nodes: only the delete that removed the row counts.
 */
export async function takeNextCallFault(deps: Pick<DomainDeps, "store">, organizationId: string, action: string): Promise<EssError | undefined> {
  for (const fault of await deps.store.findSandboxFaults(organizationId, "next-call", [action])) {
    if (await deps.store.deleteSandboxFault(organizationId, fault.id)) return essError(fault.code, fault.message, fault.message);
  }
  return undefined;
}

/** The injected verification failure of the flow's enterprise, if any (sandbox only; faults stay until deleted). */
export async function verificationFault(
  deps: Pick<DomainDeps, "store" | "mode">,
  flow: Pick<AuthFlowRecord, "organizationId" | "nameKey" | "creditCode">,
): Promise<{ message: string } | undefined> {
  if (deps.mode !== "sandbox") return undefined;
  const targets = [enterpriseTarget(flow.nameKey, undefined), enterpriseTarget(undefined, flow.creditCode), enterpriseTarget(flow.nameKey, flow.creditCode)];
  const [fault] = await deps.store.findSandboxFaults(flow.organizationId, "enterprise-verification", targets);
  return fault && { message: fault.message };
}

function nextCallRows(body: Record<string, unknown>, knownActions: readonly string[]) {
  const action = body.action;
  if (action === undefined || action === null || action === "") throw missing("action", "接口名，如 DescribeOrganizationAuthStatus", "an action name, e.g. DescribeOrganizationAuthStatus");
  if (typeof action !== "string" || !knownActions.includes(action)) {
    throw invalid("action", `应为本服务提供的接口之一：${knownActions.join("、")}`, `must be one of the actions essd serves: ${knownActions.join(", ")}`);
  }
  const code = body.code;
  if (code === undefined || code === null || code === "") throw missing("code", "腾讯云错误码，如 FailedOperation", "a Tencent error code, e.g. FailedOperation");
  if (typeof code !== "string" || code.length > MAX_CODE_CHARS || !ERROR_CODE.test(code)) {
    throw invalid("code", "应为腾讯云错误码的形式，如 FailedOperation、ResourceNotFound.Flow", "must look like a Tencent error code, e.g. FailedOperation or ResourceNotFound.Flow");
  }
  const message = optionalMessage(body.message) ?? `沙箱注入的错误：${code}。`;
  const times = body.times ?? 1;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 1 || times > MAX_FAULT_TIMES) {
    throw invalid("times", `应为 1 到 ${MAX_FAULT_TIMES} 之间的整数`, `must be an integer from 1 to ${MAX_FAULT_TIMES}`);
  }
  return Array.from({ length: times }, () => ({ kind: "next-call" as const, target: action, code, message }));
}

function enterpriseRow(deps: DomainDeps, body: Record<string, unknown>) {
  const name = optionalText(body.organizationName, "organizationName");
  const code = optionalText(body.uniformSocialCreditCode, "uniformSocialCreditCode")?.toUpperCase();
  if (!name && !code) {
    throw essError(
      "MissingParameter",
      "缺少参数：organizationName 和 uniformSocialCreditCode 不能同时为空。",
      "The request is missing organizationName or uniformSocialCreditCode (give at least one).",
    );
  }
  if (code) {
    const checked = checkCreditCode(code, deps.registration.idChecks);
    if (!checked.ok) throw invalid("uniformSocialCreditCode", `不正确（${checked.reason.zh}）`, `is not valid (${checked.reason.en})`);
  }
  const message = optionalMessage(body.message);
  if (!message) throw missing("message", "企业认证失败时显示的错误信息", "the error message the enterprise's verification fails with");
  return { kind: "enterprise-verification" as const, target: enterpriseTarget(name && normalizeName(name), code), code: VERIFICATION_FAULT_CODE, message };
}

/**
 * How an enterprise fault names its enterprise in the store: `name:<key>`, `uscc:<code>`, or both as
 * `uscc:<code> name:<key>` (then both must match). Credit codes hold no spaces, so this reads back unambiguously.
 */
function enterpriseTarget(nameKey: string | undefined, creditCode: string | undefined): string {
  return [creditCode ? `uscc:${creditCode}` : "", nameKey ? `name:${nameKey}` : ""].filter(Boolean).join(" ");
}

function view(fault: SandboxFaultRecord): FaultView {
  const base = { id: fault.id, kind: fault.kind, message: fault.message, createdAt: Math.floor(fault.createdAt / 1000) };
  if (fault.kind === "next-call") return { ...base, action: fault.target, code: fault.code };
  const parsed = /^(?:uscc:(\S+))? ?(?:name:(.*))?$/s.exec(fault.target);
  return { ...base, ...(parsed?.[2] ? { organizationName: parsed[2] } : {}), ...(parsed?.[1] ? { uniformSocialCreditCode: parsed[1] } : {}) };
}

function optionalMessage(value: unknown): string | undefined {
  const text = optionalText(value, "message");
  if (text && [...text].length > MAX_FAULT_MESSAGE_CHARS) throw invalid("message", `不能超过 ${MAX_FAULT_MESSAGE_CHARS} 个字符`, `must be at most ${MAX_FAULT_MESSAGE_CHARS} characters`);
  return text;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw essError("InvalidParameter", `参数 ${name} 应为字符串。`, `${name} must be a string.`);
  return value.trim() || undefined;
}

const missing = (name: string, zh: string, en: string) => essError("MissingParameter", `缺少参数：${name}（${zh}）。`, `The request is missing ${name} (${en}).`);
const invalid = (name: string, zh: string, en: string) => essError("InvalidParameterValue", `参数 ${name} 取值错误：${zh}。`, `${name} ${en}.`);
