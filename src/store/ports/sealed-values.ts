/**
 * Every place a sealed value is kept, for master-key rotation and the doctor: a column holding one sealed value
 * (`*_sealed`), or text holding several (JSON targets, settings). The store walks them by primary key in batches;
 * what a value becomes is the caller's business (the SecretBox's), so no key ever reaches the store.
 */
export interface SealedRow {
  key: string;
  /** Column (as records name it) → its text, null when empty. */
  values: Record<string, string | null>;
}

export interface SealedValueStore {
  /** The tables holding sealed values, in the order a rotation walks them. */
  sealedTables(): readonly string[];
  /** Up to `limit` rows of `table` with a primary key after `after` (from the start when null), in key order. */
  readSealedRows(table: string, after: string | null, limit: number): Promise<SealedRow[]>;
  /**
   * Sets the row's columns to their new text only where each still holds the text read (`from`), so a value a
   * server rewrote meanwhile is left as the server wrote it; answers whether the row was changed.
   */
  replaceSealedValues(table: string, key: string, changes: Record<string, { from: string; to: string }>): Promise<boolean>;
}
