/**
 * The legal representative's own page, from the SMS the admin had sent (AuthorizationTypes 2):
 *   GET  /h5/legal-rep?token=…   the request: enterprise and admin, masked
 *   POST /h5/legal-rep?token=…   decision=approve | refuse (+ reason) → legal-rep-approve / legal-rep-refuse
 * Holding the texted link is the legal representative's proof; forms carry a token derived from it.
 */
import { formOf } from "../request-parts.ts";
import type { FastifyInstance, FastifyReply } from "fastify";
import { isLatestLegalRepLink, LEGAL_REP_LINK_KIND, LEGAL_REP_PAGE } from "../../domain/admin-link.ts";
import { pathWith } from "../../platform/url.ts";
import { applyFlowEvent, describeFlow, refusalOf, type FlowSnapshot } from "../../domain/authorization/flows.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import { EssError } from "../../domain/errors.ts";
import { lookupLink } from "../../domain/links.ts";
import { formToken } from "../../domain/signed-session.ts";
import { z } from "zod";
import { optionalOne, pageQuery, reads } from "../request-schema.ts";
import type { LinkRecord } from "../../store/ports.ts";
import { apiLanguage } from "./i18n.ts";
import { sendAdminPage, type View } from "./layout.ts";
import { legalRepPage } from "./legal-rep-pages.ts";
import { requireCsrf } from "./session.ts";
import { pageHandler, Problem, sendErrorPage, statusOfError } from "./problems.ts";

const LEGAL_REP_QUERY = pageQuery({ token: optionalOne });
type LegalRepRoute = { Querystring: z.infer<typeof LEGAL_REP_QUERY> };
const legalRepRoute = reads({ query: LEGAL_REP_QUERY });
const MAX_REASON = 200;

export function registerLegalRepPages(app: FastifyInstance, deps: DomainDeps): void {
  const csrfOf = (token: string) => formToken(deps, "legal-rep-csrf", token);

  const load = async (token: string | undefined): Promise<{ link: LinkRecord; snapshot: FlowSnapshot }> => {
    const found = token ? await lookupLink(deps, token) : ({ state: "unknown" } as const);
    if (found.state === "unknown" || found.link.kind !== LEGAL_REP_LINK_KIND) throw new Problem("unknown");
    if (found.state === "expired") throw new Problem("expired");
    const snapshot = await describeFlow(deps, found.link.organizationId, String(found.link.target.flowId)).catch((error) => {
      if (error instanceof EssError) throw new Problem("unknown");
      throw error;
    });
    if (snapshot.flow.state === "cleared") throw new Problem("cleared");
    if (!isLatestLegalRepLink(snapshot.flow, found.link.code)) throw new Problem("superseded");
    return { link: found.link, snapshot };
  };

  const show = (reply: FastifyReply, view: View, status: number, loaded: { link: LinkRecord; snapshot: FlowSnapshot }, error?: string) => {
    const { flow } = loaded.snapshot;
    // Nothing left to decide (failed, expired admin link, another method chosen): say why instead of offering forms.
    const refused = flow.state === "verified" ? undefined : refusalOf(loaded.snapshot, { type: "legal-rep-approve" });
    if (refused) return sendErrorPage(reply, view, refused);
    const body = legalRepPage(view, {
      token: loaded.link.code,
      flow,
      ...(flow.adminMobileSealed ? { adminMobile: deps.box.open(flow.adminMobileSealed) } : {}),
      csrf: csrfOf(loaded.link.code),
      error,
    });
    return sendAdminPage(reply, view, status, view.t("法定代表人授权", "Legal representative's approval"), body);
  };

  app.get<LegalRepRoute>(LEGAL_REP_PAGE, legalRepRoute, pageHandler<LegalRepRoute>(deps, async (req, reply, view) => show(reply, view, 200, await load(req.query.token))));

  app.post<LegalRepRoute>(LEGAL_REP_PAGE, legalRepRoute, pageHandler<LegalRepRoute>(deps, async (req, reply, view) => {
    const loaded = await load(req.query.token);
    const form = formOf(req);
    requireCsrf(deps, csrfOf(loaded.link.code), form.get("csrf"));
    const decision = form.get("decision");
    const reason = (form.get("reason") ?? "").trim().slice(0, MAX_REASON);
    if (decision !== "approve" && decision !== "refuse") return show(reply, view, 400, loaded, view.t("请选择同意或拒绝。", "Choose to approve or refuse."));
    try {
      await applyFlowEvent(deps, loaded.link.organizationId, loaded.snapshot.flow.id, decision === "approve" ? { type: "legal-rep-approve" } : { type: "legal-rep-refuse", reason });
    } catch (error) {
      if (!(error instanceof EssError)) throw error;
      return show(reply, view, statusOfError(error), await load(req.query.token), error.messageIn(apiLanguage(view.lang)));
    }
    return reply.redirect(pathWith(LEGAL_REP_PAGE, { token: loaded.link.code }), 303);
  }));
}
