// Rows handed to one SQL statement as a JSON record set: `jsonb_to_recordset($1) as x (col type, …)`.
// The column list of each table is declared once (its `*.table.ts`), keyed by the table's own
// column names, so a renamed or misspelt column fails to compile instead of failing at run time.
import { type RawBuilder, sql } from "kysely";

export type PgType = "uuid" | "text" | "numeric" | "timestamptz" | "int" | "jsonb" | "boolean";

/** Some columns of `Table` with their PostgreSQL types, in the order the record set lists them. */
export type Columns<Table> = { readonly [K in keyof Table]?: PgType };

/** Declares a column list of `Table`: `columns<FillsTable>()({ id: "uuid", … })`. */
export const columns =
  <Table>() =>
  <const C extends Columns<Table>>(c: C): C =>
    c;

/** A row for a record set of these columns: a value (JSON-encodable) for each. */
export type RecordsetRow<C> = { readonly [K in keyof C]: unknown };

/** `jsonb_to_recordset(<rows>::jsonb) as alias (col type, …)`, for a `from` clause. */
export function recordset<C extends Columns<unknown>>(
  alias: string,
  cols: C,
  rows: readonly RecordsetRow<C>[],
): RawBuilder<unknown> {
  const list = Object.entries(cols).map(([name, type]) => sql`${sql.ref(name)} ${sql.raw(type as PgType)}`);
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.ref(alias)} (${sql.join(list)})`;
}

/** The column names of a list, comma-separated (an insert's column list or a select list). */
export const columnNames = (cols: Columns<unknown>): RawBuilder<unknown> =>
  sql.join(Object.keys(cols).map((name) => sql.ref(name)));
