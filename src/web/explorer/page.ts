/**
 * The explorer page: server-rendered markup (tenants, the action list, one form per action) that explorer.js
 * brings to life. Everything dynamic the script writes later goes through textContent, never innerHTML.
 */
import type { RegisteredAction } from "../../protocol/action.ts";
import { html, type SafeHtml } from "../html.ts";
import { renderActionForm } from "./form.ts";
import type { ExplorerTenant } from "./tenants.ts";
import type { PageDocument } from "../shell.ts";
import { pathWith } from "../../platform/url.ts";

export const SIGNING_MODES = [
  { value: "TC3-HMAC-SHA256", label: "TC3-HMAC-SHA256 (v3)" },
  { value: "HmacSHA256", label: "HmacSHA256 (v1)" },
  { value: "HmacSHA1", label: "HmacSHA1 (v1)" },
] as const;

/** One action's section: heading, descriptions and its generated form. Rendered once at start-up. */
export function renderActionSection(action: RegisteredAction): SafeHtml {
  return html`<section class="card action" id="${action.name}" data-action-section hidden aria-labelledby="h-${action.name}">
<header class="action-head">
<p class="eyebrow">接口 Action · <code>2020-11-11</code></p>
<h2 id="h-${action.name}" tabindex="-1"><code>${action.name}</code></h2>
<p lang="zh-CN">${action.description.zh}</p>
<p lang="en" class="muted">${action.description.en}</p>
</header>
${renderActionForm(action)}
</section>`;
}

/**
 * An action the explorer has no form for: one of a spec's actions essd does not implement (or one of another
 * service's, which the explorer does not sign for yet). Listed so the search shows the whole API.
 */
export interface ListedAction {
  /** The section's id: the action's name in the explorer's service, `<service>-<name>` in another. */
  id: string;
  name: string;
  service: string;
  version: string;
  /** Tencent's Chinese name of the action, from the spec. */
  title: string;
  implemented: boolean;
}

/** A listed action's section: what it is and why there is no form. */
export function renderListedSection(action: ListedAction): SafeHtml {
  const why = action.implemented
    ? html`<p>essd 实现了此接口，但 API Explorer 暂不为 ${action.service} 签名，没有表单；请用 SDK 调用。</p><p lang="en" class="muted">essd implements this action, but the explorer does not sign for ${action.service} yet: call it with an SDK.</p>`
    : html`<p>essd 尚未实现此接口：调用它会得到 <code>UnsupportedOperation</code>。</p><p lang="en" class="muted">essd does not implement this action: calling it answers <code>UnsupportedOperation</code>.</p>`;
  return html`<section class="card action" id="${action.id}" data-action-section data-no-form hidden aria-labelledby="h-${action.id}">
<header class="action-head">
<p class="eyebrow">接口 Action · ${action.service} <code>${action.version}</code> · <span class="${action.implemented ? "pill" : "pill muted-pill"}">${action.implemented ? "已实现 implemented" : "未实现 not implemented"}</span></p>
<h2 id="h-${action.id}" tabindex="-1"><code>${action.name}</code></h2>
<p lang="zh-CN">${action.title}</p>
</header>
${why}
<p><a href="${pathWith("/coverage")}#${action.service}-${action.name}">接口覆盖 Coverage map</a></p>
</section>`;
}

function listedLink(action: ListedAction): SafeHtml {
  const status = action.implemented ? "无表单 no form" : "未实现 not implemented";
  const haystack = `${action.name} ${action.title} ${action.service} ${status}`.toLowerCase();
  return html`<li data-search="${haystack}" class="unlisted"><a href="#${action.id}" data-action-link="${action.id}"><code>${action.name}</code><span class="link-desc" lang="zh-CN">${action.title}</span><span class="link-status">${action.service === "ess" ? "" : `${action.service} · `}${status}</span></a></li>`;
}

function actionLink(action: RegisteredAction, title = ""): SafeHtml {
  const haystack = `${action.name} ${title} ${action.description.zh} ${action.description.en}`.toLowerCase();
  return html`<li data-search="${haystack}"><a href="#${action.name}" data-action-link="${action.name}"><code>${action.name}</code><span class="link-desc" lang="zh-CN">${firstClause(action.description.zh)}</span></a></li>`;
}

const firstClause = (text: string) => text.split(/[：:；;。（(]/)[0];

function tenantPicker(tenants: ExplorerTenant[]): SafeHtml {
  if (!tenants.length) {
    return html`<p class="alert">还没有租户。No tenant yet: create one with <code>essd tenant create --name 示例科技有限公司</code> and reload.</p>`;
  }
  const byId = new Map(tenants.map((t) => [t.OrganizationId, t]));
  return html`<div class="field">
<label for="tenant">租户 Tenant</label>
<select id="tenant" aria-describedby="tenant-d">${tenants.map(
    (t) =>
      html`<option value="${t.OrganizationId}" data-operators="${JSON.stringify(t.OperatorUserIds)}" data-secret-ids="${JSON.stringify(t.SecretIds)}">${t.OrganizationName}${
        t.ParentOrganizationId ? ` — 子企业 sub-enterprise of ${byId.get(t.ParentOrganizationId)?.OrganizationName ?? t.ParentOrganizationId}` : ""
      }</option>`,
  )}</select>
<div class="hint" id="tenant-d"><p>OrganizationId <code id="tenant-org">${tenants[0].OrganizationId}</code></p></div>
</div>`;
}

export interface ExplorerPageInput {
  actions: RegisteredAction[];
  /** The rest of the API, listed after the actions with a form. */
  listed: ListedAction[];
  /** Tencent's Chinese name of each action with a form, searchable beside essd's descriptions. */
  titles: ReadonlyMap<string, string>;
  sections: SafeHtml;
  tenants: ExplorerTenant[];
  /** The Host the browser used: the page signs with it, and the SDK snippets point at it. */
  host: string;
}

export function explorerPage({ actions, listed, titles, sections, tenants, host }: ExplorerPageInput): PageDocument {
  return {
    lang: "zh-CN",
    title: "API Explorer · essd",
    stylesheets: ["/explorer/explorer.css"],
    scripts: ["/explorer/explorer.js"],
    icon: { href: "/explorer/favicon.svg", type: "image/svg+xml" },
    body: explorerBody(actions, listed, titles, sections, tenants, host),
  };
}

function explorerBody(actions: RegisteredAction[], listed: ListedAction[], titles: ReadonlyMap<string, string>, sections: SafeHtml, tenants: ExplorerTenant[], host: string): SafeHtml {
  const first = tenants[0];
  return html`<a class="skip-link" href="#main">跳到主要内容 Skip to content</a>
<header class="topbar">
<p class="brand"><span class="logo" aria-hidden="true">e</span><strong>essd</strong> <span>API Explorer</span></p>
<p class="topbar-meta">腾讯电子签 ESS <code>2020-11-11</code> · <span class="pill">sandbox</span> · <span class="endpoint">endpoint <code>${host}</code></span></p>
</header>
<div class="layout">
<nav class="sidebar" aria-label="接口 Actions">
<label for="search" class="search-label">搜索接口 Search actions</label>
<input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="Registration, 员工, AuthUrl…" aria-controls="action-list" aria-describedby="search-status">
<p id="search-status" class="small muted" role="status">${actions.length + listed.length} 个接口 actions</p>
<ul id="action-list" class="action-list">${actions.map((a) => actionLink(a, titles.get(a.name)))}${listed.map(listedLink)}</ul>
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
<div class="field">
<label for="operator">操作人 Operator.UserId</label>
<select id="operator" aria-describedby="operator-d">${(first?.OperatorUserIds ?? []).map((id) => html`<option>${id}</option>`)}</select>
<div class="hint" id="operator-d"><p>填入每个表单的 Operator.UserId。Filled into every form's Operator.UserId.</p></div>
</div>
<div class="field">
<label for="secret-id">SecretId</label>
<input id="secret-id" type="text" list="secret-ids" autocomplete="off" spellcheck="false" value="${first?.SecretIds[0] ?? ""}" aria-describedby="secret-id-d">
<datalist id="secret-ids">${(first?.SecretIds ?? []).map((id) => html`<option value="${id}"></option>`)}</datalist>
<div class="hint" id="secret-id-d"><p>该租户的有效密钥 The tenant's active keys (<code>essd key create --org …</code> adds one).</p></div>
</div>
<div class="field">
<label for="secret-key">SecretKey</label>
<div class="input-with-button">
<input id="secret-key" type="password" autocomplete="off" spellcheck="false" aria-describedby="secret-key-d">
<button type="button" class="secondary" id="toggle-key" aria-pressed="false" aria-controls="secret-key">显示 Show</button>
</div>
<div class="hint" id="secret-key-d"><p>只在本页面内用 Web Crypto 签名，从不发送给服务器。Used only inside this page (Web Crypto) to sign; never sent to any server. 见 See <code>demo-tenant.json</code> or <code>essd tenant create</code>.</p></div>
<label class="checkbox"><input type="checkbox" id="remember-key"> 在本标签页内记住 Remember in this tab (sessionStorage)</label>
</div>
</div>
</section>
<section class="card intro" id="intro" data-action-section aria-labelledby="intro-h">
<h2 id="intro-h" tabindex="-1">选择一个接口 Choose an action</h2>
<p>左侧先列出 essd 实现的 ${actions.length} 个接口（每个表单都由服务器校验参数所用的同一份 schema 生成），再列出规范中其余 ${listed.length} 个接口（未实现，无表单），便于搜索整个 API。完整列表见 <a href="${pathWith("/coverage")}">接口覆盖</a>。</p>
<p class="muted" lang="en">The list shows the actions essd implements first — each form is generated from the very schema the server validates with: names, types, required members, allowed values, limits and both descriptions — then every other action of the specs, marked not implemented and without a form, so the search covers the whole API. See the <a href="${pathWith("/coverage")}">coverage map</a>.</p>
<ol class="steps-list">
<li>输入 SecretKey · Type the tenant's SecretKey above.</li>
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
