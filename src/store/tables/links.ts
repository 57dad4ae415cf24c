import { compiledInsert, compiledRead, type QueryContext } from "../query-context.ts";
import type { LinkRecord, LinkStore } from "../ports.ts";

/** Every link page, redirect and QR image starts with this lookup. */
const linkByCode = compiledRead((db, code: string) => db.selectFrom("links").selectAll().where("code", "=", code));

/** A task's links, a batch link's sub-task links: compiled once per list length. */
const linksByCodes = compiledRead((db, codes: string[]) => db.selectFrom("links").selectAll().where("code", "in", codes));

/** Every link issued writes three rows (the link, its short code, its shortKey) with this. */
const insertRows = compiledInsert("links", ["code", "kind", "organizationId", "target", "createdAt", "expiresAt"]);
const stored = (link: LinkRecord) => ({ ...link, target: JSON.stringify(link.target) });

/** Links and their short aliases; a link's target is stored as JSON text. */
export const links = (context: QueryContext) => {
  const getLink = async (code: string) => {
    const [row] = await linkByCode(context, [code]);
    return row && { ...row, target: JSON.parse(row.target) };
  };
  return {
    async insertLink(link) {
      await insertRows(context, [stored(link)]);
    },
    async insertLinks(links) {
      await insertRows(context, links.map(stored));
    },
    getLink,
    async getAliasedLink(code) {
      const alias = await getLink(code);
      return alias && { alias, link: await getLink(String(alias.target.token)) };
    },
    async getLinks(codes) {
      if (!codes.length) return [];
      const rows = await linksByCodes(context, [codes]);
      return rows.map((row) => ({ ...row, target: JSON.parse(row.target) }));
    },
  } satisfies LinkStore;
};
