/**
 * The security headers of each page surface, declared once. Pages carry tokens in their URLs, so nothing leaks
 * as a Referer, nothing is cached, nothing is framed unless said here, and every style and script is same-origin.
 *
 * Why not @fastify/helmet: its defaults misfit essd (HSTS with includeSubDomains would bind the platform's whole
 * domain; upgrade-insecure-requests breaks the http sandbox; Cross-Origin-Resource-Policy same-origin would stop
 * integrators showing the QR image on their own pages), and a policy follows the page, not the route:
 * `/jump-mp.html` answers with an admin page or an invitation page, whose form may be redirected to a JumpUrl.
 * Switched off or overridden, what helmet would add is this list of headers.
 */

export interface PagePolicy {
  readonly headers: Readonly<Record<string, string>>;
}

type Directives = Record<string, string>;

function pagePolicy(directives: Directives): PagePolicy {
  const ancestors = directives["frame-ancestors"];
  return {
    headers: {
      "content-security-policy": Object.entries(directives)
        .map(([name, value]) => `${name} ${value}`)
        .join("; "),
      // For browsers without CSP level 2: the same framing rule.
      "x-frame-options": ancestors === "'self'" ? "SAMEORIGIN" : "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    },
  };
}

/** No script at all; forms post only to essd; never framed. */
const NO_SCRIPT: Directives = {
  "default-src": "'none'",
  "style-src": "'self'",
  "img-src": "'self' data:",
  "form-action": "'self'",
  "base-uri": "'none'",
  "frame-ancestors": "'none'",
};

/** The admin's and legal representative's pages, and the link pages' refusals (unknown, expired). */
export const H5_PAGES = pagePolicy(NO_SCRIPT);

/** The coverage map: no script, nothing to post. */
export const COVERAGE_PAGE = pagePolicy(NO_SCRIPT);

/** An employee's invitation: accepting it may redirect (303) to the integrator's JumpUrl, which form-action governs. */
export const INVITATION_PAGE = pagePolicy({ ...NO_SCRIPT, "form-action": "'self' https: http:" });

/** The review console also shows uploaded files (same origin) as images and embedded PDFs. */
export const REVIEW_CONSOLE = pagePolicy({ ...NO_SCRIPT, "object-src": "'self'", "frame-src": "'self'" });

/**
 * A power of attorney itself (image or PDF): embedded by the console, same origin, and nowhere else. Only framing is
 * restricted: a content policy on a PDF would also bind the browser's own PDF viewer.
 */
export const REVIEW_FILE = pagePolicy({ "frame-ancestors": "'self'" });

/** A file essd hands out by link (CreateOrganizationAuthFile's PDF): no framing by others; no content policy, as for REVIEW_FILE. */
export const DOWNLOADED_FILE = pagePolicy({ "frame-ancestors": "'none'" });

/** The SecretKey is typed into this page: its own scripts only, no inline code, no third-party origin, no framing. */
export const API_EXPLORER = pagePolicy({
  "default-src": "'none'",
  "script-src": "'self'",
  "style-src": "'self'",
  "connect-src": "'self'",
  "img-src": "'self'",
  "base-uri": "'none'",
  "form-action": "'none'",
  "frame-ancestors": "'none'",
});
