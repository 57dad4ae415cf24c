/** The plain page frame (one card, readable on a phone without any script) and the link pages' refusals. */
import type { FastifyReply } from "fastify";
import { PLAIN_CSS } from "./assets.ts";
import { html, type SafeHtml } from "./html.ts";
import { H5_PAGES, type PagePolicy } from "./policies.ts";
import { sendDocument, type PageDocument } from "./shell.ts";

export function plainDocument(title: string, body: SafeHtml, stylesheets: readonly string[] = []): PageDocument {
  return {
    lang: "zh-CN",
    title: `${title} · essd`,
    stylesheets: [PLAIN_CSS, ...stylesheets],
    body: html`<main><div class="card">${body}</div><footer>essd · 腾讯电子签兼容沙箱 / Tencent ESS compatible sandbox</footer></main>`,
  };
}

export const sendPage = (reply: FastifyReply, status: number, title: string, body: SafeHtml, policy: PagePolicy = H5_PAGES) =>
  sendDocument(reply, policy, status, plainDocument(title, body));

export const notFound = (reply: FastifyReply) =>
  sendPage(reply, 404, "链接无效", html`<h1>链接无效</h1><p class="muted">该链接不存在或已被清除。<br>This link does not exist or has been cleared.</p>`);

export const expired = (reply: FastifyReply) =>
  sendPage(reply, 410, "链接已过期", html`<h1>链接已过期</h1><p class="muted">请联系发起方重新生成链接。<br>This link has expired; ask the sender for a new one.</p>`);
