/** From a request to what a page may show: a valid admin link, its session, a flow under it. Each miss throws. */
import type { FastifyRequest } from "fastify";
import { ADMIN_LINK_KINDS, adminLinkOf, adminListOf, legalRepTextedAt, type AdminLink, type LinkFlows } from "../../domain/admin-link.ts";
import { snapshotOfFlow, type FlowSnapshot } from "../../domain/authorization/flows.ts";
import type { DomainDeps } from "../../domain/deps.ts";
import type { AuthFlowRecord, FlowCard, LinkRecord } from "../../store/ports.ts";
import { lookupLink, type LinkLookup } from "../../domain/links.ts";
import { Problem, Redirect } from "./problems.ts";
import { sessionOf, type AdminSession } from "./session.ts";
import type { FlowFacts } from "./status.ts";
import { pathWith, type UrlValues } from "../../platform/url.ts";

/** The canonical home of a link's pages, whatever form (long, short, QR, PC/H5) the admin opened. */
export const LINK_HOME = "/h5/auth/:token";
/** One enterprise's page under the link. */
export const FLOW_HOME = `${LINK_HOME}/flows/:flowId`;
export type LinkStep = "code" | "verify" | "logout";
export type FlowStep = "confirm" | "attorney" | "bank" | "legal-rep";

// Object.assign, not `{ ...query, token }`: a key added to a spread copy is slow on Node 20 (docs/performance.md).
export const linkHome = (token: string, query: UrlValues = {}): string => pathWith(LINK_HOME, Object.assign({}, query, { token }));
// Built once: pathWith finds a template it has split by its text, which a string built per call must hash anew.
const LINK_STEP = `${LINK_HOME}/:step`;
const FLOW_STEP = `${FLOW_HOME}/:step`;
export const linkStep = (token: string, step: LinkStep): string => pathWith(LINK_STEP, { token, step });
export const flowHome = (token: string, flowId: string, query: UrlValues = {}): string => pathWith(FLOW_HOME, Object.assign({}, query, { token, flowId }));
export const flowStep = (token: string, flowId: string, step: FlowStep): string => pathWith(FLOW_STEP, { token, flowId, step });

export async function adminLinkFrom(deps: DomainDeps, found: LinkLookup): Promise<AdminLink> {
  return withOpenFlows(await adminLinkOf(deps, openedAdminLink(found)));
}

/** adminLinkFrom for the list of enterprises: the same checks, the flows read as cards (adminListOf). */
export async function adminListFrom(deps: DomainDeps, link: LinkRecord): Promise<LinkFlows<FlowCard>> {
  return withOpenFlows(await adminListOf(deps, link));
}

/** The link an admin opened, if it is one of the admin kinds and live. */
export function openedAdminLink(found: LinkLookup): LinkRecord {
  if (found.state === "unknown" || !ADMIN_LINK_KINDS.includes(found.link.kind)) throw new Problem("unknown");
  if (found.state === "expired") throw new Problem("expired");
  return found.link;
}

/** A link whose flows are all gone is unknown; one whose flows were all cleared says so. */
function withOpenFlows<L extends LinkFlows<FlowCard>>(admin: L): L {
  if (!admin.flows.length) throw new Problem("unknown");
  if (admin.flows.every((f) => f.state === "cleared")) throw new Problem("cleared");
  return admin;
}

export const adminLinkByToken = async (deps: DomainDeps, token: string): Promise<AdminLink> => adminLinkFrom(deps, await lookupLink(deps, token));

/** The link and its live session; without one the admin is sent to the identity page. */
export async function withSession(deps: DomainDeps, req: FastifyRequest, token: string): Promise<{ admin: AdminLink; session: AdminSession }> {
  const admin = await adminLinkByToken(deps, token);
  const session = sessionOf(deps, req, admin.link.code);
  if (!session) throw new Redirect(linkHome(admin.link.code));
  return { admin, session };
}

export interface FlowContext extends FlowFacts {
  snapshot: FlowSnapshot;
}

/** A flow of the link as it stands now; one outside the link is "foreign", a cleared one has its own page. */
export async function flowOf(deps: DomainDeps, admin: AdminLink, flowId: string): Promise<FlowContext> {
  // The link's flows were read with the link, in this same request: no need to read the flow again.
  const flow = admin.flows.find((f) => f.id === flowId);
  if (!flow) throw new Problem("foreign");
  if (flow.state === "cleared") throw new Problem("cleared");
  return flowContextOf(await snapshotOfFlow(deps, flow));
}

export function flowContextOf(snapshot: FlowSnapshot): FlowContext {
  return { ...flowFactsOf(snapshot.flow, snapshot.linkExpired), snapshot };
}

/** What the list of enterprises shows of a flow: no snapshot (its accepted events) needed. */
export function flowFactsOf<F extends FlowCard>(flow: F, linkExpired: boolean): FlowFacts<F> {
  const sentAt = flow.authType === 0 || flow.authType === 2 ? legalRepTextedAt(flow) : undefined;
  return { flow, linkExpired, ...(sentAt !== undefined ? { legalRepSentAt: sentAt } : {}) };
}
