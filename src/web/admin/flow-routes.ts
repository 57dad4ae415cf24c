/**
 * One enterprise's pages under an admin link (session required; every step goes through the flow machine):
 *   GET  /h5/auth/:token/flows/:flowId              the enterprise: details, method, review, result
 *   POST …/confirm                                  confirm the details (Create → Submit)
 *   GET  …/attorney   POST …/attorney (multipart)   upload the power of attorney (types 1, 5)
 *   GET  …/bank       POST …/bank                   confirm the transferred amount (type 5)
 *   GET  …/legal-rep  POST …/legal-rep              text the legal representative their link (type 2)
 * Forms answer 303 to the enterprise's page (`?done=<step>`) or show the refusal beside the form.
 */
import { formOf } from "../request-parts.ts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sendLegalRepLink } from "../../domain/admin-link.ts";
import type { EnterpriseDetails, FlowEvent } from "../../domain/authorization/flow-machine.ts";
import { applyFlowEvent, uploadPowerOfAttorney } from "../../domain/authorization/flows.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { EssError } from "../../domain/errors.ts";
import { formatSize } from "../../domain/identity/index.ts";
import { POWER_OF_ATTORNEY_MAX_BYTES } from "../../domain/registration/organization-rows.ts";
import { html, type SafeHtml } from "../html.ts";
import { bankPage, uploadPage } from "./attorney-pages.ts";
import { flowPage } from "./flow-page.ts";
import { FLOW_HOME, flowHome, flowOf, withSession } from "./guards.ts";
import { apiLanguage } from "./i18n.ts";
import { sendAdminPage, sendBadRequest, viewOf, type View } from "./layout.ts";
import { legalRepSendPage } from "./legal-rep-pages.ts";
import { pageHandler, statusOfError } from "./problems.ts";
import { requireCsrf } from "./session.ts";
import { methodsOf } from "./status.ts";
import { checkPowerOfAttorney, readUploadForm } from "./upload.ts";
import { z } from "zod";
import { BadRequest, one, optionalOne, pageQuery, reads } from "../request-schema.ts";

const FLOW_PARAMS = z.object({ token: one, flowId: one });
const FLOW_QUERY = pageQuery({ done: optionalOne });
type FlowRoute = { Params: z.infer<typeof FLOW_PARAMS>; Querystring: z.infer<typeof FLOW_QUERY> };
const flowRoute = reads({ params: FLOW_PARAMS, query: FLOW_QUERY });
const FLOW = FLOW_HOME;
/** The file plus the form's few fields and multipart framing. */
const UPLOAD_BODY_LIMIT = POWER_OF_ATTORNEY_MAX_BYTES + 256 * 1024;

export function registerFlowPages(app: FastifyInstance, deps: DomainDeps): void {
  const load = async (req: FastifyRequest<FlowRoute>) => {
    const { admin, session } = await withSession(deps, req, req.params.token);
    return { admin, session, ctx: await flowOf(deps, admin, req.params.flowId) };
  };
  type Loaded = Awaited<ReturnType<typeof load>>;
  const page = (reply: FastifyReply, view: View, status: number, loaded: Loaded, body: SafeHtml) =>
    sendAdminPage(reply, view, status, loaded.ctx.flow.organizationName || view.t("企业认证", "Enterprise verification"), body);
  const back = (reply: FastifyReply, loaded: Loaded, done?: string) =>
    reply.redirect(flowHome(loaded.admin.link.code, loaded.ctx.flow.id, { done }), 303);
  /** A domain refusal's status and message; anything else is not a refusal and goes on up. */
  const refusal = (view: View, error: unknown): [status: number, text: string] => {
    if (error instanceof EssError) return [statusOfError(error), error.messageIn(apiLanguage(view.lang))];
    throw error;
  };
  const apply = (loaded: Loaded, event: FlowEvent) => applyFlowEvent(deps, loaded.admin.link.organizationId, loaded.ctx.flow.id, event);

  const showFlow = (reply: FastifyReply, view: View, loaded: Loaded, status: number, extra: { error?: string; done?: string; draft?: EnterpriseDetails } = {}) =>
    page(reply, view, status, loaded, flowPage(view, { admin: loaded.admin, ctx: loaded.ctx, csrf: loaded.session.csrf, ...extra }));

  app.get<FlowRoute>(FLOW, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => showFlow(reply, view, await load(req), 200, { done: req.query.done })));

  app.post<FlowRoute>(`${FLOW}/confirm`, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    const form = formOf(req);
    requireCsrf(deps, loaded.session.csrf, form.get("csrf"));
    // Only what the link left out is asked for; the machine ignores the rest.
    const draft = { organizationName: form.get("organizationName") ?? undefined, creditCode: form.get("creditCode") ?? undefined };
    try {
      await apply(loaded, { type: "confirm", details: draft });
    } catch (error) {
      const [status, text] = refusal(view, error);
      return showFlow(reply, view, loaded, status, { error: text, draft });
    }
    return back(reply, loaded, "confirm");
  }));

  // Power of attorney (types 1 and 5).
  const showUpload = (reply: FastifyReply, view: View, loaded: Loaded, status: number, error?: string) =>
    page(reply, view, status, loaded, uploadPage(view, { admin: loaded.admin, flow: loaded.ctx.flow, csrf: loaded.session.csrf, error }));
  app.get<FlowRoute>(`${FLOW}/attorney`, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    return loaded.ctx.snapshot.accepted.includes("upload-power-of-attorney") ? showUpload(reply, view, loaded, 200) : back(reply, loaded);
  }));
  app.post<FlowRoute>(`${FLOW}/attorney`, {
    ...flowRoute,
    bodyLimit: UPLOAD_BODY_LIMIT,
    // A body past the limit is refused before the handler runs: answer with a page, not the API's error.
    errorHandler: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const view = viewOf(deps, req, reply);
      if (error instanceof BadRequest) return sendBadRequest(reply, view, error);
      const tooLarge = error.code === "FST_ERR_CTP_BODY_TOO_LARGE";
      if (tooLarge) reply.header("connection", "close");
      const limit = formatSize(POWER_OF_ATTORNEY_MAX_BYTES);
      const text = tooLarge ? view.t(`文件大小超过上限${limit}，请压缩后重新上传。`, `The file is larger than the ${limit} limit; make it smaller and upload again.`) : view.t("上传失败，请重试。", "The upload failed; try again.");
      return sendAdminPage(reply, view, tooLarge ? 413 : 400, view.t("上传失败", "Upload failed"), uploadFailed(view, text, req.url));
    },
  }, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const form = await readUploadForm(body, req.headers["content-type"] ?? "", POWER_OF_ATTORNEY_MAX_BYTES).catch(() => undefined);
    requireCsrf(deps, loaded.session.csrf, form?.fields.csrf);
    const verdict = checkPowerOfAttorney(form!.file, POWER_OF_ATTORNEY_MAX_BYTES);
    if (!verdict.ok) return showUpload(reply, view, loaded, verdict.status, view.t(verdict.zh, verdict.en));
    try {
      await uploadPowerOfAttorney(deps, loaded.admin.link.organizationId, loaded.ctx.flow.id, verdict.bytes);
    } catch (error) {
      return showUpload(reply, view, loaded, ...refusal(view, error));
    }
    return back(reply, loaded, "upload");
  }));

  // Bank transfer (type 5).
  const showBank = (reply: FastifyReply, view: View, loaded: Loaded, status: number, error?: string, amountDraft?: string) =>
    page(reply, view, status, loaded, bankPage(view, { admin: loaded.admin, flow: loaded.ctx.flow, csrf: loaded.session.csrf, amount: loaded.ctx.snapshot.bankTransferAmount, error, amountDraft }));
  app.get<FlowRoute>(`${FLOW}/bank`, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    return loaded.ctx.snapshot.accepted.includes("bank-amount") ? showBank(reply, view, loaded, 200) : back(reply, loaded);
  }));
  app.post<FlowRoute>(`${FLOW}/bank`, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    const form = formOf(req);
    requireCsrf(deps, loaded.session.csrf, form.get("csrf"));
    const amount = (form.get("amount") ?? "").trim().slice(0, 16);
    if (!amount) return showBank(reply, view, loaded, 400, view.t("请填写收到的金额。", "Enter the amount received."));
    try {
      await apply(loaded, { type: "bank-amount", amount });
    } catch (error) {
      return showBank(reply, view, loaded, ...refusal(view, error), amount);
    }
    return back(reply, loaded, "bank");
  }));

  // Legal representative (type 2): the admin's side.
  const showLegalRep = (reply: FastifyReply, view: View, loaded: Loaded, status: number, error?: string, mobileDraft?: string) =>
    page(reply, view, status, loaded, legalRepSendPage(view, { admin: loaded.admin, flow: loaded.ctx.flow, csrf: loaded.session.csrf, error, mobileDraft }));
  app.get<FlowRoute>(`${FLOW}/legal-rep`, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    const open = methodsOf(loaded.ctx.flow).includes("legal-rep") && loaded.ctx.snapshot.accepted.includes("legal-rep-approve");
    return open ? showLegalRep(reply, view, loaded, 200) : back(reply, loaded);
  }));
  app.post<FlowRoute>(`${FLOW}/legal-rep`, flowRoute, pageHandler<FlowRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req);
    const form = formOf(req);
    requireCsrf(deps, loaded.session.csrf, form.get("csrf"));
    const mobile = (form.get("mobile") ?? "").trim().slice(0, 32);
    try {
      await sendLegalRepLink(deps, { organizationId: loaded.admin.link.organizationId, flowId: loaded.ctx.flow.id, mobile, adminName: loaded.admin.adminName });
    } catch (error) {
      return showLegalRep(reply, view, loaded, ...refusal(view, error), mobile);
    }
    return back(reply, loaded, "legal-rep");
  }));
}

function uploadFailed(view: View, text: string, formUrl: string): SafeHtml {
  return html`<section class="card" aria-labelledby="problem-title" id="problem-upload"><h1 id="problem-title">${view.t("上传失败", "Upload failed")}</h1>
<p role="alert">${text}</p><a class="btn btn-secondary" href="${formUrl}">${view.t("重新上传", "Upload again")}</a></section>`;
}
