/** AuthorizationTypes 2: the admin texts the legal representative, who approves or refuses on a page of their own. */
import type { AdminLink } from "../../domain/admin-link.ts";
import { LEGAL_REP_LINK_TTL_MS, LEGAL_REP_PAGE } from "../../domain/admin-link.ts";
import { pathWith } from "../../platform/url.ts";
import { maskCreditCode, maskMobile, maskName } from "../../domain/masking.ts";
import type { AuthFlowRecord } from "../../store/ports.ts";
import { html, type SafeHtml } from "../html.ts";
import { flowHeader } from "./flow-page.ts";
import { flowStep } from "./guards.ts";
import { csrfField, facts, notice, type View } from "./layout.ts";

export function legalRepSendPage(view: View, data: { admin: AdminLink; flow: AuthFlowRecord; csrf: string; error?: string; mobileDraft?: string }): SafeHtml {
  const { t } = view;
  const { flow } = data;
  const hours = LEGAL_REP_LINK_TTL_MS / 3_600_000;
  return html`${flowHeader(view, data.admin, flow, t("法定代表人授权", "Legal representative"))}
${data.error ? notice("error", data.error) : ""}
<section class="card" aria-labelledby="legal-title">
<h2 id="legal-title">${t("法定代表人授权", "Legal representative's approval")}</h2>
<p>${t(`我们将向法定代表人${flow.legalName ? `「${flow.legalName}」` : ""}发送一条短信，其中的链接 ${hours} 小时内有效。法定代表人同意后，企业即完成认证。`, `We text the legal representative${flow.legalName ? ` (${flow.legalName})` : ""} a link valid for ${hours} hours. Once they approve, the enterprise is verified.`)}</p>
<form method="post" action="${flowStep(data.admin.link.code, flow.id, "legal-rep")}">${csrfField(data.csrf)}
<label for="legal-mobile">${t("法定代表人手机号", "Legal representative's mobile")}</label>
<input id="legal-mobile" name="mobile" type="tel" inputmode="numeric" autocomplete="off" maxlength="11" required value="${data.mobileDraft ?? ""}" aria-describedby="legal-mobile-hint">
<p class="hint" id="legal-mobile-hint">${t("中国大陆 11 位手机号。", "A mainland China mobile of 11 digits.")}</p>
<button type="submit" class="btn btn-primary" id="legal-send">${t("发送授权短信", "Text the legal representative")}</button>
</form>
${view.sandbox ? notice("sandbox", t("短信不会真正发出：授权链接在 essd 的发件箱中（GET /_essd/outbox?purpose=legal-rep-link）。", "No text message is really sent: the link is in essd's outbox (GET /_essd/outbox?purpose=legal-rep-link)."), t("沙箱提示", "Sandbox")) : ""}
</section>`;
}

export interface LegalRepData {
  token: string;
  flow: AuthFlowRecord;
  adminMobile?: string;
  csrf: string;
  error?: string;
}

export function legalRepPage(view: View, data: LegalRepData): SafeHtml {
  const { t } = view;
  const { flow } = data;
  const action = pathWith(LEGAL_REP_PAGE, { token: data.token });
  const who = flow.adminName ? maskName(flow.adminName) : t("企业超级管理员", "The enterprise's super-admin");
  const header = html`<section class="card" aria-labelledby="page-title">
<p class="eyebrow">${t("法定代表人授权", "Legal representative's approval")}</p>
<h1 id="page-title">${flow.organizationName}</h1>
<p>${t(`${flow.legalName ? `${maskName(flow.legalName)}，您好：` : "您好："}${who} 申请以「法定代表人授权」方式完成该企业在腾讯电子签的认证，并成为企业的超级管理员。`, `${who} asks you, as the legal representative, to approve this enterprise's verification on Tencent E-Sign, making them its super-admin.`)}</p>
${facts([
  [t("企业名称", "Enterprise"), flow.organizationName, "rep-org-name"],
  [t("统一社会信用代码", "Credit code"), html`<span class="mono">${maskCreditCode(flow.creditCode)}</span>`, "rep-credit-code"],
  [t("申请人（超级管理员）", "Applicant (super-admin)"), who, "rep-admin-name"],
  [t("申请人手机号", "Applicant's mobile"), data.adminMobile ? maskMobile(data.adminMobile) : "—", "rep-admin-mobile"],
])}
</section>`;
  if (flow.state === "verified") {
    return html`${header}${notice("ok", t("您已同意授权，企业认证已完成。", "You approved: the enterprise is verified."), t("已同意", "Approved"))}`;
  }
  const refused = flow.authType === 2 && flow.reason;
  return html`${header}
${data.error ? notice("error", data.error) : ""}
${refused ? notice("info", t(`您已拒绝授权（原因：${flow.reason}）。如改变主意，仍可同意。`, `You refused (reason: ${flow.reason}). You may still approve.`), t("已拒绝", "Refused")) : ""}
<section class="card" aria-labelledby="approve-title">
<h2 id="approve-title">${t("同意授权", "Approve")}</h2>
<p class="muted">${t("同意即表示您确认该申请人代表企业办理电子签业务。", "By approving you confirm the applicant may act for the enterprise on E-Sign.")}</p>
<form method="post" action="${action}">${csrfField(data.csrf)}<input type="hidden" name="decision" value="approve">
<button type="submit" class="btn btn-primary" id="legal-approve">${t("同意授权", "Approve")}</button></form>
</section>
${refused ? "" : html`<section class="card" aria-labelledby="refuse-title">
<h2 id="refuse-title">${t("拒绝授权", "Refuse")}</h2>
<form method="post" action="${action}">${csrfField(data.csrf)}<input type="hidden" name="decision" value="refuse">
<label for="refuse-reason">${t("拒绝原因（选填）", "Reason (optional)")}</label>
<textarea id="refuse-reason" name="reason" maxlength="200"></textarea>
<button type="submit" class="btn btn-danger" id="legal-refuse">${t("拒绝授权", "Refuse")}</button></form>
</section>`}`;
}
