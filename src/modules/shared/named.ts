// Statements run as named prepared statements, the name given where the statement is written.
import type { QueryResult, RawBuilder } from "kysely";
import { namedQuery } from "../../platform/postgres.ts";
import type { Executor } from "./executor.ts";

/**
 * Runs `query` as the prepared statement `name`: parsed and planned once per connection. The
 * statement's text must be the same at every call under that name; its values are parameters.
 */
export async function runNamed<R>(
  db: Executor,
  name: string,
  query: RawBuilder<unknown>,
): Promise<QueryResult<R>> {
  return await db.executeQuery<R>(namedQuery(query.compile(db), name));
}
