/**
 * The review console at `/review`: where a reviewer signs in with the installation's admin token, sees every
 * tenant's powers of attorney awaiting review with the file, and approves or rejects them. Present in sandbox and
 * production mode alike (a self-hosting platform's reviewers use it). Server-rendered; works without script.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readAdminToken, sameSecret } from "../../domain/admin-token.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { EssError } from "../../domain/errors.ts";
import type { FileType } from "../../domain/identity/index.ts";
import { businessLicenseFile, decideReview, powerOfAttorneyFile, reviewQueue, storedFileType } from "../../domain/review/queue.ts";
import { statusOfError } from "../admin/problems.ts";
import { html, type SafeHtml } from "../html.ts";
import { formOf } from "../request-parts.ts";
import { serveAssets } from "../assets.ts";
import { REVIEW_CONSOLE, REVIEW_FILE } from "../policies.ts";
import { plainDocument } from "../responses.ts";
import { sendDocument } from "../shell.ts";
import { z } from "zod";
import { NO_QUERY, one, optionalOne, reads, readsWithSchemas } from "../request-schema.ts";
import { pathWith } from "../../platform/url.ts";
import { loginPage, queuePage, REVIEW_FLOW, STYLESHEET, type Notice, type QueueView } from "./pages.ts";
import { REVIEW_CHANGE, type ChangeItem } from "./change-cards.ts";
import { decideOrganizationChange } from "../../domain/organization-change/base-info.ts";
import { csrfValid, endSession, reviewAuth, startSession, type ReviewAuth } from "./session.ts";

/** Items shown at once; the oldest first, so nothing waits unseen for long. */
export const QUEUE_LIMIT = 100;

const CONTENT_TYPES: Record<FileType, string> = { png: "image/png", jpg: "image/jpeg", pdf: "application/pdf" };

const FLOW_PARAMS = z.object({ org: one, flow: one });
type FlowParams = { Params: z.infer<typeof FLOW_PARAMS> };
const flowRoute = reads({ params: FLOW_PARAMS, query: NO_QUERY });
const formRoute = reads({ query: NO_QUERY });
const QUEUE_QUERY = z.object({ done: optionalOne, org: optionalOne, flow: optionalOne, change: optionalOne });
const CHANGE_PARAMS = z.object({ change: one });
type ChangeParams = { Params: z.infer<typeof CHANGE_PARAMS> };
const changeRoute = reads({ params: CHANGE_PARAMS, query: NO_QUERY });

export async function registerReviewConsole(app: FastifyInstance, deps: DomainDeps): Promise<void> {
  // A file's type never changes for its content hash: sniff each once, not at every render of the queue.
  const typeByHash = new Map<string, FileType | undefined>();

  const page = (reply: FastifyReply, status: number, title: string, body: SafeHtml) => sendDocument(reply, REVIEW_CONSOLE, status, plainDocument(title, body, [STYLESHEET]));
  const login = (reply: FastifyReply, status: number, notice?: Notice) => page(reply, status, "审核员登录", loginPage(notice));

  const queue = async (reply: FastifyReply, auth: ReviewAuth, status: number, extra: Pick<QueueView, "notice" | "draft" | "changeDraft"> = {}) => {
    const items = await reviewQueue(deps, QUEUE_LIMIT);
    const changes = await changeQueue(deps, QUEUE_LIMIT);
    for (const item of items) {
      const hash = item.fileHash;
      if (hash === undefined || typeByHash.has(hash)) continue;
      // The queue knows each file's hash: the file alone tells its type, without reading the flow again.
      remember(typeByHash, hash, await storedFileType(deps, hash));
    }
    const csrf = auth.via === "session" ? auth.csrf : "";
    return page(reply, status, "待审核授权书", queuePage({ items, changes, fileTypes: typeByHash, csrf, limit: QUEUE_LIMIT, ...extra }));
  };

  await serveAssets(app, "/review/", new URL("./assets/", import.meta.url));
  readsWithSchemas(app, (_req, reply, error) => page(reply, 400, "请求有误", html`<h1>请求有误 / Bad request</h1><p class="muted">${error.zh}<br>${error.en}</p><p><a href="/review">返回审核列表 / Back to the queue</a></p>`));

  app.get<{ Querystring: z.infer<typeof QUEUE_QUERY> }>("/review", reads({ query: QUEUE_QUERY }), async (req, reply) => {
    const auth = await reviewAuth(deps, req);
    if (!auth) return login(reply, 200);
    return queue(reply, auth, 200, { notice: await doneNotice(deps, req.query) });
  });

  app.post("/review/login", formRoute, async (req, reply) => {
    const token = formOf(req).get("token")?.trim() ?? "";
    const adminToken = await readAdminToken(deps);
    if (!adminToken) {
      return login(reply, 503, { kind: "error", text: "此安装尚未生成管理员令牌：启动 essd serve 或运行 essd admin-token。/ No admin token exists yet: start essd serve or run essd admin-token." });
    }
    if (!token || !sameSecret(deps, token, adminToken)) {
      return login(reply, 401, { kind: "error", text: "令牌不正确，请重试。/ That is not the admin token; try again." });
    }
    startSession(deps, req, reply, token);
    return reply.redirect("/review", 303);
  });

  app.post("/review/logout", formRoute, async (req, reply) => {
    const auth = await reviewAuth(deps, req);
    if (auth && !csrfValid(deps, auth, formOf(req).get("csrf"))) return login(reply, 403, staleForm);
    endSession(deps, req, reply);
    return reply.redirect("/review", 303);
  });

  const sendFile = (reply: FastifyReply, file: { bytes: Buffer; type: FileType | undefined; hash: string }, name: string) =>
    reply
      .code(200)
      .headers(REVIEW_FILE.headers)
      .header("content-type", file.type ? CONTENT_TYPES[file.type] : "application/octet-stream")
      .header("content-disposition", `${file.type ? "inline" : "attachment"}; filename="${name}-${file.hash.slice(0, 12)}.${file.type ?? "bin"}"`)
      .header("cache-control", "private, no-store")
      .send(file.bytes);

  app.get<FlowParams>(`${REVIEW_FLOW}/file`, flowRoute, async (req, reply) => {
    if (!(await reviewAuth(deps, req))) return login(reply, 401, signInFirst);
    try {
      const file = await powerOfAttorneyFile(deps, req.params.org, req.params.flow);
      remember(typeByHash, file.hash, file.type);
      return sendFile(reply, file, "power-of-attorney");
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      return page(reply, 404, "没有授权书", html`<h1>没有授权书</h1><p class="muted">${error.messageIn("zh-CN")}<br>${error.messageIn("en-US")}</p><p><a href="/review">返回审核列表 / Back to the queue</a></p>`);
    }
  });

  // The business licence the integrator sent with the link, so the reviewer can compare it with the power of attorney.
  app.get<FlowParams>(`${REVIEW_FLOW}/license`, flowRoute, async (req, reply) => {
    if (!(await reviewAuth(deps, req))) return login(reply, 401, signInFirst);
    const file = await businessLicenseFile(deps, req.params.org, req.params.flow).catch((error) => {
      if (error instanceof EssError) return undefined;
      throw error;
    });
    if (file) return sendFile(reply, file, "business-license");
    return page(reply, 404, "没有营业执照", html`<h1>没有营业执照</h1><p class="muted">此认证流的链接没有附带营业执照。/ This flow's link came with no business licence.</p><p><a href="/review">返回审核列表 / Back to the queue</a></p>`);
  });

  const decide = (approve: boolean) => async (req: FastifyRequest<FlowParams>, reply: FastifyReply) => {
    const auth = await reviewAuth(deps, req);
    if (!auth) return login(reply, 401, signInFirst);
    const form = formOf(req);
    if (!csrfValid(deps, auth, form.get("csrf"))) return queue(reply, auth, 403, { notice: staleForm });
    const { org, flow } = req.params;
    const reason = form.get("reason") ?? "";
    try {
      await decideReview(deps, org, flow, approve ? { approve: true } : { approve: false, reason });
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      const notice: Notice = { kind: "error", text: `${error.messageIn("zh-CN")} / ${error.messageIn("en-US")}` };
      return queue(reply, auth, statusOfError(error), { notice, draft: approve ? undefined : { flowId: flow, reason } });
    }
    return reply.redirect(pathWith("/review", { done: approve ? "approved" : "rejected", org, flow }), 303);
  };
  app.post<FlowParams>(`${REVIEW_FLOW}/approve`, flowRoute, decide(true));
  app.post<FlowParams>(`${REVIEW_FLOW}/reject`, flowRoute, decide(false));

  const decideChange = (approve: boolean) => async (req: FastifyRequest<ChangeParams>, reply: FastifyReply) => {
    const auth = await reviewAuth(deps, req);
    if (!auth) return login(reply, 401, signInFirst);
    const form = formOf(req);
    if (!csrfValid(deps, auth, form.get("csrf"))) return queue(reply, auth, 403, { notice: staleForm });
    const id = req.params.change;
    const reason = form.get("reason") ?? "";
    try {
      await decideOrganizationChange(deps, id, approve ? { approve: true } : { approve: false, reason });
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      const notice: Notice = { kind: "error", text: `${error.messageIn("zh-CN")} / ${error.messageIn("en-US")}` };
      return queue(reply, auth, statusOfError(error), { notice, changeDraft: approve ? undefined : { id, reason } });
    }
    return reply.redirect(pathWith("/review", { done: approve ? "change-approved" : "change-rejected", change: id }), 303);
  };
  app.post<ChangeParams>(`${REVIEW_CHANGE}/approve`, changeRoute, decideChange(true));
  app.post<ChangeParams>(`${REVIEW_CHANGE}/reject`, changeRoute, decideChange(false));
}

/** Every tenant's organization information changes awaiting review, with the tenant's name. */
async function changeQueue(deps: DomainDeps, limit: number): Promise<ChangeItem[]> {
  const changes = await deps.store.listOrganizationChangesAwaitingReview(limit);
  const names = new Map<string, string>();
  for (const change of changes) {
    if (!names.has(change.organizationId)) names.set(change.organizationId, (await deps.store.getOrganization(change.organizationId))?.name ?? change.organizationId);
  }
  return changes.map((change) => ({ change, tenantName: names.get(change.organizationId)! }));
}

const signInFirst: Notice = { kind: "error", text: "请先登录。/ Sign in first." };
const staleForm: Notice = { kind: "error", text: "表单已失效（CSRF 校验失败），请刷新页面后重试。/ The form has expired (CSRF check failed); reload the page and try again." };

/** After a decision the browser is redirected here (POST → 303 → GET), naming what was decided. */
async function doneNotice(deps: DomainDeps, query: { done?: string; org?: string; flow?: string; change?: string }): Promise<Notice | undefined> {
  if (query.done === "change-approved" || query.done === "change-rejected") {
    const change = query.change ? await deps.store.getOrganizationChange(query.change) : undefined;
    const name = change ? `「${change.newName}」` : "";
    return query.done === "change-approved"
      ? { kind: "ok", text: `已通过${name}的企业信息变更，企业名称已更新。/ Approved: the enterprise has its new name.` }
      : { kind: "ok", text: `已驳回${name}的企业信息变更。/ Rejected: the enterprise keeps its information.` };
  }
  if (query.done !== "approved" && query.done !== "rejected") return undefined;
  const [flow] = query.org && query.flow ? await deps.store.findAuthFlows(query.org, { ids: [query.flow] }) : [];
  const name = flow ? `「${flow.organizationName}」` : "";
  return query.done === "approved"
    ? { kind: "ok", text: `已通过${name}的授权书，企业已完成认证。/ Approved: the enterprise is verified.` }
    : { kind: "ok", text: `已驳回${name}的授权书，管理员可重新上传。/ Rejected: the admin may upload again.` };
}


function remember(cache: Map<string, FileType | undefined>, hash: string, type: FileType | undefined): void {
  if (cache.size >= 10_000) cache.clear();
  cache.set(hash, type);
}
