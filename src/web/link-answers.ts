/**
 * What a short link (`/s/<code>`) and a batch link's QR image answer, decided once for both ways in: the fastify
 * routes of link-pages.ts and the fast lane (link-fast-lane.ts) that answers the common case before fastify.
 */
import { LEGAL_REP_LINK_KIND, legalRepUrl } from "../domain/admin-link.ts";
import { BATCH_INIT_KIND } from "../domain/batch-init.ts";
import { batchInitPageUrl } from "../domain/batch-init-links.ts";
import type { DomainDeps } from "../domain/deps.ts";
import { invitationLongUrl } from "../domain/employee-invitations.ts";
import { EMPLOYEE_CHANGE_KIND } from "../domain/employee-change.ts";
import { groupJoinUrl } from "../domain/group-links.ts";
import { lookupAlias, lookupLink } from "../domain/links.ts";
import { ORGANIZATION_CHANGE_KIND } from "../domain/organization-change/links.ts";
import { GROUP_INVITATION_KIND } from "../domain/organization-groups.ts";
import { CONSOLE_LINK_KIND, consoleUrl } from "../domain/platforms/console-login.ts";
import { organizationAuthUrl, type SingleEndpoint } from "../domain/registration/single-auth-url.ts";
import { batchAuthorizationLongUrl, registrationUrl, type RegistrationEndpoint } from "../domain/registration/urls.ts";
import { qrPng } from "../platform/qr-png.ts";
import { asciiUrl, pathWith } from "../platform/url.ts";
import type { LinkRecord } from "../store/ports.ts";
import { EMPLOYEE_CHANGE_PAGE } from "./employee-change/routes.ts";
import { ORGANIZATION_CHANGE_PAGE } from "./organization-change/routes.ts";

/** Where a short code leads: the long form of whatever link it stands for. */
export function longUrlOf(publicUrl: string, link: LinkRecord): string | undefined {
  const t = link.target;
  switch (link.kind) {
    case "employee-invitation":
      return invitationLongUrl(publicUrl, link.code, link.expiresAt);
    case "batch-authorization":
      return batchAuthorizationLongUrl(publicUrl, String(t.shortKey));
    case "enterprise-registration": {
      const endpoint: RegistrationEndpoint = t.endpoint === "SHORT_H5" || t.endpoint === "H5" ? "H5" : "PC";
      return registrationUrl(publicUrl, endpoint, { token: link.code, shortCode: String(t.shortCode) }, String(t.orgName ?? ""));
    }
    case "organization-auth": {
      const endpoint: SingleEndpoint = t.endpoint === "SHORT_H5" || t.endpoint === "H5" ? "H5" : "PC";
      return organizationAuthUrl(publicUrl, endpoint, { token: link.code, shortCode: String(t.shortCode) });
    }
    case LEGAL_REP_LINK_KIND:
      return legalRepUrl(publicUrl, link.code);
    case GROUP_INVITATION_KIND:
      return groupJoinUrl(publicUrl, link.code);
    case CONSOLE_LINK_KIND:
      return consoleUrl(publicUrl, "H5", { token: link.code, shortCode: String(t.shortCode) });
    case BATCH_INIT_KIND:
      return batchInitPageUrl(publicUrl, link.code);
    case EMPLOYEE_CHANGE_KIND:
      return pathWith(EMPLOYEE_CHANGE_PAGE, { token: link.code }, { base: publicUrl });
    case ORGANIZATION_CHANGE_KIND:
      return pathWith(ORGANIZATION_CHANGE_PAGE, { token: link.code }, { base: publicUrl });
    default:
      return undefined;
  }
}

/** The answers are kept per link and shared by every request: nobody may change one (`headers` included). */
export type ShortLinkAnswer = { state: "unknown" } | { state: "expired" } | { state: "redirect"; location: string; headers: Readonly<Record<string, string>> };
export type QrImageAnswer = { state: "unknown" } | { state: "expired" } | { state: "image"; png: Buffer; headers: Readonly<Record<string, string>> };

export interface LinkAnswers {
  shortLink(code: string): Promise<ShortLinkAnswer>;
  /** `token` is the QR image's file name without `.png`. */
  qrImage(token: string): Promise<QrImageAnswer>;
}

/** The QR image's headers besides its length, whichever way it is answered. */
export const QR_IMAGE_HEADERS = { "content-type": "image/png", "cache-control": "private, max-age=300" } as const;

const UNKNOWN = { state: "unknown" } as const;
const EXPIRED = { state: "expired" } as const;
const QR_CACHE_LIMIT = 1000;
const byDomain = new WeakMap<DomainDeps, LinkAnswers>();

/** One per domain, so both ways in share the rendered QR images. */
export function linkAnswers(deps: DomainDeps): LinkAnswers {
  let answers = byDomain.get(deps);
  if (!answers) byDomain.set(deps, (answers = createLinkAnswers(deps)));
  return answers;
}

function createLinkAnswers(deps: DomainDeps): LinkAnswers {
  // QR images are rendered once per link and kept: rendering costs milliseconds of event-loop time.
  const qrCache = new Map<string, Extract<QrImageAnswer, { state: "image" }>>();
  // The store keeps the links it found as frozen records (src/store/read-cache.ts): the redirect of one is worked
  // out once, for as long as that record is the one the store answers (a new record, a new answer). The public
  // URL is part of it, and is set once the port is known (runtime.ts): it is part of the key.
  const redirects = new WeakMap<LinkRecord, { publicUrl: string; answer: ShortLinkAnswer }>();
  const redirectOf = (link: LinkRecord): ShortLinkAnswer => {
    const known = redirects.get(link);
    if (known && known.publicUrl === deps.publicUrl) return known.answer;
    const target = longUrlOf(deps.publicUrl, link);
    // A Location header must be ASCII: the raw Chinese of orgName is percent-encoded there (and only there).
    const location = target === undefined ? undefined : asciiUrl(target);
    const answer: ShortLinkAnswer = location === undefined ? UNKNOWN : Object.freeze({ state: "redirect", location, headers: Object.freeze({ location, "content-length": "0" }) });
    if (Object.isFrozen(link)) redirects.set(link, { publicUrl: deps.publicUrl, answer });
    return answer;
  };
  return {
    async shortLink(code) {
      const found = await lookupAlias(deps, code, "short");
      if (found.state === "unknown") return UNKNOWN;
      if (found.state === "expired") return EXPIRED;
      return redirectOf(found.link);
    },
    async qrImage(token) {
      const found = await lookupLink(deps, token);
      if (found.state === "unknown" || found.link.kind !== "batch-authorization") return UNKNOWN;
      if (found.state === "expired") return EXPIRED;
      let image = qrCache.get(token);
      if (!image) {
        const png = await qrPng(batchAuthorizationLongUrl(deps.publicUrl, String(found.link.target.shortKey)));
        image = Object.freeze({ state: "image", png, headers: Object.freeze({ ...QR_IMAGE_HEADERS, "content-length": String(png.length) }) });
        if (qrCache.size > QR_CACHE_LIMIT) qrCache.clear();
        qrCache.set(token, image);
      }
      return image;
    },
  };
}
