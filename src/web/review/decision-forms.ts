import { MAX_REJECT_REASON } from "../../domain/review/queue.ts";
import { csrfField, html, type SafeHtml } from "../html.ts";

/** A review card's two decisions: approve, or reject with a reason (kept as typed when the reason was refused). */
export function decisionForms(options: { approvePath: string; rejectPath: string; csrf: string; titleId: string; reasonId: string; draft: string; placeholder: string }): SafeHtml {
  const { approvePath, rejectPath, csrf, titleId, reasonId, draft, placeholder } = options;
  return html`<div class="rv-actions">
    <form method="post" action="${approvePath}">${csrfField(csrf)}<button type="submit" class="rv-button rv-approve" aria-describedby="${titleId}">通过 / Approve</button></form>
    <form method="post" action="${rejectPath}" class="rv-reject">${csrfField(csrf)}
      <label for="${reasonId}">驳回原因 / Reason for rejection</label>
      <textarea id="${reasonId}" name="reason" rows="2" maxlength="${MAX_REJECT_REASON}" required placeholder="${placeholder}">${draft}</textarea>
      <button type="submit" class="rv-button rv-reject-button" aria-describedby="${titleId}">驳回 / Reject</button>
    </form>
  </div>`;
}
