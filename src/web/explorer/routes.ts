import { readFileSync } from "node:fs";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../../config/config.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import type { RegisteredAction } from "../../protocol/action.ts";
import { html } from "../html.ts";
import { sendPage } from "../responses.ts";
import { explorerPage, renderActionSection } from "./page.ts";
import { checkSnippetRequest, generateSnippets, SNIPPET_LANGUAGES } from "./snippets.ts";
import { listExplorerTenants } from "./tenants.ts";

export interface ExplorerOptions {
  config: Config;
  domain: DomainDeps;
  /** The dispatcher's own registered actions, so the forms come from the schemas the server validates with. */
  actions: ReadonlyMap<string, RegisteredAction>;
}

// Served as they are: no build step, and signing.js is the very file signing.test.ts checks against the server.
const ASSETS: Record<string, { file: string; type: string }> = {
  "explorer.js": { file: "explorer.js", type: "text/javascript; charset=utf-8" },
  "signing.js": { file: "signing.js", type: "text/javascript; charset=utf-8" },
  "explorer.css": { file: "explorer.css", type: "text/css; charset=utf-8" },
  "favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
};

// The SecretKey is typed into this page: no inline script, no third-party origin, no framing.
const PAGE_SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** The API Explorer at /explorer: sandbox only; in production every explorer URL answers 404. */
export function registerExplorerRoutes(app: FastifyInstance, { config, domain, actions }: ExplorerOptions): void {
  const disabled = config.mode === "production";
  const registered = [...actions.values()];
  const sections = html`${registered.map(renderActionSection)}`;
  const assets = new Map(Object.entries(ASSETS).map(([name, a]) => [name, { type: a.type, body: readFileSync(new URL(`./${a.file}`, import.meta.url)) }]));

  const disabledPage = (reply: FastifyReply) =>
    sendPage(
      reply,
      404,
      "API Explorer 已停用",
      html`<h1>API Explorer 已停用</h1><p>API Explorer 只在沙箱模式下提供；本服务以 <code>--mode production</code> 运行。</p><p class="muted">The API Explorer is disabled in production: it is a sandbox tool. Start essd with <code>--mode sandbox</code> (the default) to use it.</p>`,
    );

  app.get("/explorer", async (req, reply) => {
    if (disabled) return disabledPage(reply);
    const tenants = await listExplorerTenants(domain);
    const host = req.headers.host ?? new URL(domain.publicUrl).host;
    return reply.code(200).headers(PAGE_SECURITY_HEADERS).type("text/html; charset=utf-8").send(explorerPage({ actions: registered, sections, tenants, host }));
  });

  app.get("/explorer/", async (_req, reply) => (disabled ? disabledPage(reply) : reply.redirect("/explorer", 301)));

  app.get<{ Params: { file: string } }>("/explorer/:file", async (req, reply) => {
    const asset = assets.get(req.params.file);
    if (disabled || !asset) return disabledOrMissing(reply, disabled);
    return reply.code(200).header("cache-control", "no-cache").header("x-content-type-options", "nosniff").type(asset.type).send(asset.body);
  });

  app.post("/explorer/snippets", { bodyLimit: 1024 * 1024 }, async (req, reply) => {
    if (disabled) return disabledOrMissing(reply, disabled);
    let input;
    try {
      input = checkSnippetRequest(JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "null"));
    } catch (error) {
      return reply.code(400).header("cache-control", "no-store").send({ error: (error as Error).message });
    }
    const code = generateSnippets(input);
    return reply.header("cache-control", "no-store").send({ snippets: SNIPPET_LANGUAGES.map((l) => ({ ...l, code: code[l.id] })) });
  });
}

const disabledOrMissing = (reply: FastifyReply, disabled: boolean) =>
  sendPage(reply, 404, disabled ? "API Explorer 已停用" : "未找到", disabled ? html`<h1>API Explorer 已停用</h1><p class="muted">Disabled in production.</p>` : html`<h1>未找到 Not found</h1>`);
