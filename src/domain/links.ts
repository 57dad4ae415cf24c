import type { DomainDeps } from "./deps.ts";
import type { LinkRecord } from "../store/ports.ts";

export const DAY_MS = 86_400_000;

export interface IssuedLink {
  /** The 32-character token the long link carries. */
  token: string;
  /** The `/s/<code>` short code that redirects to the long link. */
  shortCode: string;
  /** The 20-character `shortKey` the long links of ESS carry beside the token. */
  shortKey: string;
  expiresAt: number;
}

/**
 * Stores a link's target under a fresh token, plus a short code pointing at it, both expiring together.
 * What a link leads to is decided by `kind` and `target` when it is opened.
 */
export async function issueLink(deps: DomainDeps, input: NewLink): Promise<IssuedLink> {
  const [link] = await issueLinks(deps, [input]);
  return link!;
}

export interface NewLink {
  kind: string;
  organizationId: string;
  target: Record<string, unknown>;
  ttlMs: number;
}

/** issueLink for several links in one statement (a registration task's enterprises): all of them or none. */
export async function issueLinks(deps: DomainDeps, inputs: readonly NewLink[]): Promise<IssuedLink[]> {
  if (!inputs.length) return [];
  const now = deps.clock.now();
  const issued: IssuedLink[] = [];
  const rows: LinkRecord[] = [];
  for (const input of inputs) {
    const token = deps.ids.next("linkToken");
    const shortCode = deps.ids.next("shortCode");
    const shortKey = deps.ids.next("shortKey");
    const expiresAt = now + input.ttlMs;
    const { organizationId } = input;
    // The short code (`/s/<code>`) and the shortKey of long links are aliases of the token. The rows are written
    // out: on Node 20 a key added to a spread copy (`{ ...base, code }`) costs ~0.7 µs, and the copies outlive the
    // young generation (docs/performance.md, "Spread copies").
    rows.push(
      { code: token, kind: input.kind, organizationId, target: Object.assign({}, input.target, { shortKey, shortCode }), createdAt: now, expiresAt },
      { code: shortCode, kind: "short", organizationId, target: { token }, createdAt: now, expiresAt },
      { code: shortKey, kind: "key", organizationId, target: { token }, createdAt: now, expiresAt },
    );
    issued.push({ token, shortCode, shortKey, expiresAt });
  }
  // One statement, so all or none without a transaction.
  await deps.store.insertLinks(rows);
  return issued;
}

export type LinkLookup = { state: "unknown" } | { state: "expired"; link: LinkRecord } | { state: "valid"; link: LinkRecord };

const UNKNOWN: LinkLookup = { state: "unknown" };

export async function lookupLink(deps: DomainDeps, code: string): Promise<LinkLookup> {
  return stateOf(deps, await deps.store.getLink(code));
}

/** Looks up a short code or shortKey and returns the link it stands for (of one of `kinds`, when given). */
export async function lookupAlias(deps: DomainDeps, code: string, aliasKind: "short" | "key", kinds?: readonly string[]): Promise<LinkLookup> {
  const found = await deps.store.getAliasedLink(code);
  if (!found || found.alias.kind !== aliasKind || !found.link) return UNKNOWN;
  if (kinds && !kinds.includes(found.link.kind)) return UNKNOWN;
  return stateOf(deps, found.link);
}

function stateOf(deps: DomainDeps, link: LinkRecord | undefined): LinkLookup {
  if (!link) return UNKNOWN;
  return link.expiresAt <= deps.clock.now() ? { state: "expired", link } : { state: "valid", link };
}
