/** Step 2: the enterprises under the link, each with its status and what comes next. */
import type { LinkFlows } from "../../domain/admin-link.ts";
import type { FlowCard } from "../../store/ports.ts";
import { html, type SafeHtml } from "../html.ts";
import { flowHome, linkStep } from "./guards.ts";
import { linkTitle } from "./identity-page.ts";
import { csrfField, notice, type View } from "./layout.ts";
import { nextStep, statusBadge, type FlowFacts } from "./status.ts";

export function listPage(view: View, data: { admin: LinkFlows<FlowCard>; flows: Array<FlowFacts<FlowCard>>; csrf: string; welcome?: boolean }): SafeHtml {
  const { t } = view;
  const { admin } = data;
  const verified = data.flows.filter((c) => c.flow.state === "verified").length;
  return html`<section class="card" aria-labelledby="page-title">
<p class="eyebrow">${t("企业列表", "Enterprises")}</p>
<h1 id="page-title">${linkTitle(t, admin)}</h1>
<p class="muted" id="list-summary">${t(`共 ${data.flows.length} 家企业，已完成认证 ${verified} 家。选择企业继续。`, `${data.flows.length} enterprises, ${verified} verified. Choose one to continue.`)}</p>
</section>
${data.welcome ? notice("ok", t("身份验证成功。", "You are verified.")) : ""}
<ul class="orgs" aria-labelledby="page-title" id="org-list">${data.flows.map((c) => orgItem(view, admin.link.code, c))}</ul>
<form method="post" action="${linkStep(admin.link.code, "logout")}">${csrfField(data.csrf)}<button type="submit" class="btn btn-link" id="logout">${t("退出登录", "Sign out")}</button></form>`;
}

function orgItem(view: View, token: string, c: FlowFacts<FlowCard>): SafeHtml {
  const { t } = view;
  const { flow } = c;
  const inner = html`<div class="org-head"><span class="org-name">${flow.organizationName || t("（待填写的企业）", "(enterprise not named yet)")}</span>${statusBadge(t, flow)}</div>
<p class="org-meta">${t("统一社会信用代码", "Credit code")} <span class="mono">${flow.creditCode || "—"}</span> · ${t("状态", "Status")} <span class="mono" data-status="${flow.status}">${flow.state === "active" ? flow.status : `${flow.status}/${flow.state}`}</span></p>
<p class="org-next">${nextStep(t, c)}</p>`;
  // A cleared flow has nothing to open.
  return flow.state === "cleared"
    ? html`<li><div class="org" id="org-${flow.id}">${inner}</div></li>`
    : html`<li><a class="org" id="org-${flow.id}" href="${flowHome(token, flow.id)}">${inner}</a></li>`;
}
