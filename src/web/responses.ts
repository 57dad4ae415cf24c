import type { FastifyReply } from "fastify";
import { html, page, type SafeHtml } from "./html.ts";

export const sendPage = (reply: FastifyReply, status: number, title: string, body: SafeHtml) =>
  reply.code(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(page(title, body));

export const notFound = (reply: FastifyReply) =>
  sendPage(reply, 404, "链接无效", html`<h1>链接无效</h1><p class="muted">该链接不存在或已被清除。<br>This link does not exist or has been cleared.</p>`);

export const expired = (reply: FastifyReply) =>
  sendPage(reply, 410, "链接已过期", html`<h1>链接已过期</h1><p class="muted">请联系发起方重新生成链接。<br>This link has expired; ask the sender for a new one.</p>`);
