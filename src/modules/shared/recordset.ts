// Rows handed to one SQL statement as a JSON record set: `jsonb_to_recordset($1) as x (col type, …)`.
// The column list of each table is declared once (its `*.table.ts`), keyed by the table's own
// column names, so a renamed or misspelt column fails to compile instead of failing at run time.
// A list's SQL text is built once, on first use: these statements run many times a second, and
// Kysely compiles one raw piece faster than a node per column.
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

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface Texts {
  /** `"col" type, …` */
  typed: RawBuilder<unknown>;
  /** `"col", …` */
  names: RawBuilder<unknown>;
}
const texts = new WeakMap<object, Texts>();

function textsOf(cols: Columns<unknown>): Texts {
  let t = texts.get(cols);
  if (t === undefined) {
    const entries = Object.entries(cols) as [string, PgType][];
    t = {
      typed: sql.raw(entries.map(([name, type]) => `${quote(name)} ${type}`).join(", ")),
      names: sql.raw(entries.map(([name]) => quote(name)).join(", ")),
    };
    texts.set(cols, t);
  }
  return t;
}

/** `jsonb_to_recordset(<rows>::jsonb) as alias (col type, …)`, for a `from` clause. */
export function recordset<C extends Columns<unknown>>(
  alias: string,
  cols: C,
  rows: readonly RecordsetRow<C>[],
): RawBuilder<unknown> {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.raw(quote(alias))} (${textsOf(cols).typed})`;
}

/** The column names of a list, comma-separated (an insert's column list or a select list). */
export const columnNames = (cols: Columns<unknown>): RawBuilder<unknown> => textsOf(cols).names;
