import { compiledInsert, compiledRead, type QueryContext } from "../query-context.ts";
import type { LinkRecord, LinkStore } from "../ports.ts";

/** Every link page, redirect and QR image starts with this lookup. */
const linkByCode = compiledRead((db, code: string) => db.selectFrom("links").selectAll().where("code", "=", code));

/** A task's links, a batch link's sub-task links: compiled once per list length. */
const linksByCodes = compiledRead((db, codes: string[]) => db.selectFrom("links").selectAll().where("code", "in", codes));

/** Every link issued writes three rows (the link, its short code, its shortKey) with this. */
const insertRows = compiledInsert("links", ["code", "kind", "organizationId", "target", "createdAt", "expiresAt"]);
const stored = (link: LinkRecord) => ({ ...link, target: JSON.stringify(link.target) });

type StoredLink = ReturnType<typeof stored>;

/** At most this many rows (every link is three) go into one shared INSERT. */
const MAX_SHARED_ROWS = 150;

interface SharedInsert {
  rows: StoredLink[];
  calls: Array<{ rows: StoredLink[]; resolve: () => void; reject: (error: unknown) => void }>;
}

/** The INSERT being gathered for each store (its root connection), written when the event loop's turn ends. */
const gathering = new WeakMap<object, SharedInsert>();

/**
 * Links issued by calls that arrive together are written by one INSERT at the end of the event loop's turn: one
 * lock cycle and one commit (on PostgreSQL one round trip) for all of them, where each call paid its own; every
 * call still hears of its rows only once they are committed. Should the shared statement fail (nothing of it is
 * written: one statement), each call's rows are written alone, so every call gets its own outcome, as before.
 * Inside a transaction the rows are the transaction's, written at once.
 */
function insertShared(context: QueryContext, rows: StoredLink[]): Promise<void> {
  if (context.db.isTransaction) return insertRows(context, rows);
  return new Promise((resolve, reject) => {
    let shared = gathering.get(context.db);
    if (!shared) {
      const started: SharedInsert = (shared = { rows: [], calls: [] });
      gathering.set(context.db, started);
      setImmediate(() => {
        if (gathering.get(context.db) === started) gathering.delete(context.db);
        void writeShared(context, started);
      });
    }
    shared.rows.push(...rows);
    shared.calls.push({ rows, resolve, reject });
    // A full statement is closed: the next call starts another, written at the same turn's end.
    if (shared.rows.length >= MAX_SHARED_ROWS) gathering.delete(context.db);
  });
}

async function writeShared(context: QueryContext, shared: SharedInsert): Promise<void> {
  try {
    await insertRows(context, shared.rows);
    for (const call of shared.calls) call.resolve();
  } catch (error) {
    if (shared.calls.length === 1) return shared.calls[0]!.reject(error);
    for (const call of shared.calls) await insertRows(context, call.rows).then(call.resolve, call.reject);
  }
}

/** Links and their short aliases; a link's target is stored as JSON text. */
export const links = (context: QueryContext) => {
  const getLink = async (code: string) => {
    const [row] = await linkByCode(context, [code]);
    return row && { ...row, target: JSON.parse(row.target) };
  };
  return {
    insertLink: (link) => insertShared(context, [stored(link)]),
    async insertLinks(links) {
      if (links.length) await insertShared(context, links.map(stored));
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
