import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../../config/config.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import type { RegisteredAction } from "../../protocol/action.ts";
import type { ServiceRegistry } from "../../protocol/services.ts";
import { serveAssets } from "../assets.ts";
import { html, type SafeHtml } from "../html.ts";
import { API_EXPLORER } from "../policies.ts";
import { plainDocument } from "../responses.ts";
import { sendDocument } from "../shell.ts";
import { explorerPage, renderActionSection, renderListedSection, sectionId, type ExplorerService, type FormAction, type ListedAction } from "./page.ts";
import { checkSnippetRequest, generateSnippets, SNIPPET_LANGUAGES } from "./snippets.ts";
import { listExplorerApplications, listExplorerTenants } from "./tenants.ts";
import { z } from "zod";
import { NO_QUERY, one, reads, readsWithSchemas } from "../request-schema.ts";

export interface ExplorerOptions {
  config: Config;
  domain: DomainDeps;
  /** The dispatcher's own registry, so the forms come from the schemas the server validates with. */
  services: ServiceRegistry;
}

/** The API Explorer at /explorer: sandbox only; in production every explorer URL answers 404. */
export async function registerExplorerRoutes(app: FastifyInstance, { config, domain, services }: ExplorerOptions): Promise<void> {
  const disabled = config.mode === "production";
  const { services: explorerServices, actions, listed } = explorerListing(services);
  // Rendered on the first visit, not at start: every form derives its action's JSON Schema (≈ 6 % of a start's CPU).
  let sections: SafeHtml | undefined;
  const sectionsHtml = () => (sections ??= html`${actions.map(renderActionSection)}${listed.map(renderListedSection)}`);
  // Served as they are, no build step: signing.js is the very file signing.test.ts checks against the server.
  if (!disabled) await serveAssets(app, "/explorer/", new URL("./browser/", import.meta.url));

  const disabledPage = (reply: FastifyReply) =>
    plainPage(
      reply,
      404,
      "API Explorer 已停用",
      html`<h1>API Explorer 已停用</h1><p>API Explorer 只在沙箱模式下提供；本服务以 <code>--mode production</code> 运行。</p><p class="muted">The API Explorer is disabled in production: it is a sandbox tool. Start essd with <code>--mode sandbox</code> (the default) to use it.</p>`,
    );

  // What no explorer URL reads, it ignores; a parameter it reads given twice is the explorer's 400 page.
  readsWithSchemas(app, (_req, reply, error) => plainPage(reply, 400, "请求有误", html`<h1>请求有误 / Bad request</h1><p class="muted">${error.zh}<br>${error.en}</p>`));
  const noQuery = reads({ query: NO_QUERY });
  const fileParams = reads({ params: z.object({ file: one }), query: NO_QUERY });

  app.get("/explorer", noQuery, async (req, reply) => {
    if (disabled) return disabledPage(reply);
    const [tenants, applications] = await Promise.all([listExplorerTenants(domain), listExplorerApplications(domain)]);
    const host = req.headers.host ?? new URL(domain.publicUrl).host;
    return sendDocument(reply, API_EXPLORER, 200, explorerPage({ services: explorerServices, actions, listed, sections: sectionsHtml(), tenants, applications, host }));
  });

  app.get("/explorer/", noQuery, async (_req, reply) => (disabled ? disabledPage(reply) : reply.redirect("/explorer", 301)));

  // What the asset folder does not hold.
  app.get("/explorer/:file", fileParams, async (_req, reply) => disabledOrMissing(reply, disabled));

  app.post("/explorer/snippets", { ...noQuery, bodyLimit: 1024 * 1024 }, async (req, reply) => {
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

const plainPage = (reply: FastifyReply, status: number, title: string, body: SafeHtml) => sendDocument(reply, API_EXPLORER, status, plainDocument(title, body));

const disabledOrMissing = (reply: FastifyReply, disabled: boolean) =>
  plainPage(reply, 404, disabled ? "API Explorer 已停用" : "未找到", disabled ? html`<h1>API Explorer 已停用</h1><p class="muted">Disabled in production.</p>` : html`<h1>未找到 Not found</h1>`);

/** How the service picker names each service (the registry knows them by name and version only). */
const SERVICE_LABELS: Record<string, string> = { ess: "企业自建应用 Enterprise", essbasic: "第三方应用集成 Platform" };

/** Every service with its implemented actions (each with a form), then every other action of every spec. */
export function explorerListing(registry: ServiceRegistry): { services: ExplorerService[]; actions: FormAction[]; listed: ListedAction[] } {
  const services: ExplorerService[] = [];
  const actions: FormAction[] = [];
  const listed: ListedAction[] = [];
  for (const registered of registry.services) {
    const service = { name: registered.name, version: registered.version, label: SERVICE_LABELS[registered.name] ?? registered.name };
    services.push(service);
    const specActions = Object.entries(registered.spec.actions).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const action of registered.actions.values()) actions.push({ action, service, title: registered.spec.actions[action.name]?.title ?? "" });
    for (const [name, spec] of specActions) {
      if (!registered.actions.has(name)) listed.push({ id: sectionId(service.name, name), name, service: service.name, version: service.version, title: spec.title });
    }
  }
  return { services, actions, listed };
}
