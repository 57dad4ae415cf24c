/** The review console's markup: the sign-in form and the queue. Styles in review.css (`rv-` classes). */
import type { ReviewItem } from "../../domain/review/queue.ts";
import type { FileType } from "../../domain/identity/index.ts";
import { beijingTime } from "../../domain/formats.ts";
import { csrfField, html, type SafeHtml } from "../html.ts";
import { decisionForms } from "./decision-forms.ts";
import { pathWith } from "../../platform/url.ts";
import { changeSection, type ChangeItem } from "./change-cards.ts";

export const STYLESHEET = "/review/review.css";
/** A flow's file and decisions in the console; the routes use the same pattern. */
export const REVIEW_FLOW = "/review/flows/:org/:flow";
export const reviewFlowPath = (org: string, flow: string, step: "approve" | "reject" | "file" | "license"): string => pathWith(`${REVIEW_FLOW}/:step`, { org, flow, step });

const TYPE_TEXT: Record<number, string> = { 1: "上传授权书", 2: "法定代表人授权", 5: "授权书 + 对公打款" };

export interface Notice {
  kind: "ok" | "error";
  text: string;
}

/** `wide`: the queue needs a desk's width; the sign-in form stays narrow. */
const frame = (body: SafeHtml, wide = false) => html`<div class="rv-console${wide ? " rv-wide" : ""}">${body}</div>`;

const noticeBox = (notice: Notice | undefined) =>
  notice &&
  (notice.kind === "ok"
    ? html`<p class="rv-notice rv-notice-ok" role="status">${notice.text}</p>`
    : html`<p class="rv-notice rv-notice-error" role="alert">${notice.text}</p>`);

export function loginPage(notice?: Notice): SafeHtml {
  return frame(html`<header class="rv-head"><p class="rv-eyebrow">essd 审核控制台 · Review console</p><h1>审核员登录 / Reviewer sign-in</h1></header>
${noticeBox(notice)}
<form method="post" action="/review/login" class="rv-login">
  <label for="rv-token">管理员令牌 / Admin token</label>
  <input id="rv-token" name="token" type="password" autocomplete="current-password" required spellcheck="false" aria-describedby="rv-token-help">
  <p id="rv-token-help" class="rv-help">essd 首次启动时打印一次，保存在 <code>&lt;data-dir&gt;/admin-token</code>；也可运行 <code>essd admin-token</code> 查看。<br>
  Printed at essd's first start and kept in <code>&lt;data-dir&gt;/admin-token</code>; <code>essd admin-token</code> prints it.</p>
  <button type="submit" class="rv-button">登录 / Sign in</button>
</form>`);
}

export interface QueueView {
  items: ReviewItem[];
  /** Types of the items' files by magic bytes (undefined: missing or unknown). */
  fileTypes: Map<string, FileType | undefined>;
  csrf: string;
  limit: number;
  notice?: Notice;
  /** A reason the reviewer typed for a rejection that was refused, kept so it need not be typed again. */
  draft?: { flowId: string; reason: string };
  /** Organization information changes awaiting review, and a refused rejection's reason kept for one of them. */
  changes?: ChangeItem[];
  changeDraft?: { id: string; reason: string };
}

export function queuePage(view: QueueView): SafeHtml {
  const { items } = view;
  return frame(html`<header class="rv-head rv-head-row">
  <div><p class="rv-eyebrow">essd 审核控制台 · Review console</p>
  <h1>待审核授权书 / Powers of attorney awaiting review</h1>
  <p class="rv-count">${items.length ? `共 ${items.length} 份，最早提交的在前 / ${items.length} waiting, oldest first` : ""}${items.length >= view.limit ? `（仅显示前 ${view.limit} 份 / first ${view.limit} shown）` : ""}</p></div>
  <form method="post" action="/review/logout" class="rv-logout">${csrfField(view.csrf)}<button type="submit" class="rv-button rv-button-quiet">退出 / Sign out</button></form>
</header>
${noticeBox(view.notice)}
${items.length ? html`<ol class="rv-queue">${items.map((item) => html`<li>${itemCard(item, view)}</li>`)}</ol>` : html`<section class="rv-empty"><h2>暂无待审核的授权书</h2><p>Nothing awaits review. New submissions appear here; reload the page to check.</p></section>`}
${changeSection(view.changes ?? [], { csrf: view.csrf, draft: view.changeDraft })}
<p class="rv-foot"><a href="/review">刷新 / Reload</a></p>`, true);
}

function itemCard(item: ReviewItem, view: QueueView): SafeHtml {
  const { flow } = item;
  const step = (name: "approve" | "reject" | "file" | "license") => reviewFlowPath(flow.organizationId, flow.id, name);
  const titleId = `rv-title-${flow.id}`;
  const reasonId = `rv-reason-${flow.id}`;
  const draft = view.draft?.flowId === flow.id ? view.draft.reason : "";
  return html`<article class="rv-item" aria-labelledby="${titleId}">
  <div class="rv-item-main">
    <h2 id="${titleId}">${flow.organizationName}</h2>
    <dl class="rv-facts">
      <div><dt>统一社会信用代码 / Credit code</dt><dd class="rv-mono">${flow.creditCode}</dd></div>
      <div><dt>申请方（租户） / Tenant</dt><dd>${item.tenantName} <span class="rv-mono rv-dim">${flow.organizationId}</span></dd></div>
      <div><dt>法定代表人 / Legal representative</dt><dd>${flow.legalName || "—"}</dd></div>
      <div><dt>超级管理员 / Admin</dt><dd>${flow.adminName || "—"}</dd></div>
      <div><dt>授权方式 / AuthorizationTypes</dt><dd>${item.authorizationTypes.map((t) => html`<span class="rv-tag">${t} ${TYPE_TEXT[t] ?? ""}</span>`)}${item.authorizationTypes.includes(5) ? html`<span class="rv-tag rv-tag-ok">${item.bankAmountConfirmed ? "打款金额已确认 / amount confirmed" : "打款金额未确认 / amount not confirmed"}</span>` : ""}</dd></div>
      <div><dt>提交时间 / Submitted</dt><dd><time datetime="${new Date(item.submittedAt).toISOString()}">${reviewTime(item.submittedAt)}</time></dd></div>
      <div><dt>认证流 / AuthorizationInfoId</dt><dd class="rv-mono">${flow.id}</dd></div>
    </dl>
    ${policyNote(item)}
  </div>
  <div class="rv-file">${filePreview(item, step("file"), view.fileTypes.get(item.fileHash ?? ""))}${item.licenseHash ? html`<a class="rv-open" href="${step("license")}" target="_blank" rel="noopener" id="rv-license-${flow.id}">查看链接附带的营业执照 / The business licence sent with the link</a>` : ""}</div>
  ${decisionForms({ approvePath: step("approve"), rejectPath: step("reject"), csrf: view.csrf, titleId, reasonId, draft, placeholder: "例如：请加盖与企业名称一致的企业公章" })}
</article>`;
}

function filePreview(item: ReviewItem, url: string, type: FileType | undefined): SafeHtml {
  const name = item.flow.organizationName;
  if (!item.fileHash || !type) return html`<p class="rv-warn">授权书文件缺失或无法识别。/ The file is missing or of an unknown type.</p>`;
  const open = html`<a class="rv-open" href="${url}" target="_blank" rel="noopener">在新窗口打开授权书 / Open the file</a>`;
  if (type === "pdf") {
    return html`<object class="rv-pdf" data="${url}" type="application/pdf" aria-label="「${name}」的授权书（PDF）"><p>此浏览器无法内嵌 PDF。/ This browser cannot show the PDF inline.</p></object>${open}`;
  }
  return html`<a href="${url}" target="_blank" rel="noopener"><img class="rv-image" src="${url}" alt="「${name}」的授权书 / Power of attorney of ${name}" loading="lazy"></a>${open}`;
}

function policyNote(item: ReviewItem): SafeHtml | undefined {
  const { policy } = item;
  if (policy.policy === "manual") return undefined;
  const verb = policy.policy === "auto-approve" ? "自动通过 / auto-approve" : "自动驳回 / auto-reject";
  const due = reviewTime(item.submittedAt + policy.delayMs);
  return html`<p class="rv-policy">该租户的审核策略：${verb}，约 ${due} 由 essd 决定。/ essd decides this one itself at about that time.</p>`;
}

/** `2024-05-01 09:30（北京时间）`: ESS and its reviewers work in China Standard Time. */
const reviewTime = (ms: number) => `${beijingTime(ms)}（北京时间）`;
