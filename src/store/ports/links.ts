/** The links essd hands out (and their short aliases): what each opens, for whom, until when. */

export interface LinkRecord {
  code: string;
  kind: string;
  organizationId: string;
  target: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
}

export interface LinkStore {
  insertLink(link: LinkRecord): Promise<void>;
  /** Several links in one statement: all of them or, when one code is taken, none (no transaction needed). */
  insertLinks(links: LinkRecord[]): Promise<void>;
  getLink(code: string): Promise<LinkRecord | undefined>;
  /** The links among `codes` that exist, in no particular order: one query for a task's links, not one each. */
  getLinks(codes: string[]): Promise<LinkRecord[]>;
  /**
   * An alias (a short code, a shortKey) and the link its `target.token` names, if that exists: one call, so the read
   * cache keeps the pair as one entry (every redirect reads both).
   */
  getAliasedLink(code: string): Promise<AliasedLink | undefined>;
}

export interface AliasedLink {
  alias: LinkRecord;
  link: LinkRecord | undefined;
}
