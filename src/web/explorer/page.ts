/**
 * The explorer page: server-rendered markup (tenants, the action list, one form per action) that explorer.js
 * brings to life. Everything dynamic the script writes later goes through textContent, never innerHTML.
 */
import type { RegisteredAction } from "../../protocol/action.ts";
import { html, type SafeHtml } from "../html.ts";
import { renderActionForm } from "./form.ts";
import type { ExplorerApplication, ExplorerTenant, Shown } from "./tenants.ts";
import type { PageDocument } from "../shell.ts";
import { pathWith } from "../../platform/url.ts";

export const SIGNING_MODES = [
  { value: "TC3-HMAC-SHA256", label: "TC3-HMAC-SHA256 (v3)" },
  { value: "HmacSHA256", label: "HmacSHA256 (v1)" },
  { value: "HmacSHA1", label: "HmacSHA1 (v1)" },
] as const;

/** A service the explorer signs for: its forms, credentials and SDK clients are its own. */
export interface ExplorerService {
  /** `ess` or `essbasic`: the TC3 service the page signs with. */
  name: string;
  version: string;
  /** What the service is, for the service picker. */
  label: string;
}

/**
 * The id of an action's section (and its URL hash): the name for ess, whose links predate essbasic's, and
 * `<service>-<name>` for another service, since both services name some actions alike.
 */
export const sectionId = (service: string, action: string) => (service === "ess" ? action : `${service}-${action}`);

/** An action the explorer has a form for, and the service it belongs to. */
export interface FormAction {
  action: RegisteredAction;
  service: ExplorerService;
  /** Tencent's Chinese name of the action, from the spec. */
  title: string;
}

/** One action's section: heading, descriptions and its generated form. Rendered once at start-up. */
export function renderActionSection({ action, service }: FormAction): SafeHtml {
  const id = sectionId(service.name, action.name);
  return html`<section class="card action" id="${id}" data-action-section data-service="${service.name}" hidden aria-labelledby="h-${id}">
<header class="action-head">
<p class="eyebrow">接口 Action · ${service.name} <code>${service.version}</code></p>
<h2 id="h-${id}" tabindex="-1"><code>${action.name}</code></h2>
<p lang="zh-CN">${action.description.zh}</p>
<p lang="en" class="muted">${action.description.en}</p>
</header>
${renderActionForm(action, service, id)}
</section>`;
}

/** One of a spec's actions essd does not implement: listed, without a form, so the search shows the whole API. */
export interface ListedAction {
  /** The section's id (sectionId). */
  id: string;
  name: string;
  service: string;
  version: string;
  /** Tencent's Chinese name of the action, from the spec. */
  title: string;
}

/** A listed action's section: what it is and why there is no form. */
export function renderListedSection(action: ListedAction): SafeHtml {
  return html`<section class="card action" id="${action.id}" data-action-section data-service="${action.service}" data-no-form hidden aria-labelledby="h-${action.id}">
<header class="action-head">
<p class="eyebrow">接口 Action · ${action.service} <code>${action.version}</code> · <span class="pill muted-pill">未实现 not implemented</span></p>
<h2 id="h-${action.id}" tabindex="-1"><code>${action.name}</code></h2>
<p lang="zh-CN">${action.title}</p>
</header>
<p>essd 尚未实现此接口：调用它会得到 <code>UnsupportedOperation</code>。</p><p lang="en" class="muted">essd does not implement this action: calling it answers <code>UnsupportedOperation</code>.</p>
<p><a href="${pathWith("/coverage")}#${action.service}-${action.name}">接口覆盖 Coverage map</a></p>
</section>`;
}

function listedLink(action: ListedAction): SafeHtml {
  const status = "未实现 not implemented";
  const haystack = `${action.name} ${action.title} ${action.service} ${status}`.toLowerCase();
  return html`<li data-search="${haystack}" data-service="${action.service}" class="unlisted"><a href="#${action.id}" data-action-link="${action.id}"><code>${action.name}</code><span class="link-desc" lang="zh-CN">${action.title}</span><span class="link-status">${status}</span></a></li>`;
}

function actionLink({ action, service, title }: FormAction): SafeHtml {
  const id = sectionId(service.name, action.name);
  const haystack = `${action.name} ${title} ${service.name} ${action.description.zh} ${action.description.en}`.toLowerCase();
  return html`<li data-search="${haystack}" data-service="${service.name}"><a href="#${id}" data-action-link="${id}"><code>${action.name}</code><span class="link-desc" lang="zh-CN">${firstClause(action.description.zh)}</span></a></li>`;
}

const firstClause = (text: string) => text.split(/[：:；;。（(]/)[0];

/** Said beside a picker that holds fewer than there are, so nobody looks in it for the rest. */
function capNote({ rows, total }: Shown<unknown>, what: { zh: string; en: string }): SafeHtml | "" {
  if (total <= rows.length) return "";
  const count = (n: number) => n.toLocaleString("en-US");
  return html`<p class="cap-note">仅显示最早的 ${count(rows.length)} 个${what.zh}，共 ${count(total)} 个。The oldest ${count(rows.length)} of ${count(total)} ${what.en} shown.</p>`;
}

function tenantPicker(shown: Shown<ExplorerTenant>): SafeHtml {
  const tenants = shown.rows;
  if (!tenants.length) {
    return html`<p class="alert" data-credentials="ess">还没有租户。No tenant yet: create one with <code>essd tenant create --name 示例科技有限公司</code> and reload.</p>`;
  }
  const byId = new Map(tenants.map((t) => [t.OrganizationId, t]));
  return html`<div class="field" data-credentials="ess">
<label for="tenant">租户 Tenant</label>
<select id="tenant" aria-describedby="tenant-d">${tenants.map(
    (t) =>
      html`<option value="${t.OrganizationId}" data-operators="${JSON.stringify(t.OperatorUserIds)}" data-secret-ids="${JSON.stringify(t.SecretIds)}">${t.OrganizationName}${
        t.ParentOrganizationId ? ` — 子企业 sub-enterprise of ${byId.get(t.ParentOrganizationId)?.OrganizationName ?? t.ParentOrganizationId}` : ""
      }</option>`,
  )}</select>
<div class="hint" id="tenant-d"><p>OrganizationId <code id="tenant-org">${tenants[0].OrganizationId}</code></p>${capNote(shown, { zh: "租户", en: "tenants" })}</div>
</div>`;
}

/** The application picker and the sub-enterprise and operator OpenIds every essbasic form's Agent is filled with. */
function applicationPicker(shown: Shown<ExplorerApplication>): SafeHtml {
  const applications = shown.rows;
  const first = applications[0];
  const picker = applications.length
    ? html`<select id="application" aria-describedby="application-d">${applications.map(
        (a) =>
          html`<option value="${a.AppId}" data-secret-ids="${JSON.stringify(a.SecretIds)}" data-organizations="${JSON.stringify(a.OrganizationOpenIds)}" data-operators="${JSON.stringify(a.OperatorOpenIds)}">${a.PlatformName} — ${a.AppId}</option>`,
      )}</select>
<div class="hint" id="application-d"><p>填入每个表单的 Agent.AppId。Filled into every essbasic form's Agent.AppId.</p>${capNote(shown, { zh: "应用", en: "applications" })}</div>`
    : html`<p class="alert" id="application-d">还没有平台应用。No platform application yet: create one with <code>essd platform create --name 示例平台 --json</code> and reload.</p>`;
  return html`<div class="field" data-credentials="essbasic" hidden>
<label for="application">应用 Application (Agent.AppId)</label>
${picker}
</div>
<div class="field" data-credentials="essbasic" hidden>
<label for="proxy-organization">子客企业 Agent.ProxyOrganizationOpenId</label>
<input id="proxy-organization" type="text" list="proxy-organizations" autocomplete="off" spellcheck="false" value="${first?.OrganizationOpenIds[0] ?? ""}" aria-describedby="proxy-organization-d">
<datalist id="proxy-organizations">${(first?.OrganizationOpenIds ?? []).map((id) => html`<option value="${id}"></option>`)}</datalist>
<div class="hint" id="proxy-organization-d"><p>平台给子客企业的 OpenId，首次使用即创建。The platform's own id for its sub-enterprise, created on first use.</p></div>
</div>
<div class="field" data-credentials="essbasic" hidden>
<label for="proxy-operator">经办人 Agent.ProxyOperator.OpenId</label>
<input id="proxy-operator" type="text" list="proxy-operators" autocomplete="off" spellcheck="false" value="${first?.OperatorOpenIds[0] ?? ""}" aria-describedby="proxy-operator-d">
<datalist id="proxy-operators">${(first?.OperatorOpenIds ?? []).map((id) => html`<option value="${id}"></option>`)}</datalist>
<div class="hint" id="proxy-operator-d"><p>子客企业经办人的 OpenId。The sub-enterprise's operator, by the platform's OpenId.</p></div>
</div>`;
}

export interface ExplorerPageInput {
  /** The services the explorer signs for, the first the default. */
  services: ExplorerService[];
  /** The actions with a form, of every service. */
  actions: FormAction[];
  /** The rest of the API, listed after the actions with a form. */
  listed: ListedAction[];
  sections: SafeHtml;
  /** The oldest tenants and applications, up to what the pickers hold, and how many there are in all. */
  tenants: Shown<ExplorerTenant>;
  applications: Shown<ExplorerApplication>;
  /** The Host the browser used: the page signs with it, and the SDK snippets point at it. */
  host: string;
}

export function explorerPage(input: ExplorerPageInput): PageDocument {
  return {
    lang: "zh-CN",
    title: "API Explorer · essd",
    stylesheets: ["/explorer/explorer.css"],
    scripts: ["/explorer/explorer.js"],
    icon: { href: "/explorer/favicon.svg", type: "image/svg+xml" },
    body: explorerBody(input),
  };
}

function explorerBody({ services, actions, listed, sections, tenants, applications, host }: ExplorerPageInput): SafeHtml {
  const first = tenants.rows[0];
  const count = (service: string) => actions.filter((a) => a.service.name === service).length + listed.filter((a) => a.service === service).length;
  const defaultService = services[0];
  return html`<a class="skip-link" href="#main">跳到主要内容 Skip to content</a>
<header class="topbar">
<p class="brand"><span class="logo" aria-hidden="true">e</span><strong>essd</strong> <span>API Explorer</span></p>
<p class="topbar-meta">${services.map((s, i) => html`${i ? " · " : ""}${s.name} <code>${s.version}</code>`)} · <span class="pill">sandbox</span> · <span class="endpoint">endpoint <code>${host}</code></span></p>
</header>
<div class="layout">
<nav class="sidebar" aria-label="接口 Actions">
<div class="field compact">
<label for="service">服务 Service</label>
<select id="service" aria-describedby="service-d">${services.map((s) => html`<option value="${s.name}" data-version="${s.version}" data-count="${count(s.name)}">${s.name} ${s.version} · ${s.label}</option>`)}</select>
<p class="small muted" id="service-d">列表、凭证和 SDK 代码随所选服务变化。The list, credentials and SDK code follow the chosen service.</p>
</div>
<label for="search" class="search-label">搜索接口 Search actions</label>
<input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="Registration, 员工, AuthUrl…" aria-controls="action-list" aria-describedby="search-status">
<p id="search-status" class="small muted" role="status">${count(defaultService.name)} 个接口 actions</p>
<ul id="action-list" class="action-list">${actions.map(actionLink)}${listed.map(listedLink)}</ul>
<p id="search-empty" class="small muted" hidden>没有匹配的接口。No action matches.</p>
</nav>
<main id="main" tabindex="-1">
<div id="crypto-warning" class="alert error" role="alert" hidden>
<p><strong>此页面无法签名。This page cannot sign.</strong> 浏览器只在安全上下文（https、localhost、127.0.0.1）中提供 Web Crypto（<code>crypto.subtle</code>），而 API Explorer 在浏览器内用它签名，密钥从不离开页面。
Browsers offer Web Crypto only in a secure context (https, localhost or 127.0.0.1), and the explorer signs with it so your SecretKey never leaves the page.</p>
<p>请改用 Open it as <a id="crypto-local-link" href="http://127.0.0.1/explorer">http://127.0.0.1/explorer</a>, or put essd behind https. “生成 SDK 代码 Generate SDK code” still works.</p>
</div>
<section class="card credentials" aria-labelledby="cred-h">
<h2 id="cred-h">凭证 Credentials</h2>
<div class="grid">
${tenantPicker(tenants)}
<div class="field" data-credentials="ess">
<label for="operator">操作人 Operator.UserId</label>
<select id="operator" aria-describedby="operator-d">${(first?.OperatorUserIds ?? []).map((id) => html`<option>${id}</option>`)}</select>
<div class="hint" id="operator-d"><p>填入每个表单的 Operator.UserId。Filled into every form's Operator.UserId.</p></div>
</div>
${applicationPicker(applications)}
<div class="field">
<label for="secret-id">SecretId</label>
<input id="secret-id" type="text" list="secret-ids" autocomplete="off" spellcheck="false" value="${first?.SecretIds[0] ?? ""}" aria-describedby="secret-id-d">
<datalist id="secret-ids">${(first?.SecretIds ?? []).map((id) => html`<option value="${id}"></option>`)}</datalist>
<div class="hint" id="secret-id-d"><p>所选租户或应用的有效密钥 The chosen tenant's or application's active keys (<code>essd key create --org …</code> adds one to a tenant).</p></div>
</div>
<div class="field">
<label for="secret-key">SecretKey</label>
<div class="input-with-button">
<input id="secret-key" type="password" autocomplete="off" spellcheck="false" aria-describedby="secret-key-d">
<button type="button" class="secondary" id="toggle-key" aria-pressed="false" aria-controls="secret-key">显示 Show</button>
</div>
<div class="hint" id="secret-key-d"><p>只在本页面内用 Web Crypto 签名，从不发送给服务器。Used only inside this page (Web Crypto) to sign; never sent to any server. 见 See <code>demo-tenant.json</code> (its <code>Platform</code> holds the demo application's key), <code>essd tenant create</code> or <code>essd platform create</code>.</p></div>
<label class="checkbox"><input type="checkbox" id="remember-key"> 在本标签页内记住 Remember in this tab (sessionStorage)</label>
</div>
</div>
</section>
<section class="card intro" id="intro" data-action-section aria-labelledby="intro-h">
<h2 id="intro-h" tabindex="-1">选择一个接口 Choose an action</h2>
<p>先选择服务：ess（企业自建应用，${services[0].version}）或 essbasic（第三方应用集成，平台与其子客企业）。左侧先列出该服务中 essd 实现的接口（每个表单都由服务器校验参数所用的同一份 schema 生成），再列出规范中其余接口（未实现，无表单），便于搜索整个 API。完整列表见 <a href="${pathWith("/coverage")}">接口覆盖</a>。</p>
<p class="muted" lang="en">Choose the service first: ess (an enterprise calling for itself) or essbasic (a platform calling for its sub-enterprises). The list shows the actions essd implements in it first — each form is generated from the very schema the server validates with: names, types, required members, allowed values, limits and both descriptions — then every other action of its spec, marked not implemented and without a form, so the search covers the whole API. See the <a href="${pathWith("/coverage")}">coverage map</a>.</p>
<ol class="steps-list">
<li>输入 SecretKey · Type the tenant's (ess) or the application's (essbasic) SecretKey above.</li>
<li>选择接口并填写参数 · Pick an action and fill its form.</li>
<li>发送，查看签名的每一步、原始请求和响应 · Send, then read every signing step, the raw request and the raw response.</li>
<li>生成 Node / Python / Go / Java SDK 代码 · Generate the same call for the official SDKs.</li>
</ol>
</section>
${sections}
<section class="card params-card" id="params-card" aria-labelledby="params-h" hidden>
<details class="params-preview"><summary id="params-h">将要发送的参数 Parameters to send (JSON) · <span id="mode-note"></span></summary><pre tabindex="0" aria-label="Parameters to send"><code id="params-json">{}</code></pre></details>
</section>
<section class="card sendbar" id="sendbar" aria-label="发送 Send">
<div class="field compact"><label for="sign-method">签名方法 Signature</label><select id="sign-method">${SIGNING_MODES.map((m) => html`<option value="${m.value}">${m.label}</option>`)}</select></div>
<div class="field compact"><label for="req-method">方法 Method</label><select id="req-method"><option value="POST">POST</option><option value="GET">GET</option></select></div>
<div class="field compact"><label for="language">语言 Language</label><select id="language"><option value="zh-CN">zh-CN</option><option value="en-US">en-US</option></select></div>
<div class="sendbar-actions">
<button type="button" id="send" class="primary" aria-keyshortcuts="Control+Enter Meta+Enter" title="Ctrl/⌘ + Enter">发送 Send</button>
<button type="button" id="generate" class="secondary">生成 SDK 代码 Generate SDK code</button>
<button type="button" id="reset" class="link-button">清空 Clear</button>
</div>
</section>
<section id="result" class="card result" hidden aria-labelledby="result-h">
<h2 id="result-h" tabindex="-1">结果 Result</h2>
<div id="result-body"></div>
</section>
<section id="snippets" class="card snippets" hidden aria-labelledby="snippets-h">
<h2 id="snippets-h" tabindex="-1">SDK 代码 SDK code</h2>
<p class="small muted">凭证从环境变量读取 Credentials come from <code>TENCENTCLOUD_SECRET_ID</code> / <code>TENCENTCLOUD_SECRET_KEY</code>. The endpoint override points at this essd; the commented line says what to change to go live.</p>
<div id="snippets-body"></div>
</section>
</main>
</div>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>`;
}
