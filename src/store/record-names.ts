import { CamelCasePlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";

/** Row arrays whose rows already carry the records' (camelCase) names; nothing is added to the arrays themselves. */
const alreadyNamed = new WeakSet<object>();

/** Queries built through the plugin (compiled ones keep their id): their rows are wanted under the records' names. */
const renamedQueries = new WeakSet<QueryId>();

/** Whether the query was built through the plugin, so a driver may name its rows as records itself. */
export const wantsRecordNames = (queryId: QueryId): boolean => renamedQueries.has(queryId);

/** Tells the plugin that a driver built these rows under their record names already. */
export function namedAsRecords<T extends unknown[]>(rows: T): T {
  alreadyNamed.add(rows);
  return rows;
}

/**
 * Kysely's CamelCasePlugin (SQL's snake_case, the records' camelCase), except that rows a driver already named as
 * records (`namedAsRecords`) pass untouched: renaming every key of every row again is a second object per row for
 * nothing.
 */
export class RecordNamesPlugin extends CamelCasePlugin {
  override transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    renamedQueries.add(args.queryId);
    return super.transformQuery(args);
  }

  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return alreadyNamed.has(args.result.rows) ? args.result : super.transformResult(args);
  }

  recordName(column: string): string {
    return this.camelCase(column);
  }
}

/** The one renaming rule, shared by the plugin and the SQLite rows (its camelCase is memoized per name). */
export const recordNames = new RecordNamesPlugin();
