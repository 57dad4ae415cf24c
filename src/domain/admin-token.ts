/**
 * The installation's admin token: what a reviewer types into the review console and what CI may use instead of a
 * tenant's key on the control API. One per installation: created once, kept sealed in the store's settings, so
 * every node on one PostgreSQL (and every CLI command) sees the same token.
 */
import { timingSafeEqual } from "node:crypto";
import type { DomainDeps } from "./deps.ts";

const SETTING = "admin-token";
const PREFIX = "essd_admin_";

/** The token once created; `created` is true only for the caller whose token was stored (the first start). */
export async function ensureAdminToken(deps: Pick<DomainDeps, "store" | "box" | "ids">): Promise<{ token: string; created: boolean }> {
  const existing = await readAdminToken(deps);
  if (existing) return { token: existing, created: false };
  const token = newToken(deps);
  const mine = deps.box.seal(token);
  // Nodes starting together race here; the sealed value that got stored decides whose token everyone uses.
  const stored = await deps.store.putSettingIfAbsent(SETTING, mine);
  return { token: deps.box.open(stored), created: stored === mine };
}

/**
 * Replaces the installation's token (one leaked, e.g. printed into a log at the first start): the old one stops
 * working at once on every node, and every review session signed with it ends.
 */
export async function rotateAdminToken(deps: Pick<DomainDeps, "store" | "box" | "ids">): Promise<string> {
  const token = newToken(deps);
  await deps.store.replaceSetting(SETTING, deps.box.seal(token));
  return token;
}

/** Two ids: 64 characters of [0-9A-Za-z], about 380 bits; the prefix makes a leaked token recognisable in a scan. */
const newToken = (deps: Pick<DomainDeps, "ids">) => `${PREFIX}${deps.ids.next("secretKey")}${deps.ids.next("secretKey")}`;

/** The installation's token, or undefined before any `essd serve` / `essd admin-token` created one. */
export async function readAdminToken(deps: Pick<DomainDeps, "store" | "box">): Promise<string | undefined> {
  const sealed = await deps.store.getSetting(SETTING);
  return sealed === undefined ? undefined : deps.box.open(sealed);
}

/**
 * Whether `candidate` is the admin token, in constant time: both sides are reduced to keyed hashes of one length
 * first, so neither the content nor the length of the token leaks through timing.
 */
export async function isAdminToken(deps: Pick<DomainDeps, "store" | "box">, candidate: string | undefined): Promise<boolean> {
  if (!candidate) return false;
  const token = await readAdminToken(deps);
  if (!token) return false;
  return sameSecret(deps, candidate, token);
}

/** Constant-time equality of two secrets of any length, through the SecretBox's keyed hash. */
export function sameSecret(deps: Pick<DomainDeps, "box">, a: string, b: string): boolean {
  const left = Buffer.from(deps.box.lookupHash(`compare|${a}`));
  const right = Buffer.from(deps.box.lookupHash(`compare|${b}`));
  return left.length === right.length && timingSafeEqual(left, right);
}
