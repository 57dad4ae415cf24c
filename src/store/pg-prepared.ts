/**
 * Why essd's statements are prepared once per PostgreSQL connection.
 *
 * Kysely hands pg each statement as text with its values, which pg sends unnamed: the server parses and plans
 * the text again on every call. For essd's reads (a join of flows and their links, sixteen columns) that was most
 * of what the server spent on a call, and on a machine the server shares with essd it halved essd's throughput:
 * scenario 1 on PostgreSQL went from 978 to 1,804 calls a second when the same statements were named, with 35 %
 * less CPU in essd itself (pg sends a Bind and an Execute instead of the text). A name stands for one text,
 * prepared on a connection the first time that connection runs it (pg keeps which ones it has).
 *
 * Bounded: a text is named the second time the process runs it (a one-off, such as a copy's batch of odd size,
 * stays unnamed), and only the first `max` texts get names, so statements built with ever-changing text cannot
 * fill the server's memory. Only plain data statements are named (the server prepares nothing else). Names carry
 * the process's own prefix: a pooler that hands a server session to another process without resetting it leaves
 * no name that process would take for its own. A prepared `select *` whose table gained a column meanwhile
 * (another node migrated the schema during a rolling upgrade) is refused (SQLSTATE 0A000, whatever the server's
 * language): the text is then given a new name, prepared afresh, and the call is run again if no transaction was
 * open; inside one, the transaction has already failed and the call answers an error, and the next prepares anew.
 */
import { randomBytes } from "node:crypto";
import type pgModule from "pg";

export interface StatementNames {
  /** The name `text` runs under, or undefined to run it unnamed. */
  nameOf(text: string): string | undefined;
  /** A new name for `text`, whose prepared plan the server refused (its result's columns changed). */
  rename(text: string): string;
}

/** Far more than the statements essd runs (about a hundred), and a bound on what the server keeps per connection. */
export const DEFAULT_PREPARED_STATEMENTS = 500;

const DATA_STATEMENT = /^\s*(?:select|insert|update|delete|with)\b/i;

/** Texts run once so far, kept to name them the second time; emptied when it holds this many. */
const MAX_SEEN_ONCE = 1_000;

export function statementNames(max: number): StatementNames {
  const names = new Map<string, string>();
  const seenOnce = new Set<string>();
  const prefix = `essd_${randomBytes(4).toString("hex")}_`;
  let count = 0;
  return {
    nameOf(text) {
      let name = names.get(text);
      if (name !== undefined || names.size >= max || !DATA_STATEMENT.test(text)) return name;
      if (!seenOnce.has(text)) {
        if (seenOnce.size >= MAX_SEEN_ONCE) seenOnce.clear();
        seenOnce.add(text);
        return undefined;
      }
      seenOnce.delete(text);
      name = `${prefix}${count++}`;
      names.set(text, name);
      return name;
    },
    rename(text) {
      const name = `${prefix}${count++}`;
      names.set(text, name);
      return name;
    },
  };
}

/**
 * The server's refusal to run a prepared statement whose result's columns changed since it was prepared: known by
 * its SQLSTATE and the server routine that raised it, which, unlike the message, no `lc_messages` translates.
 */
export const isStalePlan = (error: unknown): boolean => {
  const e = error as { code?: string; routine?: string; message?: string } | undefined;
  return e?.code === "0A000" && (e.routine === "RevalidateCachedQuery" || /cached plan must not change result type/i.test(e.message ?? ""));
};

type ClientClass = typeof pgModule.Client;

/**
 * `Base` whose promise-returning `query(text, values)` runs the text as a named statement when `names` gives it
 * one. Every other form of `query` (a config object, a callback, a Submittable) passes through unchanged.
 */
export function preparingClient(Base: ClientClass, names: StatementNames): ClientClass {
  return class PreparingClient extends Base {
    /** The transaction status of the last ReadyForQuery: I (none open), T (open) or E (failed). */
    private transactionStatus = "I";

    constructor(...args: ConstructorParameters<ClientClass>) {
      super(...args);
      (this as unknown as { connection: NodeJS.EventEmitter }).connection.on("readyForQuery", (message: { status?: string }) => {
        this.transactionStatus = message.status ?? "I";
      });
    }

    // pg's overloads cannot be restated one by one; the override keeps every one of them by passing through.
    override query(...args: unknown[]): never {
      const [text, values] = args;
      const name = args.length === 2 && typeof text === "string" && Array.isArray(values) ? names.nameOf(text) : undefined;
      const pass = super.query as (...a: unknown[]) => Promise<unknown>;
      if (name === undefined) return pass.apply(this, args) as never;
      const outsideTransaction = this.transactionStatus === "I";
      const run = (as: string) => pass.call(this, { name: as, text, values });
      return run(name).catch((error: unknown) => {
        if (!isStalePlan(error)) throw error;
        const fresh = names.rename(text as string);
        if (!outsideTransaction) throw error;
        return run(fresh);
      }) as never;
    }
  };
}
