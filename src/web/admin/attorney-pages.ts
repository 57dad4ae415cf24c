/** AuthorizationTypes 1 and 5: the power-of-attorney upload form and the bank-transfer page. */
import type { AdminLink } from "../../domain/admin-link.ts";
import { progressOf } from "../../domain/authorization/flow-machine.ts";
import type { AuthFlowRecord } from "../../store/ports.ts";
import { formatSize } from "../../domain/identity/index.ts";
import { POWER_OF_ATTORNEY_MAX_BYTES } from "../../domain/registration/organization-rows.ts";
import { html, type SafeHtml } from "../html.ts";
import { flowHeader } from "./flow-page.ts";
import { flowStep } from "./guards.ts";
import { csrfField, facts, notice, type View } from "./layout.ts";
import { needsBankTransfer } from "./status.ts";

export interface FormPageData {
  admin: AdminLink;
  flow: AuthFlowRecord;
  csrf: string;
  error?: string;
}

export function uploadPage(view: View, data: FormPageData): SafeHtml {
  const { t } = view;
  const { flow } = data;
  const bank = needsBankTransfer(flow);
  const limit = formatSize(POWER_OF_ATTORNEY_MAX_BYTES);
  return html`${flowHeader(view, data.admin, flow, bank ? t("授权书 + 对公打款", "Power of attorney + bank transfer") : t("上传授权书", "Power of attorney"))}
${data.error ? notice("error", data.error) : ""}
${flow.auditStatus === 2 ? notice("error", flow.reason, t("上次的授权书被驳回", "The last power of attorney was rejected")) : ""}
<section class="card" aria-labelledby="upload-title">
<h2 id="upload-title">${t("上传授权书", "Upload the power of attorney")}</h2>
<ol class="muted">
<li>${t("使用企业授权书模板，填写企业名称、统一社会信用代码和超级管理员信息；", "Fill in the enterprise's name, credit code and super-admin in the power-of-attorney template;")}</li>
<li>${t("加盖与企业名称一致的企业公章；", "Stamp it with the company seal matching the enterprise's name;")}</li>
<li>${t(`拍照或扫描后上传：PNG、JPG 或 PDF，不超过 ${limit}。`, `Photograph or scan it and upload: PNG, JPG or PDF, at most ${limit}.`)}</li>
</ol>
<form method="post" action="${flowStep(data.admin.link.code, flow.id, "attorney")}" enctype="multipart/form-data">${csrfField(data.csrf)}
<label for="poa-file">${t("授权书文件", "Power of attorney file")}</label>
<input id="poa-file" name="file" type="file" accept=".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf" required aria-describedby="poa-file-hint">
<p class="hint" id="poa-file-hint">${t(`PNG / JPG / PDF，不超过 ${limit}；文件类型按内容识别。`, `PNG / JPG / PDF, at most ${limit}; the type is judged by the content.`)}</p>
<button type="submit" class="btn btn-primary" id="poa-submit">${t("提交授权书", "Submit")}</button>
</form>
${bank ? html`<p class="hint">${t("提交后还需完成对公打款验证，两步完成后进入审核。", "Then confirm the bank transfer; review starts once both are done.")}</p>` : ""}
</section>`;
}

/** A stable, clearly fake account number per flow, so the page reads like a real transfer notice. */
const simulatedAccount = (flowId: string): string => {
  let n = 7;
  for (const c of flowId) n = (n * 131 + c.charCodeAt(0)) % 10_000;
  return `6217 **** **** ${String(n).padStart(4, "0")}`;
};

export function bankPage(view: View, data: FormPageData & { amount: string; amountDraft?: string }): SafeHtml {
  const { t } = view;
  const { flow } = data;
  const account = typeof flow.options.BankAccountNumber === "string" && flow.options.BankAccountNumber.length >= 4 ? `**** ${flow.options.BankAccountNumber.slice(-4)}` : simulatedAccount(flow.id);
  return html`${flowHeader(view, data.admin, flow, t("对公打款验证", "Bank transfer"))}
${data.error ? notice("error", data.error) : ""}
<section class="card" aria-labelledby="bank-title">
<h2 id="bank-title">${t("对公打款验证", "Confirm the bank transfer")}</h2>
<p>${t("腾讯电子签已向该企业的对公账户转入一笔 1 元以内的随机金额。请向开户行或在网银中查询入账记录，并填写收到的金额。", "Tencent E-Sign has paid a random amount under CNY 1 into the enterprise's corporate account. Look it up with the bank or in online banking and enter the amount received.")}</p>
${facts([
  [t("收款账户名", "Account name"), flow.organizationName, "bank-account-name"],
  [t("收款账号", "Account number"), html`<span class="mono">${account}</span>`, "bank-account-number"],
  [t("打款方", "Paid by"), t("腾讯电子签（模拟）", "Tencent E-Sign (simulated)")],
  [t("附言", "Note"), t("电子签企业认证", "E-Sign verification")],
])}
${view.sandbox ? notice("sandbox", html`${t("沙箱中不会真实打款。本次模拟金额为", "Nothing is really paid in the sandbox. The simulated amount is")} <span class="amount" id="sandbox-amount">${data.amount}</span> ${t("元。", "CNY.")}`, t("沙箱提示", "Sandbox")) : ""}
<form method="post" action="${flowStep(data.admin.link.code, flow.id, "bank")}">${csrfField(data.csrf)}
<label for="bank-amount">${t("收到的金额（元）", "Amount received (CNY)")}</label>
<input id="bank-amount" name="amount" type="text" inputmode="decimal" autocomplete="off" pattern="[0-9]+(\\.[0-9]{1,2})?" maxlength="8" required value="${data.amountDraft ?? ""}" aria-describedby="bank-amount-hint">
<p class="hint" id="bank-amount-hint">${t("例如 0.35", "For example 0.35")}</p>
<button type="submit" class="btn btn-primary" id="bank-submit">${t("提交金额", "Submit the amount")}</button>
</form>
${progressOf(flow).powerOfAttorney ? "" : html`<p class="hint">${t("还需上传授权书，两步完成后进入审核。", "The power of attorney is still needed; review starts once both are done.")}</p>`}
</section>`;
}
