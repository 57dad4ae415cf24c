/**
 * The one state machine of an authorization flow (认证流), as a pure function: given the flow and an event, it
 * answers the fields to change or a refusal. It never reads the store, the clock or ids; whatever needs them
 * (a new organization for a verified enterprise, whether the link expired) is asked for or passed in.
 *
 * Statuses as DescribeBatchOrganizationRegistrationTasks reports them (reference §6.5), AuthType and AuditStatus
 * as DescribeOrganizationAuthStatus does (§6.8):
 *   Create ──confirm──▶ Submit ──an authorization step──▶ Authorization
 *   type 1 上传授权书:        upload → AuthType 1, AuditStatus 3 (审核中) → review approve (1, verified) / reject (2)
 *   type 2 法人授权:          legal representative approves → AuthType 2, verified; refuses → Reason, may approve later
 *   type 5 授权书+对公打款:   upload and bank amount, either order → AuthType 1, AuditStatus 3 → review as type 1
 * A rejected power of attorney may be uploaded again. Cleared, verified, failed and expired flows refuse everything.
 * A step that would verify the enterprise fails the flow instead when the context carries a verification failure
 * (a sandbox fault): status Failed, Reason and ErrorMessage its message, no organization.
 */
import type { AuthFlowRecord } from "../../store/ports.ts";
import type { FlowRefusal } from "../error-catalogue/declaration.ts";
import { errors, type EssError, type ErrorCode } from "../errors.ts";

/** What the admin fills in on confirming when the link left it out (CreateOrganizationAuthUrl, reference §6.9). */
export interface EnterpriseDetails {
  organizationName?: string;
  creditCode?: string;
}

export type FlowEvent =
  | { type: "confirm"; details?: EnterpriseDetails }
  | { type: "upload-power-of-attorney"; fileHash: string }
  | { type: "legal-rep-approve" }
  | { type: "legal-rep-refuse"; reason?: string }
  | { type: "bank-amount"; amount: string }
  | { type: "review-approve" }
  | { type: "review-reject"; reason: string };

export type FlowEventType = FlowEvent["type"];
export const FLOW_EVENT_TYPES: readonly FlowEventType[] = [
  "confirm",
  "upload-power-of-attorney",
  "legal-rep-approve",
  "legal-rep-refuse",
  "bank-amount",
  "review-approve",
  "review-reject",
];

/** Callback messages a transition warrants (reference §7.2); `flows.ts` queues them through src/domain/callbacks. */
export type FlowMessage = "OrgAuthorizationFileSubmit" | "OrganizationAuthorizationFileReview" | "CreateOrganization" | "OrganizationAuthorization";

/** What the authorization steps left on the flow, kept in `options.authorization`. */
export interface AuthorizationProgress {
  powerOfAttorney?: string;
  bankAmountConfirmed?: boolean;
  /**
   * When the admin last had the legal representative texted a link (AuthorizationTypes 2), how often so far, and
   * that link's code: only the latest link works, so a number mistyped before cannot approve.
   */
  legalRepTexted?: { at: number; linkCode: string; linkExpiresAt: number; sends: number };
}

export type FlowView = Pick<AuthFlowRecord, "id" | "status" | "state" | "authorizationTypes" | "organizationName" | "creditCode" | "authType" | "auditStatus" | "reason" | "options">;

export type Transition =
  | {
      ok: true;
      patch: Partial<Pick<AuthFlowRecord, "status" | "state" | "errorMessage" | "authType" | "auditStatus" | "reason" | "options" | "organizationName" | "creditCode">>;
      /** The enterprise is now verified: the caller creates its organization and stores it as verifiedOrganizationId. */
      createsOrganization: boolean;
      messages: FlowMessage[];
    }
  | { ok: false; error: EssError };

export const ILLEGAL_TRANSITION = "OperationDenied.IllegalTransition" satisfies ErrorCode;

const EVENT_TEXT: Record<FlowEventType, { zh: string; en: string }> = {
  confirm: { zh: "确认企业信息", en: "confirm the enterprise details" },
  "upload-power-of-attorney": { zh: "上传授权书", en: "upload a power of attorney" },
  "legal-rep-approve": { zh: "法定代表人同意授权", en: "approve as the legal representative" },
  "legal-rep-refuse": { zh: "法定代表人拒绝授权", en: "refuse as the legal representative" },
  "bank-amount": { zh: "回填对公打款金额", en: "confirm the bank transfer amount" },
  "review-approve": { zh: "审核通过授权书", en: "approve the power of attorney" },
  "review-reject": { zh: "驳回授权书", en: "reject the power of attorney" },
};

/** The AuthorizationTypes a flow may use: as given; none given means 1 or 2, and 机构编制 codes (1…) only 5. */
export function allowedAuthorizationTypes(flow: Pick<FlowView, "authorizationTypes" | "creditCode">): number[] {
  if (flow.authorizationTypes.length) return flow.authorizationTypes;
  return flow.creditCode.startsWith("1") ? [5] : [1, 2];
}

/**
 * The amount "transferred" to the enterprise's account, 0.01–0.99, from a secret digest of the flow (so it is
 * fixed per flow, yet cannot be worked out from the flow's id, which the admin's page URLs show).
 */
export function amountFromDigest(digest: string): string {
  let sum = 0;
  for (const c of digest) sum = (sum * 31 + c.charCodeAt(0)) % 9973;
  return `0.${String((sum % 99) + 1).padStart(2, "0")}`;
}

export const progressOf = (flow: Pick<FlowView, "options">): AuthorizationProgress => (flow.options.authorization as AuthorizationProgress | undefined) ?? {};

export interface TransitionContext {
  /** Whether the flow's link has expired at the current time. */
  linkExpired: boolean;
  /** The amount transferred to the enterprise for AuthorizationTypes 5 (see amountFromDigest). */
  transferredAmount: string;
  /** The enterprise fails verification with this message: the step that would verify it fails the flow instead. */
  verificationFailure?: { message: string };
}

/** Applies `event` to `flow` in `context`. */
export function transition(flow: FlowView, event: FlowEvent, context: TransitionContext): Transition {
  // The link is the admin's way in; a reviewer's decision on what was already submitted does not depend on it.
  const isReview = event.type === "review-approve" || event.type === "review-reject";
  const closed = closedBecause(flow, context.linkExpired && !isReview);
  if (closed) return refuse(flow, event.type, closed);
  const types = allowedAuthorizationTypes(flow);
  const progress = progressOf(flow);
  const withProgress = (next: AuthorizationProgress) => ({ options: { ...flow.options, authorization: next } });
  const done = (patch: Extract<Transition, { ok: true }>["patch"], messages: FlowMessage[] = [], createsOrganization = false): Transition => ({
    ok: true,
    patch,
    createsOrganization,
    messages,
  });
  const submitted = flow.status === "Submit" || flow.status === "Authorization";
  // The flow ends failed where it would have been verified: OrganizationAuthorization (FlowStatus Failed) tells the integrator.
  const failure = context.verificationFailure && {
    status: "Failed" as const,
    state: "failed" as const,
    errorMessage: context.verificationFailure.message,
    reason: context.verificationFailure.message,
  };
  const underReview = flow.auditStatus === 3;

  switch (event.type) {
    case "confirm": {
      if (flow.status !== "Create") return refuse(flow, event.type, { zh: "企业信息已确认", en: "the enterprise details are already confirmed" });
      // CreateOrganizationAuthUrl may leave both out; the admin fills in what is missing (given details never replace).
      const organizationName = flow.organizationName || event.details?.organizationName?.trim() || "";
      const creditCode = flow.creditCode || event.details?.creditCode?.trim().toUpperCase() || "";
      if (!organizationName || !creditCode) {
        const missing = { zh: "须先填写企业名称和统一社会信用代码", en: "the enterprise's name and unified social credit code must be filled in first" };
        return refuse(flow, event.type, missing, errors.flowStepIncomplete);
      }
      return done({ status: "Submit", ...(flow.organizationName ? {} : { organizationName }), ...(flow.creditCode ? {} : { creditCode }) });
    }

    case "upload-power-of-attorney": {
      const type = types.includes(1) ? 1 : types.includes(5) ? 5 : 0;
      if (!type) return refuse(flow, event.type, typeNotAllowed(types));
      if (!submitted) return refuse(flow, event.type, NOT_SUBMITTED);
      if (underReview || flow.auditStatus === 1) return refuse(flow, event.type, { zh: "授权书正在审核或已通过", en: "a power of attorney is already under review or approved" });
      if (flow.authType === 2) return refuse(flow, event.type, { zh: "已选择法人授权方式", en: "legal-representative authorization was chosen" });
      const next = { ...progress, powerOfAttorney: event.fileHash };
      const complete = type === 1 || next.bankAmountConfirmed === true;
      return done(
        { status: "Authorization", authType: 1, auditStatus: complete ? 3 : 0, reason: "", ...withProgress(next) },
        complete ? ["OrgAuthorizationFileSubmit"] : [],
      );
    }

    case "bank-amount": {
      if (!types.includes(5)) return refuse(flow, event.type, typeNotAllowed(types));
      if (!submitted) return refuse(flow, event.type, NOT_SUBMITTED);
      if (progress.bankAmountConfirmed) return refuse(flow, event.type, { zh: "打款金额已确认", en: "the amount is already confirmed" });
      if (event.amount.trim() !== context.transferredAmount) {
        return refuse(flow, event.type, { zh: "打款金额不正确", en: "the amount is not the one transferred" }, errors.flowStepValueRefused);
      }
      const next = { ...progress, bankAmountConfirmed: true };
      const complete = next.powerOfAttorney !== undefined;
      return done(
        { status: "Authorization", authType: 1, auditStatus: complete ? 3 : flow.auditStatus, ...withProgress(next) },
        complete ? ["OrgAuthorizationFileSubmit"] : [],
      );
    }

    case "legal-rep-approve":
    case "legal-rep-refuse": {
      if (!types.includes(2)) return refuse(flow, event.type, typeNotAllowed(types));
      if (!submitted) return refuse(flow, event.type, NOT_SUBMITTED);
      if (flow.authType === 1) return refuse(flow, event.type, { zh: "已选择上传授权书方式", en: "the power-of-attorney method was chosen" });
      if (event.type === "legal-rep-refuse") {
        const reason = event.reason?.trim() || "法定代表人拒绝授权";
        return done({ status: "Authorization", authType: 2, reason });
      }
      if (failure) return done({ ...failure, authType: 2 }, ["OrganizationAuthorization"]);
      return done({ status: "Authorization", authType: 2, state: "verified", reason: "" }, ["CreateOrganization"], true);
    }

    case "review-approve":
    case "review-reject": {
      if (!underReview) return refuse(flow, event.type, { zh: "没有待审核的授权书", en: "no power of attorney is awaiting review" });
      if (event.type === "review-reject") {
        const reason = event.reason.trim();
        if (!reason) return refuse(flow, event.type, { zh: "驳回须填写原因", en: "a rejection needs a reason" }, errors.flowStepIncomplete);
        return done({ auditStatus: 2, reason }, ["OrganizationAuthorizationFileReview"]);
      }
      // The power of attorney counts as rejected for the failure's reason, so AuthRecords and the review callback say why.
      if (failure) return done({ ...failure, auditStatus: 2 }, ["OrganizationAuthorizationFileReview", "OrganizationAuthorization"]);
      return done({ auditStatus: 1, state: "verified", reason: "" }, ["OrganizationAuthorizationFileReview", "CreateOrganization"], true);
    }
  }
}

/** The events `flow` accepts now (payload checks aside): what a console or the control API can offer next. */
export function acceptedEvents(flow: FlowView, context: TransitionContext): FlowEventType[] {
  const probes: Record<FlowEventType, FlowEvent> = {
    // Whatever the link left out, the admin can fill in.
    confirm: { type: "confirm", details: { organizationName: "probe", creditCode: "probe" } },
    "upload-power-of-attorney": { type: "upload-power-of-attorney", fileHash: "probe" },
    "legal-rep-approve": { type: "legal-rep-approve" },
    "legal-rep-refuse": { type: "legal-rep-refuse" },
    "bank-amount": { type: "bank-amount", amount: context.transferredAmount },
    "review-approve": { type: "review-approve" },
    "review-reject": { type: "review-reject", reason: "probe" },
  };
  return FLOW_EVENT_TYPES.filter((type) => transition(flow, probes[type], context).ok);
}

type Why = { zh: string; en: string };
const NOT_SUBMITTED: Why = { zh: "企业信息尚未确认", en: "the enterprise details are not confirmed yet" };
const typeNotAllowed = (types: number[]): Why => ({
  zh: `该认证流的授权方式为 ${JSON.stringify(types)}，不包含此方式`,
  en: `the flow's AuthorizationTypes are ${JSON.stringify(types)}, which do not include this method`,
});

/** Why a flow accepts no event at all, or undefined when it is open. */
function closedBecause(flow: FlowView, linkExpired: boolean): Why | undefined {
  if (flow.state === "cleared") return { zh: "认证流已被清除", en: "the flow was cleared" };
  if (flow.state === "verified") return { zh: "企业已完成认证", en: "the enterprise is already verified" };
  if (flow.state === "failed" || flow.status === "Failed") return { zh: "认证流已失败", en: "the flow failed" };
  if (flow.status === "Processing") return { zh: "认证流仍在处理中，尚无认证链接", en: "the flow is still being processed and has no link yet" };
  if (linkExpired) return { zh: "认证链接已过期", en: "the flow's link has expired" };
  return undefined;
}

/** A refusal, OperationDenied.IllegalTransition unless the step lacked a value (or got a wrong one): `as` says which. */
function refuse(flow: FlowView, event: FlowEventType, why: Why, as: (refusal: FlowRefusal) => EssError = errors.illegalTransition): Transition {
  const refusal: FlowRefusal = { flowId: flow.id, step: EVENT_TEXT[event], why, status: flow.status, state: flow.state };
  // Made when read: acceptedEvents probes every event and reads no refusal, and an error captures a stack trace.
  let error: EssError | undefined;
  return {
    ok: false,
    get error() {
      return (error ??= as(refusal));
    },
  };
}
