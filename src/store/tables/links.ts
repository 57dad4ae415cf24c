import { compiledRead, type QueryContext } from "../query-context.ts";
import type { LinkStore } from "../ports.ts";

/** Every link page, redirect and QR image starts with this lookup. */
const linkByCode = compiledRead((db, code: string) => db.selectFrom("links").selectAll().where("code", "=", code));

/** A task's links, a batch link's sub-task links: compiled once per list length. */
const linksByCodes = compiledRead((db, codes: string[]) => db.selectFrom("links").selectAll().where("code", "in", codes));

/** Links and their short aliases; a link's target is stored as JSON text. */
export const links = (context: QueryContext) => {
  const { db } = context;
  const getLink = async (code: string) => {
    const [row] = await linkByCode(context, [code]);
    return row && { ...row, target: JSON.parse(row.target) };
  };
  return {
    async insertLink(link) {
      await db.insertInto("links").values({ ...link, target: JSON.stringify(link.target) }).execute();
    },
    async insertLinks(links) {
      if (!links.length) return;
      await db
        .insertInto("links")
        .values(links.map((link) => ({ ...link, target: JSON.stringify(link.target) })))
        .execute();
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
