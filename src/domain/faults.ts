/**
 * Failures a sandbox tenant injects on purpose, so its CI can test the unhappy paths ESS rarely produces on
 * demand: the next call(s) of an action answer a chosen error code, or an enterprise fails verification with a
 * chosen message (at task processing, or at the step that would have verified it). Faults exist only in sandbox
 * mode; in production nothing is looked up at all.
 */
import type { AuthFlowRecord, SandboxFaultRecord } from "../store/ports.ts";
import type { DomainDeps } from "./deps.ts";
import { errors, type ErrorCode } from "./errors.ts";
import { checkCreditCode } from "./identity/index.ts";
import { normalizeName } from "./registration/registry.ts";

/** A call fails at most this many times per fault; more is a loop in the test, not a scenario. */
export const MAX_FAULT_TIMES = 100;
/** Faults a tenant may hold at once (one row per time a call fails). */
export const MAX_FAULTS_PER_TENANT = 1000;
export const MAX_FAULT_MESSAGE_CHARS = 500;
/** The error code recorded for an enterprise that fails verification (it never reaches the wire as a code). */
export const VERIFICATION_FAULT_CODE = "FailedOperation" satisfies ErrorCode;

/** Tencent error codes: CamelCase words joined by dots, e.g. `FailedOperation`, `ResourceNotFound.Flow`. */
export const INJECTABLE_CODE = /^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*){0,3}$/;
export const MAX_CODE_CHARS = 128;

/**
 * A fault as the control call's schema admits it (the action one essd serves, the code in Tencent's form, times
 * and message within their limits); names and messages are trimmed here.
 */
export type FaultInput =
  | { kind: "next-call"; action: string; code: string; message?: string; times?: number }
  | { kind: "enterprise-verification"; organizationName?: string; uniformSocialCreditCode?: string; message: string };

/**
 * The error a tenant injected for an action's next call: its own code and message, in both languages alike. It
 * is deliberately outside the catalogue (any Tencent code may be simulated) and only the API answers it.
 */
export class InjectedFault extends Error {
  constructor(
    readonly code: string,
    readonly text: string,
  ) {
    super(`${code}: ${text}`);
    this.name = "InjectedFault";
  }
}

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

/** Adds a fault; `times` next-call faults are stored as that many rows, each consumed by one call. */
export async function addFault(deps: DomainDeps, organizationId: string, fault: FaultInput): Promise<FaultView[]> {
  if (deps.mode !== "sandbox") throw errors.faultsSandboxOnly();
  const rows: Array<Pick<SandboxFaultRecord, "kind" | "target" | "code" | "message">> =
    fault.kind === "next-call" ? nextCallRows(fault) : [enterpriseRow(deps, fault)];
  const now = deps.clock.now();
  const records = rows.map((row) => ({ ...row, id: deps.ids.next("fault"), organizationId, createdAt: now }));
  await deps.store.transaction(async (store) => {
    const held = (await store.listSandboxFaults(organizationId)).length;
    if (held + records.length > MAX_FAULTS_PER_TENANT) throw errors.tooManyFaults({ max: MAX_FAULTS_PER_TENANT, held });
    for (const record of records) await store.insertSandboxFault(record);
  });
  return records.map(view);
}

export async function listFaults(deps: DomainDeps, organizationId: string): Promise<FaultView[]> {
  return (await deps.store.listSandboxFaults(organizationId)).map(view);
}

/** Deletes one of the organization's faults; another organization's fault is as unknown as a missing one. */
export async function removeFault(deps: DomainDeps, organizationId: string, id: string): Promise<{ deleted: string }> {
  if (!(await deps.store.deleteSandboxFault(organizationId, id))) throw errors.faultNotFound({ id });
  return { deleted: id };
}

/**
 * Consumes one next-call fault of the organization for `action`, answering the error the call must fail with.
 * A fault is used by exactly one call even across nodes: only the delete that removed the row counts.
 */
export async function takeNextCallFault(deps: Pick<DomainDeps, "store">, organizationId: string, action: string): Promise<InjectedFault | undefined> {
  for (const fault of await deps.store.findSandboxFaults(organizationId, "next-call", [action])) {
    if (await deps.store.deleteSandboxFault(organizationId, fault.id)) return new InjectedFault(fault.code, fault.message);
  }
  return undefined;
}

/** The injected verification failure of the flow's enterprise, if any (sandbox only; faults stay until deleted). */
export async function verificationFault(
  deps: Pick<DomainDeps, "store" | "mode">,
  flow: Pick<AuthFlowRecord, "organizationId" | "nameKey" | "creditCode">,
): Promise<{ message: string } | undefined> {
  return (await verificationFaults(deps, flow.organizationId, [flow]))[0];
}

/**
 * verificationFault for each of an organization's flows (a registration task's enterprises), in one lookup: for
 * each, the oldest fault naming its enterprise by name, credit code or both, as verificationFault finds it.
 */
export async function verificationFaults(
  deps: Pick<DomainDeps, "store" | "mode">,
  organizationId: string,
  flows: ReadonlyArray<Pick<AuthFlowRecord, "nameKey" | "creditCode">>,
): Promise<Array<{ message: string } | undefined>> {
  if (deps.mode !== "sandbox" || !flows.length) return flows.map(() => undefined);
  const targetsOf = flows.map((flow) => [enterpriseTarget(flow.nameKey, undefined), enterpriseTarget(undefined, flow.creditCode), enterpriseTarget(flow.nameKey, flow.creditCode)]);
  // Oldest first (the store's order), so the first fault matching a flow is the one verificationFault answers.
  const faults = await deps.store.findSandboxFaults(organizationId, "enterprise-verification", [...new Set(targetsOf.flat())]);
  return targetsOf.map((targets) => {
    const fault = faults.find((f) => targets.includes(f.target));
    return fault && { message: fault.message };
  });
}

function nextCallRows(fault: Extract<FaultInput, { kind: "next-call" }>) {
  const message = fault.message?.trim() || `沙箱注入的错误：${fault.code}。`;
  return Array.from({ length: fault.times ?? 1 }, () => ({ kind: "next-call" as const, target: fault.action, code: fault.code, message }));
}

function enterpriseRow(deps: DomainDeps, fault: Extract<FaultInput, { kind: "enterprise-verification" }>) {
  const name = fault.organizationName?.trim() || undefined;
  const code = fault.uniformSocialCreditCode?.trim().toUpperCase() || undefined;
  if (!name && !code) throw errors.faultEnterpriseUnnamed();
  if (code) {
    const checked = checkCreditCode(code, deps.registration.idChecks);
    if (!checked.ok) throw errors.invalidParameterValue({ name: "uniformSocialCreditCode", why: checked.reason });
  }
  return { kind: "enterprise-verification" as const, target: enterpriseTarget(name && normalizeName(name), code), code: VERIFICATION_FAULT_CODE, message: fault.message.trim() };
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
