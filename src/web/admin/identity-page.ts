/** Step 1 on every admin link: the masked admin, the SMS code forms, and which enterprises the link covers. */
import type { AdminLink } from "../../domain/admin-link.ts";
import { MAX_WRONG_CODES, type CodeStatus } from "../../domain/admin-verification.ts";
import { maskCreditCode, maskMobile, maskName } from "../../domain/masking.ts";
import { html, type SafeHtml } from "../html.ts";
import type { T } from "./i18n.ts";
import { linkStep } from "./guards.ts";
import { csrfField, facts, notice, type View } from "./layout.ts";

/** The heading of a link's pages: the batch link names its admin (masked), a single enterprise's link says what it is. */
export function linkTitle(t: T, admin: Pick<AdminLink, "link" | "adminName">): string {
  if (admin.link.kind !== "batch-authorization") return t("企业认证", "Enterprise verification");
  const who = maskName(admin.adminName);
  return t(`${who} 的企业批量认证`, `Batch enterprise verification for ${who}`);
}

export interface IdentityData {
  admin: AdminLink;
  /** The pre-session CSRF token. */
  csrf: string;
  status: CodeStatus;
  sent?: boolean;
  error?: string;
}

export function identityPage(view: View, data: IdentityData): SafeHtml {
  const { t } = view;
  const { admin, status } = data;
  return html`<section class="card" aria-labelledby="page-title">
<p class="eyebrow">${t("第 1 步 · 验证身份", "Step 1 · Verify it's you")}</p>
<h1 id="page-title">${linkTitle(t, admin)}</h1>
<p class="muted">${t("为保护企业信息，请先验证您是该链接的超级管理员。", "To protect the enterprises' data, first confirm that you are this link's super-admin.")}</p>
${facts([
  [t("超级管理员", "Super-admin"), admin.adminName ? maskName(admin.adminName) : t("未指定", "Not named"), "admin-name"],
  [t("手机号", "Mobile"), admin.adminMobile ? maskMobile(admin.adminMobile) : t("请在下方填写", "Enter it below"), "admin-mobile"],
])}
</section>
${data.error ? notice("error", data.error) : ""}
${data.sent ? notice("ok", admin.adminMobile ? t(`验证码已发送至 ${maskMobile(admin.adminMobile)}，5 分钟内有效。`, `Code sent to ${maskMobile(admin.adminMobile)}; valid for 5 minutes.`) : t("验证码已发送，5 分钟内有效。", "Code sent; valid for 5 minutes.")) : ""}
<section class="card" aria-labelledby="code-title">
<h2 id="code-title">${t("短信验证", "Text message code")}</h2>
<form method="post" action="${linkStep(admin.link.code, "code")}" id="send-code-form">${csrfField(data.csrf)}
${admin.adminMobile ? "" : html`<label for="admin-mobile-input">${t("超级管理员手机号", "Super-admin's mobile")}</label>
<input id="admin-mobile-input" name="mobile" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" required aria-describedby="admin-mobile-hint">
<p class="hint" id="admin-mobile-hint">${t("发起方未指定手机号：验证码将发送到您填写的中国大陆手机号。", "The sender named no mobile: the code goes to the mainland China mobile you enter.")}</p>`}
<button type="submit" class="btn btn-secondary" id="send-code">${status.codePending ? t("重新获取验证码", "Send a new code") : t("获取验证码", "Send me a code")}</button>
<p class="hint">${t("验证码 5 分钟内有效，60 秒后可重新获取。", "A code is valid for 5 minutes; a new one can be sent after 60 seconds.")}</p>
</form>
<form method="post" action="${linkStep(admin.link.code, "verify")}" id="verify-form">${csrfField(data.csrf)}
<label for="sms-code">${t("短信验证码", "Code from the text message")}</label>
<input id="sms-code" name="code" class="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="sms-code-hint"${data.sent || data.error ? html` autofocus` : ""}>
<p class="hint" id="sms-code-hint">${t(`6 位数字。连续输错 ${MAX_WRONG_CODES} 次，链接将锁定 10 分钟（还可尝试 ${status.attemptsLeft} 次）。`, `6 digits. ${MAX_WRONG_CODES} wrong codes in a row lock the link for 10 minutes (${status.attemptsLeft} tries left).`)}</p>
<button type="submit" class="btn btn-primary" id="verify-code">${t("验证并继续", "Verify and continue")}</button>
</form>
${view.sandbox ? notice("sandbox", t("短信不会真正发出：验证码在 essd 的发件箱中，可通过控制接口 GET /_essd/outbox 读取。", "No text message is really sent: the code is in essd's outbox, readable with the control API GET /_essd/outbox."), t("沙箱提示", "Sandbox")) : ""}
</section>
<section class="card" aria-labelledby="orgs-title">
<h2 id="orgs-title">${t(`此链接包含的企业（${admin.flows.length}）`, `Enterprises in this link (${admin.flows.length})`)}</h2>
<ul id="link-orgs">${admin.flows.map((f) => html`<li>${f.organizationName || t("（待填写的企业）", "(enterprise not named yet)")}${f.creditCode ? html` <span class="muted mono">${maskCreditCode(f.creditCode)}</span>` : ""}</li>`)}</ul>
</section>`;
}
