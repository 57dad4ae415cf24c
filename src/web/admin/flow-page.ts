/** Step 3, one enterprise: confirm its details, choose and follow an authorization method, see review and result. */
import type { AdminLink } from "../../domain/admin-link.ts";
import { allowedAuthorizationTypes, progressOf, type EnterpriseDetails } from "../../domain/authorization/flow-machine.ts";
import { maskMobile, maskName } from "../../domain/masking.ts";
import type { AuthFlowRecord } from "../../store/ports.ts";
import { html, type SafeHtml } from "../html.ts";
import { flowStep, linkHome, type FlowContext, type FlowStep } from "./guards.ts";
import { linkTitle } from "./identity-page.ts";
import type { T } from "./i18n.ts";
import { beijingTime, csrfField, facts, notice, type View } from "./layout.ts";
import { AUDIT_STATUS_TEXT, AUTH_TYPE_TEXT, methodName, methodsOf, needsBankTransfer, nextStep, statusBadge, type Method } from "./status.ts";

/** Where one of the enterprise's steps lives. */
type StepUrl = (step: FlowStep) => string;

export interface FlowPageData {
  admin: AdminLink;
  ctx: FlowContext;
  csrf: string;
  error?: string;
  /** A step just done (`?done=`), acknowledged at the top. */
  done?: string;
  /** What the admin typed into the details form, shown again beside a refusal. */
  draft?: EnterpriseDetails;
}

/** The heading card every page of one enterprise starts with. */
export function flowHeader(view: View, admin: AdminLink, flow: AuthFlowRecord, eyebrow?: string): SafeHtml {
  const { t } = view;
  return html`<section class="card" aria-labelledby="page-title">
<p class="eyebrow"><a href="${linkHome(admin.link.code)}" id="back-to-list">← ${linkTitle(t, admin)}</a></p>
<h1 id="page-title">${flow.organizationName || t("（待填写的企业）", "(enterprise not named yet)")}</h1>
<p>${statusBadge(t, flow)} <span class="muted mono" id="flow-status">${flow.status}</span>${eyebrow ? html` <span class="muted">· ${eyebrow}</span>` : ""}</p>
${progressSteps(t, flow)}
</section>`;
}

function progressSteps(t: T, flow: AuthFlowRecord): SafeHtml {
  const reached = flow.state === "verified" ? 4 : flow.auditStatus === 3 ? 2 : flow.status === "Submit" || flow.status === "Authorization" ? 1 : 0;
  const names = [t("确认信息", "Details"), t("授权", "Authorize"), t("审核", "Review"), t("完成", "Done")];
  return html`<ol class="steps" aria-label="${t("认证进度", "Progress")}">${names.map((name, i) => {
    const state = i < reached ? "done" : i === reached ? "current" : "";
    return html`<li class="${state}"${state === "current" ? html` aria-current="step"` : ""}>${name}</li>`;
  })}</ol>`;
}

const DONE_TEXT: Record<string, [string, string]> = {
  confirm: ["企业信息已确认。", "Details confirmed."],
  upload: ["授权书已提交。", "Power of attorney submitted."],
  bank: ["打款金额已确认。", "Transfer amount confirmed."],
  "legal-rep": ["授权短信已发送给法定代表人。", "The legal representative has been texted."],
};

export function flowPage(view: View, data: FlowPageData): SafeHtml {
  const { t } = view;
  const { admin, ctx } = data;
  const { flow } = ctx;
  // A reload after the flow moved on (verified, reviewed) would otherwise acknowledge a step long overtaken.
  const undecided = flow.state === "active" && flow.auditStatus !== 1 && flow.auditStatus !== 2;
  const done = data.done && undecided ? DONE_TEXT[data.done] : undefined;
  const open = flow.state === "active" && flow.status !== "Failed" && flow.status !== "Processing" && !ctx.linkExpired;
  return html`${flowHeader(view, admin, flow)}
${data.error ? notice("error", data.error) : ""}${done ? notice("ok", t(...done)) : ""}
${flow.state === "verified"
  ? doneSection(view, admin, flow)
  : !open
    ? notice(flow.status === "Processing" ? "info" : "error", nextStep(t, ctx))
    : flow.status === "Create"
      ? detailsSection(view, data)
      : authorizationSection(view, data)}`;
}

function detailsSection(view: View, data: FlowPageData): SafeHtml {
  const { t } = view;
  const { flow } = data.ctx;
  // CreateOrganizationAuthUrl may leave these out: the admin fills them in from the business licence.
  const given = (value: string, row: [string, string | SafeHtml, string]) => (value ? [row] : []);
  const inputs = [
    ...(flow.organizationName ? [] : [html`<label for="org-name-input">${t("企业名称", "Enterprise name")}</label>
<input id="org-name-input" name="organizationName" type="text" autocomplete="organization" maxlength="100" required value="${data.draft?.organizationName ?? ""}" aria-describedby="org-name-hint">
<p class="hint" id="org-name-hint">${t("与营业执照一致；括号请使用中文括号（）。", "As on the business licence, with Chinese brackets （）.")}</p>`]),
    ...(flow.creditCode ? [] : [html`<label for="org-credit-code-input">${t("统一社会信用代码", "Unified social credit code")}</label>
<input id="org-credit-code-input" name="creditCode" class="mono" type="text" autocomplete="off" autocapitalize="characters" pattern="[0-9A-Za-z]{18}" maxlength="18" required value="${data.draft?.creditCode ?? ""}" aria-describedby="org-credit-code-hint">
<p class="hint" id="org-credit-code-hint">${t("18 位，见营业执照。", "18 characters, as on the business licence.")}</p>`]),
  ];
  return html`<section class="card" aria-labelledby="details-title">
<h2 id="details-title">${t("确认企业信息", "Confirm the enterprise's details")}</h2>
<p class="muted">${inputs.length
    ? t("发起方未提供全部企业信息，请按营业执照填写，并核对其余信息。", "The sender left some details out: fill them in from the business licence and check the rest.")
    : t("请核对以下信息与营业执照一致。如有错误，请联系发起方修改，不要确认。", "Check that these match the business licence. If anything is wrong, ask the sender to fix it instead of confirming.")}</p>
${facts([
  ...given(flow.organizationName, [t("企业名称", "Name"), flow.organizationName, "org-name"]),
  ...given(flow.creditCode, [t("统一社会信用代码", "Unified social credit code"), html`<span class="mono">${flow.creditCode}</span>`, "org-credit-code"]),
  [t("法定代表人", "Legal representative"), flow.legalName, "org-legal-name"],
  [t("企业地址", "Address"), flow.address, "org-address"],
  [t("可用授权方式", "Authorization methods"), methodsOf(flow).map((m) => methodName(t, m, flow)).join(t("、", ", ")), "org-methods"],
])}
<form method="post" action="${flowStep(data.admin.link.code, flow.id, "confirm")}">${csrfField(data.csrf)}${inputs}
<button type="submit" class="btn btn-primary" id="confirm-details">${t("信息无误，确认", "Details are correct: confirm")}</button></form>
</section>`;
}

function authorizationSection(view: View, data: FlowPageData): SafeHtml {
  const { t } = view;
  const { ctx, admin } = data;
  const { flow } = ctx;
  const step: StepUrl = (name) => flowStep(admin.link.code, flow.id, name);
  const progress = progressOf(flow);
  const methods = methodsOf(flow);
  const parts: SafeHtml[] = [];

  if (flow.auditStatus === 3) {
    parts.push(html`<section class="card" aria-labelledby="review-title" id="under-review"><h2 id="review-title">${t("审核中", "Under review")}</h2>
<p>${t("授权书已提交，正在人工审核，通常 1 个工作日内完成。结果会通知发起方，您也可以稍后回到此页面查看。", "The power of attorney was submitted and is being reviewed, usually within one working day. The sender is notified; you can also come back to this page.")}</p></section>`);
  } else if (flow.auditStatus === 2) {
    parts.push(html`<section class="card" aria-labelledby="rejected-title" id="rejected"><h2 id="rejected-title">${t("授权书被驳回", "Power of attorney rejected")}</h2>
${notice("error", flow.reason, t("驳回原因", "Reason"))}
<a class="btn btn-primary" href="${step("attorney")}" id="reupload">${t("重新上传授权书", "Upload a new power of attorney")}</a></section>`);
  } else if (needsBankTransfer(flow) && methods.includes("attorney") && (methods.length === 1 || flow.authType === 1 || progress.powerOfAttorney)) {
    parts.push(bankChecklist(t, step, Boolean(progress.powerOfAttorney), Boolean(progress.bankAmountConfirmed)));
  } else {
    if (methods.includes("legal-rep") && (flow.authType === 2 || ctx.legalRepSentAt !== undefined)) parts.push(legalRepStatus(t, step, flow, ctx.legalRepSentAt));
    if (flow.authType === 0) parts.push(chooser(t, step, flow, methods, ctx.legalRepSentAt !== undefined));
  }
  if (flow.authType !== 0) parts.push(recordSection(view, admin, flow));
  return html`${parts}`;
}

function bankChecklist(t: T, step: StepUrl, uploaded: boolean, confirmed: boolean): SafeHtml {
  const item = (done: boolean, name: string, href: string, id: string, action: string) =>
    html`<li><span>${done ? "✓ " : ""}${name}</span>${done ? html`<span class="badge badge-ok">${t("已完成", "Done")}</span>` : html`<a href="${href}" id="${id}">${action}</a>`}</li>`;
  return html`<section class="card" aria-labelledby="bank-title" id="attorney-and-bank"><h2 id="bank-title">${t("授权书 + 对公打款", "Power of attorney + bank transfer")}</h2>
<p class="muted">${t("两步都完成后，授权书提交审核。顺序不限。", "Once both are done the power of attorney goes to review, in either order.")}</p>
<ul class="checklist">
${item(uploaded, t("上传授权书", "Upload the power of attorney"), step("attorney"), "go-upload", t("去上传", "Upload"))}
${item(confirmed, t("对公打款验证", "Confirm the bank transfer"), step("bank"), "go-bank", t("去验证", "Confirm"))}
</ul></section>`;
}

function legalRepStatus(t: T, step: StepUrl, flow: AuthFlowRecord, sentAt: number | undefined): SafeHtml {
  const refused = flow.authType === 2 && flow.reason;
  return html`<section class="card" aria-labelledby="legal-status-title" id="legal-rep-status"><h2 id="legal-status-title">${t("法定代表人授权", "Legal representative's approval")}</h2>
${refused ? notice("error", flow.reason, t("法定代表人拒绝了授权", "The legal representative refused")) : ""}
${sentAt !== undefined ? html`<p>${t(`已于 ${beijingTime(sentAt)} 向法定代表人发送授权短信，等待处理。`, `Texted the legal representative at ${beijingTime(sentAt)} (Beijing time); waiting for an answer.`)}</p>` : ""}
<a class="btn btn-secondary" href="${step("legal-rep")}" id="legal-rep-resend">${t("重新发送授权短信", "Text the legal representative again")}</a></section>`;
}

function chooser(t: T, step: StepUrl, flow: AuthFlowRecord, methods: Method[], legalRepPending: boolean): SafeHtml {
  const describe: Record<Method, string> = {
    attorney: needsBankTransfer(flow)
      ? t("上传加盖公章的授权书，并回填对公账户收到的打款金额，提交人工审核。", "Upload a stamped power of attorney and confirm the amount paid into the corporate account; then a reviewer decides.")
      : t("上传加盖企业公章的授权书（PNG、JPG 或 PDF），提交人工审核。", "Upload a power of attorney stamped with the company seal (PNG, JPG or PDF); a reviewer decides."),
    "legal-rep": t("向法定代表人发送授权短信，法定代表人同意后即完成认证。", "Text the legal representative a link; the enterprise is verified once they approve."),
  };
  const options = legalRepPending ? methods.filter((m) => m !== "legal-rep") : methods;
  if (!options.length) return html``;
  const title = legalRepPending ? t("或改用其他方式", "Or use another method") : methods.length > 1 ? t("选择授权方式", "Choose how to authorize") : t("授权", "Authorize");
  return html`<section class="card" aria-labelledby="choose-title" id="choose-method"><h2 id="choose-title">${title}</h2>
<p class="muted">${t(`发起方允许的授权方式：${allowedAuthorizationTypes(flow).join("、")}`, `Allowed AuthorizationTypes: ${allowedAuthorizationTypes(flow).join(", ")}`)}</p>
<div class="choices">${options.map((m) => html`<a class="choice" href="${step(m)}" id="choose-${m}"><strong>${methodName(t, m, flow)}</strong><span class="muted">${describe[m]}</span></a>`)}</div></section>`;
}

/** The flow's auth record as DescribeOrganizationAuthStatus reports it (AuthRecords). */
export function recordSection(view: View, admin: AdminLink, flow: AuthFlowRecord): SafeHtml {
  const { t } = view;
  return html`<section class="card" aria-labelledby="record-title" id="auth-record"><h2 id="record-title">${t("认证记录", "Auth record")}</h2>
<table class="record"><tbody>
<tr><th scope="row">${t("操作人", "Operator")}</th><td>${admin.adminName ? maskName(admin.adminName) : "—"}${admin.adminMobile ? ` · ${maskMobile(admin.adminMobile)}` : ""}</td></tr>
<tr><th scope="row">AuthType</th><td id="record-auth-type">${flow.authType} · ${AUTH_TYPE_TEXT(t, flow.authType)}</td></tr>
<tr><th scope="row">AuditStatus</th><td id="record-audit-status">${flow.auditStatus} · ${AUDIT_STATUS_TEXT(t, flow.auditStatus)}</td></tr>
<tr><th scope="row">Reason</th><td id="record-reason">${flow.reason || "—"}</td></tr>
</tbody></table></section>`;
}

function doneSection(view: View, admin: AdminLink, flow: AuthFlowRecord): SafeHtml {
  const { t } = view;
  const bank = progressOf(flow).bankAmountConfirmed;
  const steps = [
    t("确认企业信息", "Details confirmed"),
    flow.authType === 2 ? t("法定代表人同意授权（AuthType 2）", "Legal representative approved (AuthType 2)") : t("上传授权书（AuthType 1）", "Power of attorney uploaded (AuthType 1)"),
    ...(bank ? [t("对公打款金额已确认", "Bank transfer amount confirmed")] : []),
    flow.authType === 2 ? t("无需审核（AuditStatus 0）", "No review needed (AuditStatus 0)") : t("审核通过（AuditStatus 1）", "Review approved (AuditStatus 1)"),
    t("企业认证完成", "Enterprise verified"),
  ];
  return html`<section class="card" aria-labelledby="done-title" id="done"><h2 id="done-title">${t("企业认证已完成", "The enterprise is verified")}</h2>
<p>${t(`「${flow.organizationName}」已完成认证，您已成为该企业在腾讯电子签的超级管理员。`, `${flow.organizationName} is verified and you are its super-admin on Tencent E-Sign.`)}</p>
${facts([
  [t("企业名称", "Name"), flow.organizationName],
  ["OrganizationId", html`<span class="mono">${flow.verifiedOrganizationId ?? ""}</span>`, "verified-organization-id"],
  [t("认证方式", "Method"), AUTH_TYPE_TEXT(t, flow.authType)],
])}
<h3>${t("认证步骤", "Steps")}</h3>
<ol id="done-steps">${steps.map((s) => html`<li>✓ ${s}</li>`)}</ol></section>
${recordSection(view, admin, flow)}`;
}
