// The PostgreSQL pool and the typed query builder over it.
import {
  Kysely,
  type PostgresCursor,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from "kysely";
import pg from "pg";
import type { Logger } from "./logger.ts";

// NUMERIC and BIGINT arrive as strings (never floats); dates as Date.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface PoolOptions {
  connectionString: string;
  max: number;
  statementTimeoutMs: number;
  connectionTimeoutMs: number;
  idleTimeoutMs: number;
  maxLifetimeSeconds: number;
  applicationName: string;
}

/** What a log line needs of a connection error (the error object also carries the whole client). */
const brief = (error: Error) => ({ error: error.message, code: "code" in error ? error.code : undefined });

/**
 * pg's settings of the main pool's connections: pipelined, so that a transaction's deferred BEGIN
 * and its first statement leave together (see `KyselySession`). graphile-worker's pools turn it off.
 */
export type ClientSettings = Pick<pg.ClientConfig, "pipeline">;

const statementNames = new WeakMap<readonly unknown[], string>();

/**
 * The query, to run as the named prepared statement `name`: each connection parses and plans it
 * once, not on every call (Kysely sends only unnamed ones). Only for a statement whose text never
 * changes under that name; its values are parameters. The name travels with the query's own
 * parameter list, which Kysely hands to the connection unchanged.
 */
export function namedQuery<Q extends { readonly parameters: readonly unknown[] }>(query: Q, name: string): Q {
  // A compiled query's parameter list is its own, made by the compile that made the query.
  statementNames.set(query.parameters, name);
  return query;
}

/** What a deferred BEGIN, and the COMMIT or ROLLBACK of a transaction that ran nothing, answer. */
const answered = <R>(command: "COMMIT" | "ROLLBACK" | "SELECT"): PostgresQueryResult<R> => ({
  command,
  rowCount: 0,
  rows: [],
});

/**
 * One pooled connection as Kysely sees it. Named queries (`namedQuery`) run as prepared
 * statements. A transaction's BEGIN is held back until its first statement, then sent with it on
 * the pipelined connection: one round trip less per transaction. The statement's promise settles
 * only after BEGIN's, so a failed BEGIN fails it. A transaction that ran no statement commits or
 * rolls back without a round trip.
 */
class KyselySession implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  #beginHeld = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== "string") throw new Error("cursors are not used on this pool");
    const values = parameters ?? [];
    // Kysely sends BEGIN, COMMIT and ROLLBACK as bare lowercase statements.
    const verb = values.length === 0 && sql.length <= 8 ? sql : "";
    if (verb === "begin") {
      this.#beginHeld = true;
      return Promise.resolve(answered<R>("SELECT"));
    }
    if (!this.#beginHeld) return this.#send<R>(sql, values);
    this.#beginHeld = false;
    if (verb === "commit") return Promise.resolve(answered<R>("COMMIT"));
    if (verb === "rollback") return Promise.resolve(answered<R>("ROLLBACK"));
    const begin = this.#client.query("begin");
    const statement = this.#send<R>(sql, values);
    return Promise.all([begin, statement]).then(([, result]) => result);
  }

  async #send<R>(text: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const name = statementNames.get(parameters);
    const values = [...parameters];
    const result =
      name === undefined
        ? await this.#client.query(text, values)
        : await this.#client.query({ name, text, values });
    return result as unknown as PostgresQueryResult<R>;
  }

  release(destroy?: boolean): void {
    this.#client.release(destroy);
  }
}

/**
 * The pool as Kysely's Postgres dialect takes it, its connections as `KyselySession`s, one per
 * connection (Kysely keeps its own per-connection state by that object).
 */
function kyselyPool(pool: pg.Pool): PostgresPool {
  const sessions = new WeakMap<pg.PoolClient, KyselySession>();
  return {
    options: pool.options,
    connect: async () => {
      const client = await pool.connect();
      let session = sessions.get(client);
      if (session === undefined) {
        session = new KyselySession(client);
        sessions.set(client, session);
      }
      return session;
    },
    end: () => pool.end(),
  };
}

export function createPool(o: PoolOptions, log: Logger): pg.Pool {
  const settings: ClientSettings = { pipeline: true };
  const pool = new pg.Pool({
    ...settings,
    connectionString: o.connectionString,
    max: o.max,
    // Keep connections open: no churn under load. They are recycled only after maxLifetimeSeconds.
    idleTimeoutMillis: o.idleTimeoutMs,
    maxLifetimeSeconds: o.maxLifetimeSeconds,
    connectionTimeoutMillis: o.connectionTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    application_name: o.applicationName,
  });
  // A connection that fails while idle (server restart, network) is dropped and replaced, not fatal.
  pool.on("error", (error) =>
    log.warn(brief(error), "idle PostgreSQL connection failed; it will be replaced"),
  );
  pool.on("connect", (client) => {
    client.on("error", (error) => log.warn(brief(error), "PostgreSQL connection failed"));
  });
  return trackConnections(pool);
}

const live = new WeakMap<pg.Pool, Set<pg.Client>>();

/** Keeps count of the pool's open connections, for `endPool`. */
export function trackConnections(pool: pg.Pool): pg.Pool {
  const open = new Set<pg.Client>();
  live.set(pool, open);
  pool.on("connect", (client) => {
    open.add(client);
    client.once("end", () => open.delete(client));
  });
  return pool;
}

/**
 * Resolves when the connections the pool has open now are closed (at most `timeoutMs`). Ask before
 * ending the pool: pool.end() resolves once it has asked them to close, and a server stopped right
 * after would find them still open and break them (a warning per connection).
 */
async function connectionsClosed(pool: pg.Pool, timeoutMs = 5_000): Promise<void> {
  const closing = [...(live.get(pool) ?? [])].map(
    (client) => new Promise<void>((resolve) => client.once("end", () => resolve())),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closing),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Ends the pool and waits until its connections are closed. `end` is what ends it: `pool.end()`,
 * or the Kysely instance's `destroy()` for the pool it owns.
 */
export async function endPool(pool: pg.Pool, end: () => Promise<void> = () => pool.end()): Promise<void> {
  const closed = connectionsClosed(pool);
  await end();
  await closed;
}

/**
 * Opens the pool's connections now, up to `size`, so that load never opens one (a fixed pool: no
 * new PostgreSQL sessions under load). pg.Pool opens them lazily
 * otherwise, the first time that many are in use at once.
 */
export async function fillPool(pool: pg.Pool, size: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of clients) client.release();
}

export function createDb<Database>(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) });
}
