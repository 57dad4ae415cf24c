/**
 * The review console's organization information changes (CreateOrganizationInfoChangeUrl, ChangeType 2): what
 * changes, that the registry accepted it, and the decision forms. Styles in review.css (`rv-` classes).
 */
import { beijingTime } from "../../domain/formats.ts";
import type { OrganizationChangeRecord } from "../../store/ports.ts";
import { pathWith } from "../../platform/url.ts";
import { html, type SafeHtml } from "../html.ts";
import { decisionForms } from "./decision-forms.ts";

/** A change's decisions in the console; the routes use the same pattern. */
export const REVIEW_CHANGE = "/review/changes/:change";
export const reviewChangePath = (change: string, step: "approve" | "reject"): string => pathWith(`${REVIEW_CHANGE}/:step`, { change, step });

export interface ChangeItem {
  change: OrganizationChangeRecord;
  tenantName: string;
}

export function changeSection(items: ChangeItem[], view: { csrf: string; draft?: { id: string; reason: string } }): SafeHtml {
  if (!items.length) return html``;
  return html`<section aria-labelledby="rv-changes-title" class="rv-changes"><h2 id="rv-changes-title">待审核企业信息变更 / Enterprise information changes awaiting review</h2>
<p class="rv-count">共 ${items.length} 项，最早提交的在前 / ${items.length} waiting, oldest first</p>
<ol class="rv-queue">${items.map((item) => html`<li>${changeCard(item, view)}</li>`)}</ol></section>`;
}

function changeCard({ change, tenantName }: ChangeItem, view: { csrf: string; draft?: { id: string; reason: string } }): SafeHtml {
  const titleId = `rv-change-${change.id}`;
  const reasonId = `rv-change-reason-${change.id}`;
  const draft = view.draft?.id === change.id ? view.draft.reason : "";
  return html`<article class="rv-item" aria-labelledby="${titleId}">
  <div class="rv-item-main">
    <h3 id="${titleId}">${change.oldName} → ${change.newName}</h3>
    <dl class="rv-facts">
      <div><dt>统一社会信用代码（不变） / Credit code (unchanged)</dt><dd class="rv-mono">${change.creditCode}</dd></div>
      <div><dt>法定代表人 / Legal representative</dt><dd>${change.legalName || "—"}</dd></div>
      <div><dt>地址 / Address</dt><dd>${change.address || "—"}</dd></div>
      <div><dt>工商信息核验 / Business register</dt><dd><span class="rv-tag rv-tag-ok">已通过 / passed</span></dd></div>
      <div><dt>申请方（租户） / Tenant</dt><dd>${tenantName} <span class="rv-mono rv-dim">${change.organizationId}</span></dd></div>
      <div><dt>提交时间 / Submitted</dt><dd><time datetime="${new Date(change.updatedAt).toISOString()}">${beijingTime(change.updatedAt)}（北京时间）</time></dd></div>
      <div><dt>变更 / Change</dt><dd class="rv-mono">${change.id}</dd></div>
    </dl>
  </div>
  ${decisionForms({ approvePath: reviewChangePath(change.id, "approve"), rejectPath: reviewChangePath(change.id, "reject"), csrf: view.csrf, titleId, reasonId, draft, placeholder: "例如：新名称与营业执照不一致" })}
</article>`;
}
