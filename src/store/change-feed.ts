/**
 * Tells read caches that rows they may hold changed. Three sources feed it, so every writer is heard:
 *  - this process's own writes, seen by a Kysely plugin as the statement runs (before and after it);
 *  - other nodes' writes on PostgreSQL, through a trigger's NOTIFY (delivered when their transaction commits);
 *  - other processes on the same SQLite file (the CLI), through `PRAGMA data_version`, polled.
 * While a remote source is down (the LISTEN connection lost) the feed is not `live` and caches must not answer.
 */
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

/** The tables whose rows the API's hot path caches: keys, organizations, operators, faults, review policies. */
export const CACHED_TABLES: ReadonlySet<string> = new Set(["api_keys", "organizations", "employees", "sandbox_faults", "review_policies"]);

/**
 * Tables whose rows are cached only when found (links: every redirect and QR image reads them). A new row changes
 * no cached answer, so only statements that may change or remove rows are heard; a plain INSERT (the hot write of
 * every link-issuing call) flushes nothing.
 */
export const CACHED_WHEN_FOUND: ReadonlySet<string> = new Set(["links"]);

export interface ChangeSource {
  /** Whether every source of changes is connected; caches answer nothing while it is not. */
  readonly live: boolean;
  /** Calls `listener` whenever rows of a cached table may have changed; answers the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Looks for changes, where a source can do so synchronously (SQLite's data_version); see ChangeFeed.refresh. */
  refresh?(): void;
  /** A call (HTTP request) arrived: the next refresh looks for changes again, whatever it did before. */
  newCall?(): void;
}

export class ChangeFeed implements ChangeSource {
  private readonly listeners = new Set<() => void>();
  private remoteLive = true;
  /** Starts the remote source (LISTEN, polling) on the first subscriber; answers its stop. */
  private stopRemote: (() => void) | undefined;

  /** Calls arrived so far, and how many had arrived at the last check. */
  private calls = 0;
  private callsChecked = -1;
  /** Whether a check ran in this turn of the event loop (cleared by a setImmediate after it). */
  private checkedThisTurn = false;
  private readonly endTurn = () => {
    this.checkedThisTurn = false;
  };

  constructor(
    private readonly startRemote?: (feed: ChangeFeed) => () => void,
    private readonly checkRemote?: () => void,
  ) {}

  /**
   * Looks for another process's changes unless a check already ran after the latest call arrived and in this
   * turn of the event loop. Reading data_version takes and drops SQLite's read locks (syscalls), so checking
   * before every cached answer cost ≈ 10 % of a call that reads three. Skipping is safe: every call that arrived
   * before a check is served after a change committed before it arrived (that check saw the change), and a call
   * arriving later bumps `calls`, so its first cached answer checks again. Readers outside calls (the worker's
   * timers) check again in every turn of the loop.
   */
  refresh(): void {
    if (!this.checkRemote) return;
    if (this.checkedThisTurn && this.callsChecked === this.calls) return;
    this.callsChecked = this.calls;
    if (!this.checkedThisTurn) {
      this.checkedThisTurn = true;
      setImmediate(this.endTurn);
    }
    this.checkRemote();
  }

  newCall(): void {
    this.calls++;
  }

  get live(): boolean {
    return this.remoteLive;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.startRemote && !this.stopRemote) this.stopRemote = this.startRemote(this);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of this.listeners) listener();
  }

  /** For remote sources: a lost connection makes caches step aside (and flush) until it is back. */
  setLive(live: boolean): void {
    this.remoteLive = live;
    this.emit();
  }

  close(): void {
    this.stopRemote?.();
    this.listeners.clear();
  }
}

/** The table an INSERT, UPDATE, DELETE or MERGE writes, when the statement is one. */
function writtenTables(node: RootOperationNode): string[] {
  const names: string[] = [];
  const collect = (value: unknown) => {
    const n = value as (OperationNode & { table?: { identifier?: { name?: string } }; node?: unknown; froms?: unknown[] }) | undefined;
    if (!n) return;
    if (n.kind === "TableNode" && n.table?.identifier?.name) names.push(n.table.identifier.name);
    else if (n.kind === "AliasNode") collect(n.node);
    else if (n.kind === "FromNode") n.froms?.forEach(collect);
  };
  switch (node.kind) {
    case "InsertQueryNode":
      collect(node.into);
      break;
    case "UpdateQueryNode":
      collect(node.table);
      break;
    case "DeleteQueryNode":
      collect(node.from);
      break;
    case "MergeQueryNode":
      collect(node.into);
      break;
    case "RawNode":
      for (const match of node.sqlFragments.join(" ").matchAll(/\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+"?(\w+)/gi)) names.push(match[1]!.toLowerCase());
      break;
  }
  return names;
}

/** Whether a writing statement may change or remove existing rows: anything but a plain INSERT. */
function mayChangeRows(node: RootOperationNode): boolean {
  if (node.kind !== "InsertQueryNode") return true;
  return Boolean(node.onConflict || node.onDuplicateKey || node.orAction || node.replace);
}

/** Emits on the feed around every statement that writes a cached table; other statements cost one switch. */
export class WriteWatchPlugin implements KyselyPlugin {
  private readonly writing = new WeakSet<object>();

  constructor(private readonly feed: ChangeFeed) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const tables = writtenTables(args.node);
    if (tables.some((t) => CACHED_TABLES.has(t) || (CACHED_WHEN_FOUND.has(t) && mayChangeRows(args.node)))) {
      this.writing.add(args.queryId);
      this.feed.emit();
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Again once the row is written: a read that started meanwhile must not keep what it saw.
    if (this.writing.has(args.queryId)) this.feed.emit();
    return args.result;
  }
}
