/** How a flow's state reads on the admin's pages: its badge, what comes next, and the methods it may use. */
import { allowedAuthorizationTypes, progressOf } from "../../domain/authorization/flow-machine.ts";
import type { AuthFlowRecord, FlowCard } from "../../store/ports.ts";
import type { T } from "./i18n.ts";
import { badge, type BadgeKind } from "./layout.ts";

export type Method = "attorney" | "legal-rep";

/** What the page knows about a flow beyond its record. */
export interface FlowFacts<F extends FlowCard = AuthFlowRecord> {
  flow: F;
  linkExpired: boolean;
  /** When the admin last texted the legal representative (AuthorizationTypes 2). */
  legalRepSentAt?: number;
}

/** The ways the admin may still authorize: a method already begun excludes the other (the flow machine's rule). */
export function methodsOf(flow: FlowCard): Method[] {
  const types = allowedAuthorizationTypes(flow);
  if (flow.authType === 1) return ["attorney"];
  if (flow.authType === 2) return ["legal-rep"];
  return [...(types.includes(1) || types.includes(5) ? (["attorney"] as const) : []), ...(types.includes(2) ? (["legal-rep"] as const) : [])];
}

/** AuthorizationTypes 5 without 1: the power of attorney goes with a bank transfer check. */
export const needsBankTransfer = (flow: FlowCard): boolean => {
  const types = allowedAuthorizationTypes(flow);
  return types.includes(5) && !types.includes(1);
};

export function methodName(t: T, method: Method, flow: FlowCard): string {
  if (method === "legal-rep") return t("法定代表人授权", "Legal representative's approval");
  return needsBankTransfer(flow) ? t("授权书 + 对公打款", "Power of attorney + bank transfer") : t("上传授权书", "Upload a power of attorney");
}

const closed = (flow: FlowCard) => flow.state === "cleared" || flow.state === "verified" || flow.state === "failed" || flow.status === "Failed";

export function statusBadge(t: T, flow: FlowCard) {
  const [kind, text] = ((): [BadgeKind, string] => {
    if (flow.state === "cleared") return ["neutral", t("已清除", "Cleared")];
    if (flow.state === "verified") return ["ok", t("已认证", "Verified")];
    if (flow.state === "failed" || flow.status === "Failed") return ["bad", t("失败", "Failed")];
    switch (flow.status) {
      case "Processing":
        return ["neutral", t("处理中", "Processing")];
      case "Create":
        return ["info", t("待确认信息", "To confirm")];
      case "Submit":
        return ["info", t("待授权", "To authorize")];
      default:
        if (flow.auditStatus === 3) return ["warn", t("审核中", "Under review")];
        if (flow.auditStatus === 2) return ["bad", t("已驳回", "Rejected")];
        if (flow.authType === 2 && flow.reason) return ["bad", t("法定代表人已拒绝", "Refused")];
        return ["warn", t("授权中", "Authorizing")];
    }
  })();
  return badge(kind, text);
}

/** One line saying what happens next, or why nothing can. */
export function nextStep(t: T, facts: FlowFacts<FlowCard>): string {
  const { flow } = facts;
  if (flow.state === "cleared") return t("发起方已清除该企业的认证，无需操作", "The sender cleared this verification; nothing to do");
  if (flow.state === "verified") return t("企业认证已完成", "The enterprise is verified");
  if (closed(flow)) return t(`认证失败：${flow.errorMessage || "请联系发起方"}`, `Verification failed: ${flow.errorMessage || "contact the sender"}`);
  if (flow.status === "Processing") return t("发起方仍在处理，请稍后再来", "The sender is still processing it; come back later");
  if (facts.linkExpired) return t("该企业的认证链接已过期，请联系发起方", "This enterprise's link has expired; contact the sender");
  if (flow.status === "Create") return t("下一步：确认企业信息", "Next: confirm the enterprise's details");
  if (flow.auditStatus === 3) return t("授权书审核中，请耐心等待", "The power of attorney is under review");
  if (flow.auditStatus === 2) return t("授权书被驳回，请查看原因并重新上传", "The power of attorney was rejected: see why and upload again");
  if (flow.authType === 2 && flow.reason) return t("法定代表人拒绝了授权，可重新发送", "The legal representative refused; you may ask again");
  const progress = progressOf(flow);
  if (needsBankTransfer(flow) && (progress.powerOfAttorney || progress.bankAmountConfirmed)) {
    return progress.powerOfAttorney ? t("下一步：对公打款验证", "Next: confirm the bank transfer") : t("下一步：上传授权书", "Next: upload the power of attorney");
  }
  if (facts.legalRepSentAt !== undefined) return t("已发送授权短信，等待法定代表人处理", "Texted the legal representative; waiting for an answer");
  const methods = methodsOf(flow);
  if (methods.length > 1) return t("下一步：选择授权方式", "Next: choose how to authorize");
  return methods.length ? t(`下一步：${methodName(t, methods[0]!, flow)}`, `Next: ${methodName(t, methods[0]!, flow)}`) : "";
}

export const AUTH_TYPE_TEXT = (t: T, authType: number): string =>
  authType === 1 ? t("上传授权书", "Power of attorney") : authType === 2 ? t("法定代表人授权", "Legal representative") : t("未选择", "Not chosen");

export const AUDIT_STATUS_TEXT = (t: T, auditStatus: number): string =>
  [t("无需审核 / 未提交", "No review / not submitted"), t("审核通过", "Approved"), t("审核驳回", "Rejected"), t("审核中", "Under review")][auditStatus] ?? String(auditStatus);
