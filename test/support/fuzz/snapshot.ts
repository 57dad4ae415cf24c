/** Every row of an essd SQLite file, to show that what was stored before a fuzz run is still there, unchanged. */
import Database from "better-sqlite3";

export type Snapshot = Map<string, Set<string>>;

export function snapshotRows(file: string): Snapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const snapshot: Snapshot = new Map();
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
      snapshot.set(table, new Set(rows.map((row) => JSON.stringify(row, (_key, value) => (value?.type === "Buffer" ? Buffer.from(value.data).toString("hex") : value)))));
    }
    return snapshot;
  } finally {
    db.close();
  }
}

/** The rows of `before` missing from `after` (changed or deleted), by table; tables named in `changing` are skipped. */
export function lostRows(before: Snapshot, after: Snapshot, changing: ReadonlySet<string>): Array<{ table: string; row: string }> {
  const lost: Array<{ table: string; row: string }> = [];
  for (const [table, rows] of before) {
    if (changing.has(table)) continue;
    const now = after.get(table) ?? new Set();
    for (const row of rows) if (!now.has(row)) lost.push({ table, row: row.slice(0, 300) });
  }
  return lost;
}
