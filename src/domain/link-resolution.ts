/**
 * From any URL essd hands out to the link it stands for: the long and short batch links, the QR image, the PC,
 * H5 and APP registration links, CreateOrganizationAuthUrl's links, employee invitations, the admin pages' own
 * URLs (`/h5/auth/<token>…`), the legal representative's link (`/h5/legal-rep?token=…`) and essbasic's console
 * login links of an activated sub-enterprise (`/h5/console/<token>`, the APP form `to=CHANNEL_CONSOLE`). Pure parsing
 * (`linkRefOf`) is kept apart from the lookup so web pages and the control API resolve URLs the same way.
 */
import type { AuthFlowRecord } from "../store/ports.ts";
import { ADMIN_LINK_KINDS, isLatestLegalRepLink, LEGAL_REP_LINK_KIND } from "./admin-link.ts";
import type { DomainDeps } from "./deps.ts";
import { errors } from "./errors.ts";
import { lookupAlias, lookupLink, type LinkLookup } from "./links.ts";
import { BATCH_REGISTER_TARGET, BATCH_SUBMIT_TARGET } from "./registration/urls.ts";
import { GROUP_QR_PATH } from "./group-links.ts";
import { BATCH_INIT_QR_PATH, BATCH_INIT_TARGET } from "./batch-init-links.ts";
import { BATCH_INIT_KIND } from "./batch-init.ts";
import { EMPLOYEE_CHANGE_KIND } from "./employee-change.ts";
import { ORGANIZATION_CHANGE_KIND } from "./organization-change/links.ts";
import { GROUP_INVITATION_KIND } from "./organization-groups.ts";
import { CONSOLE_LINK_KIND } from "./platforms/console-login.ts";

/** How a URL names its link: by the link's own token, or by one of its aliases (short code, shortKey). */
export type LinkRef =
  | { by: "token"; code: string; kinds: readonly string[] }
  | { by: "short"; code: string }
  | { by: "key"; code: string; kinds: readonly string[] };

const BATCH = ["batch-authorization"] as const;
const REGISTRATION = ["enterprise-registration"] as const;
const SINGLE = ["organization-auth"] as const;
const INVITATION = ["employee-invitation"] as const;
const LEGAL_REP = [LEGAL_REP_LINK_KIND];
/** Where the admin's pages live whatever form was opened: `/h5/auth/<token>`, and its sub-pages below. */
const ADMIN_PAGES = /^\/h5\/auth\/([^/]+)(?:\/|$)/;
const QR_PATH = `/imgs/qrcode_urls/${BATCH_SUBMIT_TARGET.toLowerCase()}/`;
const GROUP = [GROUP_INVITATION_KIND];
const BATCH_INIT = [BATCH_INIT_KIND];
const BATCH_INIT_PAGE_PATH = /^\/h5\/batch-init\/([^/]+)(?:\/|$)/;
const BATCH_INIT_QR = BATCH_INIT_QR_PATH.replace(":file", "");
const GROUP_PAGE = /^\/h5\/group-join\/([^/]+)(?:\/|$)/;
const CONSOLE = [CONSOLE_LINK_KIND];
const CONSOLE_PAGE_PATH = /^\/h5\/console\/([^/]+)(?:\/|$)/;
const GROUP_QR = GROUP_QR_PATH.replace(":file", "");
const ORGANIZATION_CHANGE_PAGE_PATH = /^\/h5\/organization-change\/([^/]+)(?:\/|$)/;

/** Which link a URL (absolute, or an APP path) names, judged by its path and query only; undefined when none. */
export function linkRefOf(url: string): LinkRef | undefined {
  let parsed: URL;
  try {
    // APP links are bare mini-program paths (one form even without the leading slash).
    parsed = new URL(url.trim().replace(/^(?=pages\/)/, "/"), "http://essd.invalid");
  } catch {
    return undefined;
  }
  const q = (name: string) => parsed.searchParams.get(name) ?? "";
  const path = parsed.pathname.replace(/\/+$/, "");
  const token = (code: string, kinds: readonly string[]): LinkRef | undefined => (code ? { by: "token", code, kinds } : undefined);

  if (path.startsWith("/s/")) return path.length > 3 && !path.slice(3).includes("/") ? { by: "short", code: path.slice(3) } : undefined;
  if (path.startsWith(QR_PATH)) return token(path.slice(QR_PATH.length).replace(/\.png$/, ""), BATCH);
  if (path.startsWith(GROUP_QR)) return token(path.slice(GROUP_QR.length).replace(/\.png$/, ""), GROUP);
  if (path.startsWith(BATCH_INIT_QR)) return token(path.slice(BATCH_INIT_QR.length).replace(/\.png$/, ""), BATCH_INIT);
  const initPage = BATCH_INIT_PAGE_PATH.exec(path);
  if (initPage) return token(decoded(initPage[1]!), BATCH_INIT);
  const groupPage = GROUP_PAGE.exec(path);
  if (groupPage) return token(decoded(groupPage[1]!), GROUP);
  const changePage = ORGANIZATION_CHANGE_PAGE_PATH.exec(path);
  if (changePage) return token(decoded(changePage[1]!), [ORGANIZATION_CHANGE_KIND]);
  const consolePage = CONSOLE_PAGE_PATH.exec(path);
  if (consolePage) return token(decoded(consolePage[1]!), CONSOLE);
  const adminPage = ADMIN_PAGES.exec(path);
  if (adminPage) return token(decoded(adminPage[1]!), ADMIN_LINK_KINDS);
  switch (path) {
    case "/h5/legal-rep":
      return token(q("token"), LEGAL_REP);
    case "/console/batch-register":
    case "/h5/batch-register":
      return token(q("token"), REGISTRATION);
    case "/console/register-callback":
    case "/h5/register":
      return token(q("token"), SINGLE);
    case "/guide":
      return token(q("Code"), INVITATION);
    case "/jump-mp.html":
    case "/pages/guide/index":
      switch (q("to")) {
        case BATCH_SUBMIT_TARGET:
          return q("shortKey") ? { by: "key", code: q("shortKey"), kinds: BATCH } : undefined;
        case BATCH_REGISTER_TARGET:
          return token(q("urlAuthToken"), REGISTRATION);
        case "REGISTER_ENTERPRISE":
          return token(q("urlAuthToken"), SINGLE);
        case "CHANNEL_CONSOLE":
          return token(q("urlAuthToken"), CONSOLE);
        case "USER_VERIFY":
          return token(q("verifyToken"), INVITATION);
        case BATCH_INIT_TARGET:
          return q("shortKey") ? { by: "key", code: q("shortKey"), kinds: BATCH_INIT } : undefined;
        case "":
          // `/pages/guide/index?shortKey=…` alone: the mini-program form of a group invitation or an employee change.
          return q("shortKey") ? { by: "key", code: q("shortKey"), kinds: [...GROUP, EMPLOYEE_CHANGE_KIND] } : undefined;
      }
  }
  return undefined;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

/** Looks up the link a URL names; a URL of no known form, or naming a link of another kind, is `unknown`. */
export async function resolveLinkUrl(deps: DomainDeps, url: string): Promise<LinkLookup> {
  const ref = linkRefOf(url);
  if (!ref) return { state: "unknown" };
  if (ref.by === "short") return lookupAlias(deps, ref.code, "short");
  if (ref.by === "key") return lookupAlias(deps, ref.code, "key", ref.kinds);
  const found = await lookupLink(deps, ref.code);
  return found.state !== "unknown" && !ref.kinds.includes(found.link.kind) ? { state: "unknown" } : found;
}

export interface LinkFlowView {
  flowId: string;
  subTaskId: string | null;
  organizationName: string;
  status: AuthFlowRecord["status"];
  state: AuthFlowRecord["state"];
}

export interface OpenedLink {
  /** The link's kind: batch-authorization, enterprise-registration, organization-auth, employee-invitation or legal-rep. */
  linkKind: string;
  /** Epoch seconds. */
  expiresAt: number;
  /** The authorization flows behind the link, in the link's order (none for an invitation; the one flow of a legal-rep link). */
  flows: LinkFlowView[];
  /** The invited employee's UserId (employee invitations only). */
  userId?: string;
  /** A console login link's sub-enterprise and operator, by the platform's OpenIds (essbasic console links only). */
  organizationOpenId?: string;
  operatorOpenId?: string;
}

/**
 * What a URL essd handed to `organizationId` leads to, for CI going from a link to flow ids. Another tenant's
 * link is as unknown as a made-up one; an expired link answers ResourceNotFound.LinkExpired, a legal
 * representative's link replaced by a newer one ResourceNotFound.LinkReplaced.
 */
export async function openLinkUrl(deps: DomainDeps, organizationId: string, url: string): Promise<OpenedLink> {
  if (!linkRefOf(url)) throw errors.linkUrlNotEssd();
  const found = await resolveLinkUrl(deps, url);
  if (found.state === "unknown" || found.link.organizationId !== organizationId) {
    throw errors.linkNotFound();
  }
  const expiresAt = Math.floor(found.link.expiresAt / 1000);
  if (found.state === "expired") {
    throw errors.linkExpired({ expiredAt: new Date(found.link.expiresAt).toISOString() });
  }
  const { link } = found;
  const flowIds = link.kind === "batch-authorization" ? ((link.target.flowIds as string[] | undefined) ?? []) : link.target.flowId ? [String(link.target.flowId)] : [];
  const flows = flowIds.length ? await deps.store.findAuthFlows(organizationId, { ids: flowIds }) : [];
  const byId = new Map(flows.map((f) => [f.id, f]));
  // As the page answers it (410): a legal representative's link that a newer text replaced opens nothing.
  if (link.kind === LEGAL_REP_LINK_KIND && flows[0] && !isLatestLegalRepLink(flows[0], link.code)) {
    throw errors.linkReplaced();
  }
  return {
    linkKind: link.kind,
    expiresAt,
    flows: flowIds
      .map((id) => byId.get(id))
      .filter((f): f is AuthFlowRecord => f !== undefined)
      .map((f) => ({ flowId: f.id, subTaskId: f.subTaskId, organizationName: f.organizationName, status: f.status, state: f.state })),
    ...(link.kind === "employee-invitation" ? { userId: String(link.target.employeeId) } : {}),
    ...(link.kind === CONSOLE_LINK_KIND ? { organizationOpenId: String(link.target.organizationOpenId), operatorOpenId: String(link.target.operatorOpenId) } : {}),
  };
}
