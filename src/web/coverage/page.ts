/** The coverage map as a page at /coverage: every service's actions, implemented or not, with totals. No script. */
import type { FastifyInstance } from "fastify";
import { coverageMap, type CoverageMap, type ServiceCoverage } from "../../coverage/map.ts";
import type { ServiceRegistry } from "../../protocol/services.ts";
import { COVERAGE_CSS, PLAIN_CSS } from "../assets.ts";
import { html, type SafeHtml } from "../html.ts";
import { COVERAGE_PAGE } from "../policies.ts";
import { NO_QUERY, reads, readsWithSchemas } from "../request-schema.ts";
import { sendPage } from "../responses.ts";
import { sendDocument, type PageDocument } from "../shell.ts";

/** Served in every mode: it tells what essd answers, nothing about any tenant. */
export function registerCoveragePage(app: FastifyInstance, services: ServiceRegistry): void {
  readsWithSchemas(app, (_req, reply, error) => sendPage(reply, 400, "请求有误", html`<h1>请求有误 / Bad request</h1><p class="muted">${error.zh}<br>${error.en}</p>`, COVERAGE_PAGE));
  // The registry and the committed counts do not change while essd runs: rendered once, on the first visit (every
  // action of both specs: ≈ 2 % of a start's CPU otherwise).
  let document: PageDocument | undefined;
  app.get("/coverage", reads({ query: NO_QUERY }), async (_req, reply) => sendDocument(reply, COVERAGE_PAGE, 200, (document ??= coverageDocument(coverageMap(services)))));
}

export function coverageDocument(map: CoverageMap): PageDocument {
  return {
    lang: "zh-CN",
    title: "接口覆盖 Coverage · essd",
    stylesheets: [PLAIN_CSS, COVERAGE_CSS],
    bodyClass: "coverage",
    body: html`<main>
<h1>接口覆盖 Coverage</h1>
<p>essd 实现了下列腾讯电子签接口中标记为“已实现”的部分；其余接口调用时返回 <code>UnsupportedOperation</code>。</p>
<p class="muted" lang="en">Which actions of each service essd implements. Calling one it does not implement answers <code>UnsupportedOperation</code>; a name in no spec answers <code>InvalidAction</code>. <em>Tests</em> counts the test cases that call the action (see docs/coverage.md).</p>
<table class="totals"><caption>合计 Totals</caption>
<thead><tr><th scope="col">服务 Service</th><th scope="col">版本 Version</th><th scope="col">已实现 Implemented</th><th scope="col">接口 Actions</th></tr></thead>
<tbody>${map.services.map((s) => html`<tr><td><a href="#${s.service}">${s.service}</a></td><td><code>${s.version}</code></td><td>${s.implemented}</td><td>${s.total}</td></tr>`)}</tbody>
</table>
${map.services.map(serviceSection)}
<footer>essd · 腾讯电子签兼容沙箱 / Tencent ESS compatible sandbox</footer>
</main>`,
  };
}

function serviceSection(service: ServiceCoverage): SafeHtml {
  const ordered = [...service.actions.filter((a) => a.implemented), ...service.actions.filter((a) => !a.implemented)];
  return html`<section class="card" id="${service.service}" aria-labelledby="h-${service.service}">
<h2 id="h-${service.service}">${service.service} <code>${service.version}</code></h2>
<p>${service.implemented} / ${service.total} 已实现 implemented</p>
<table><thead><tr><th scope="col">接口 Action</th><th scope="col">名称 Name</th><th scope="col">状态 Status</th><th scope="col">测试 Tests</th></tr></thead>
<tbody>${ordered.map(
    (a) =>
      html`<tr id="${service.service}-${a.name}" class="${a.implemented ? "implemented" : "missing"}"><td><code>${a.name}</code></td><td lang="zh-CN">${a.title}</td><td>${
        a.implemented ? "已实现 implemented" : "未实现 not implemented"
      }</td><td>${a.implemented ? String(a.tests) : ""}</td></tr>`,
  )}</tbody></table>
</section>`;
}
