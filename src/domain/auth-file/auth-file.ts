import type { DomainDeps } from "../deps.ts";
import { issueLink, lookupLink } from "../links.ts";
import type { ActingContext } from "../operators.ts";
import { renderPdf } from "../../platform/pdf-document.ts";
import { pathWith } from "../../platform/url.ts";
import { AUTH_FILE_TITLES, authFileBlocks, type AuthFileDetails, type AuthFileType } from "./letter.ts";

export const AUTH_FILE_LINK_KIND = "organization-auth-file";
/** "授权书链接，有效期5分钟" (the spec's FileUrl). */
export const AUTH_FILE_TTL_MS = 5 * 60_000;
export const AUTH_FILE_PATH = "/files/organization-auth/:token";

/**
 * Issues the link of a power of attorney. The document is rendered when the link is opened, from the details kept
 * sealed with the link (they hold ID numbers and mobiles), so no rendered copy with personal data stays at rest.
 */
export async function issueAuthFile(deps: DomainDeps, acting: ActingContext, type: AuthFileType, details: AuthFileDetails): Promise<string> {
  const link = await issueLink(deps, {
    kind: AUTH_FILE_LINK_KIND,
    organizationId: acting.organization.id,
    target: { type, details: deps.box.seal(JSON.stringify(details)) },
    ttlMs: AUTH_FILE_TTL_MS,
  });
  return pathWith(AUTH_FILE_PATH, { token: link.token }, { base: deps.publicUrl });
}

export type AuthFileLookup = { state: "unknown" } | { state: "expired" } | { state: "valid"; pdf: Uint8Array; fileName: string };

/** The document behind a power-of-attorney link, rendered as of the link's issue time (the same bytes every time). */
export async function openAuthFile(deps: DomainDeps, token: string): Promise<AuthFileLookup> {
  const found = await lookupLink(deps, token);
  if (found.state === "unknown" || found.link.kind !== AUTH_FILE_LINK_KIND) return { state: "unknown" };
  if (found.state === "expired") return { state: "expired" };
  const type = found.link.target.type as AuthFileType;
  const details = JSON.parse(deps.box.open(String(found.link.target.details))) as AuthFileDetails;
  const title = AUTH_FILE_TITLES[type];
  const pdf = await renderPdf(authFileBlocks(type, details, found.link.createdAt), { title, createdAt: new Date(found.link.createdAt) });
  return { state: "valid", pdf, fileName: `${title}.pdf` };
}
