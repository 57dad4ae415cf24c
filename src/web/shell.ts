/**
 * The one page shell: every HTML document essd serves (admin and legal-representative pages, link pages, the
 * review console, the API Explorer) is framed here and sent with its surface's header policy (policies.ts).
 * Styles and scripts are same-origin files (assets.ts), never inline, so no policy needs 'unsafe-inline'.
 */
import type { FastifyReply } from "fastify";
import { html, type SafeHtml } from "./html.ts";
import type { PagePolicy } from "./policies.ts";

export interface PageDocument {
  /** `zh-CN` or `en`: the page's language, for screen readers and hyphenation. */
  lang: string;
  /** The whole `<title>`. */
  title: string;
  stylesheets: readonly string[];
  /** Module scripts, same-origin. */
  scripts?: readonly string[];
  /** The favicon; by default none is fetched at all. */
  icon?: { href: string; type: string };
  themeColor?: string;
  bodyClass?: string;
  body: SafeHtml;
}

export function renderDocument(doc: PageDocument): string {
  return html`<!doctype html>
<html lang="${doc.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">${doc.themeColor ? html`<meta name="theme-color" content="${doc.themeColor}">` : ""}
<title>${doc.title}</title>
${doc.icon ? html`<link rel="icon" href="${doc.icon.href}" type="${doc.icon.type}">` : html`<link rel="icon" href="data:,">`}
${doc.stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">`)}
${(doc.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body${doc.bodyClass ? html` class="${doc.bodyClass}"` : ""}>${doc.body}</body></html>`.value;
}

export function sendDocument(reply: FastifyReply, policy: PagePolicy, status: number, doc: PageDocument): FastifyReply {
  return reply.code(status).headers(policy.headers).type("text/html; charset=utf-8").send(renderDocument(doc));
}
