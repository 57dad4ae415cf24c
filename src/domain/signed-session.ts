/**
 * essd's one session and form-token mechanism, for the admin's pages and the review console alike.
 * A session is `<expires>.<MAC>`, the MAC keyed by the master key (SecretBox.lookupHash) over its purpose, the
 * subject it belongs to (a link, the admin token) and its expiry: nothing is stored, so every node accepts it, and
 * a changed subject ends it. Forms carry a token derived from the session, or, where no session exists, from the
 * subject alone (a link's code forms, the legal representative's page), so no other site can post them blindly.
 */
import { timingSafeEqual } from "node:crypto";
import { sameSecret } from "./admin-token.ts";
import type { DomainDeps } from "./deps.ts";

type Keyed = Pick<DomainDeps, "box">;

const mac = (deps: Keyed, purpose: string, subject: string, expires: number) => deps.box.lookupHash(`${purpose}|${subject}|${expires}`);

export function issueSignedSession(deps: Keyed, purpose: string, subject: string, expires: number): string {
  return `${expires}.${mac(deps, purpose, subject, expires)}`;
}

/** The session's expiry and form token when `value` is a live session of `subject`, else undefined. */
export function readSignedSession(deps: Keyed, purpose: string, subject: string, value: string | undefined, now: number): { expires: number; csrf: string } | undefined {
  if (!value) return undefined;
  const key = `${purpose}|${subject}|${value}`;
  let known = verified.get(deps.box);
  const seen = known?.get(key);
  if (seen) return seen.expires <= now ? undefined : { ...seen };
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return undefined;
  const expires = Number(match[1]);
  if (expires <= now || !sameMac(match[2]!, mac(deps, purpose, subject, expires))) return undefined;
  const session = { expires, csrf: deps.box.lookupHash(`${purpose}-csrf|${subject}|${value}`) };
  if (!known) verified.set(deps.box, (known = new Map()));
  if (known.size >= 10_000) known.clear();
  known.set(key, session);
  return { ...session };
}

/**
 * Sessions already verified, by purpose, subject and value, per SecretBox (a test process holds several): the
 * MAC and the form token are functions of these under the key alone, so a browser's next page is a map read, not
 * two HMACs. Only a value whose MAC matched enters; the expiry is checked on every read; bounded.
 */
const verified = new WeakMap<object, Map<string, { expires: number; csrf: string }>>();

/**
 * Constant-time equality of a presented MAC (the pattern above took exactly 43 characters) and the expected one
 * (a SHA-256 HMAC in base64url, always 43): equal lengths known to all, so no keyed hash is needed to hide them.
 */
function sameMac(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, "latin1");
  const b = Buffer.from(expected, "latin1");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A form token bound to `subject` alone, for forms shown before (or without) a session. */
export const formToken = (deps: Keyed, purpose: string, subject: string): string => deps.box.lookupHash(`${purpose}|${subject}`);

/** Whether a submitted form token is the expected one (constant time). */
export const formTokenMatches = (deps: Keyed, expected: string, submitted: string | null | undefined): boolean =>
  typeof submitted === "string" && submitted !== "" && sameSecret(deps, submitted, expected);
