/** The frame, headers and small building blocks every admin and legal-representative page shares. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { DomainDeps } from "../../domain/deps.ts";
import { APP_CSS } from "../assets.ts";
import { html, type SafeHtml } from "../html.ts";
import { H5_PAGES } from "../policies.ts";
import { sendDocument, type PageDocument } from "../shell.ts";
import type { BadRequest } from "../request-schema.ts";
import { langOf, translator, withLang, type Lang, type T } from "./i18n.ts";

export interface View {
  lang: Lang;
  t: T;
  /** This page's URL (path and query), for the language switch. */
  url: string;
  sandbox: boolean;
}

export function viewOf(deps: DomainDeps, req: FastifyRequest, reply: FastifyReply): View {
  const lang = langOf(req, reply, deps.publicUrl);
  // A form answer's switch leads to the page the form belongs to (attorney, bank, legal-rep and legal-rep's own have a GET).
  const url = req.method === "GET" ? req.url : req.url.replace(/\/(?:code|verify|confirm|logout)(?=\?|$)/, "");
  return { lang, t: translator(lang), url, sandbox: deps.mode === "sandbox" };
}

/** `topNavigation: false` leaves the header bar out (essbasic's console links with TopNavigationStatus DISABLE). */
export function sendAdminPage(reply: FastifyReply, view: View, status: number, title: string, body: SafeHtml, frame: { topNavigation?: boolean } = {}): FastifyReply {
  return sendDocument(reply, H5_PAGES, status, adminDocument(view, title, body, frame.topNavigation !== false));
}

/**
 * The admin's and legal representative's frame: a header with the brand and the language switch, then cards.
 * Mobile first (one column up to 36rem), no script, system fonts (app.css).
 */
function adminDocument(view: View, title: string, body: SafeHtml, topNavigation: boolean): PageDocument {
  const { t } = view;
  const other: Lang = view.lang === "en" ? "zh" : "en";
  const otherTag = other === "en" ? "en" : "zh-CN";
  const brand = t("腾讯电子签", "Tencent E-Sign");
  const footer = view.sandbox
    ? t("essd 沙箱 · 短信与打款均为模拟，不会真实发生", "essd sandbox · text messages and transfers are simulated")
    : t("essd · 腾讯电子签兼容服务", "essd · Tencent E-Sign compatible service");
  return {
    lang: view.lang === "en" ? "en" : "zh-CN",
    title: `${title} · ${brand}`,
    stylesheets: [APP_CSS],
    themeColor: "#0052d9",
    bodyClass: "app",
    body: html`<a class="skip" href="#main">${t("跳到主要内容", "Skip to content")}</a>
${topNavigation ? html`<header class="topbar"><div class="topbar-in"><span class="brand"><span class="brand-mark" aria-hidden="true">签</span>${brand}</span>
<a class="lang-switch" href="${withLang(view.url, other)}" lang="${otherTag}" hreflang="${otherTag}" id="lang-switch">${other === "en" ? "English" : "中文"}</a></div></header>` : ""}
<main id="main" tabindex="-1">${body}</main>
<footer class="foot">${footer}</footer>`,
  };
}

/** A refused query or path parameter (src/web/request-schema.ts), on the admin's frame. */
export function sendBadRequest(reply: FastifyReply, view: View, error: BadRequest): FastifyReply {
  const title = view.t("链接参数有误", "Malformed link");
  return sendAdminPage(reply, view, 400, title, html`<section class="card" aria-labelledby="problem-title" id="problem-bad-request">
<h1 id="problem-title">${title}</h1><p class="muted">${view.t(error.zh, error.en)}</p></section>`);
}

export type NoticeKind = "error" | "ok" | "info" | "sandbox";

/** A message box; errors are announced at once (role=alert), the others politely (role=status). */
export function notice(kind: NoticeKind, text: string | SafeHtml, title?: string): SafeHtml {
  return html`<div class="notice notice-${kind}" role="${kind === "error" ? "alert" : "status"}" id="notice-${kind}">${title ? html`<strong>${title}</strong>` : ""}${text}</div>`;
}

export type BadgeKind = "neutral" | "info" | "ok" | "warn" | "bad";
export const badge = (kind: BadgeKind, text: string): SafeHtml => html`<span class="badge${kind === "neutral" ? "" : ` badge-${kind}`}">${text}</span>`;

export { csrfField } from "../html.ts";

/** A definition list of label/value rows; empty values show a dash. */
export const facts = (rows: Array<[label: string, value: string | SafeHtml, id?: string]>): SafeHtml =>
  html`<dl class="kv">${rows.map(([label, value, id]) => html`<div><dt>${label}</dt><dd${id ? html` id="${id}"` : ""}>${value === "" ? "—" : value}</dd></div>`)}</dl>`;

export { beijingTime } from "../../domain/formats.ts";
