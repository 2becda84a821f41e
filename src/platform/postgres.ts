// The PostgreSQL pool and the typed query builder over it.
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../modules/database.ts";
import type { Logger } from "./logger.ts";

// NUMERIC and BIGINT arrive as strings (never floats); dates as Date.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export type Db = Kysely<Database>;

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

const PREPARED = /^\/\* prepared: ([a-z0-9_-]+) \*\//;

/** pg's client settings, and whether BEGIN waits for the transaction's first statement. */
export interface ClientSettings extends pg.ClientConfig {
  deferBegin?: boolean;
}

/** What a deferred BEGIN, and the COMMIT or ROLLBACK of a transaction that ran nothing, answer. */
const answered = (command: string) =>
  Promise.resolve({ command, rowCount: null, rows: [], fields: [], oid: 0 } as unknown as pg.QueryResult);

/**
 * A connection that runs statements starting with `/* prepared: NAME *\/` as named prepared
 * statements: each connection parses and plans them once, not on every call (Kysely sends only
 * unnamed ones). Only for statements whose text never changes; their values are parameters.
 *
 * With `deferBegin`, the connection is pipelined (pg's `pipeline` mode) and a transaction's BEGIN
 * is held back until its first statement, then written with it in one packet: one round trip
 * less per transaction. The statement's promise settles only after BEGIN's, so a failed BEGIN
 * fails it. A transaction that ran no statement commits or rolls back without a round trip.
 */
class PreparingClient extends pg.Client {
  readonly #deferBegin: boolean;
  #beginHeld = false;

  constructor(settings: ClientSettings = {}) {
    const { deferBegin = false, ...config } = settings;
    super({ ...config, pipeline: deferBegin });
    this.#deferBegin = deferBegin;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this forwards them all
  override query(config: any, values?: any, callback?: any): any {
    if (this.#deferBegin && typeof config === "string" && callback === undefined) {
      // Only BEGIN, COMMIT and ROLLBACK matter here: a statement's text is not lowercased.
      const verb = config.length <= 8 ? config.toLowerCase() : "";
      const bare = values === undefined || (Array.isArray(values) && values.length === 0);
      if (verb === "begin" && bare) {
        this.#beginHeld = true;
        return answered("BEGIN");
      }
      if (this.#beginHeld) {
        this.#beginHeld = false;
        if ((verb === "commit" || verb === "rollback") && bare) return answered(verb.toUpperCase());
        const stream = this.connection.stream;
        stream.cork();
        try {
          const begin = super.query("begin");
          const statement = this.#send(config, values);
          return Promise.all([begin, statement]).then(([, result]) => result);
        } finally {
          stream.uncork();
        }
      }
    }
    return this.#send(config, values, callback);
  }

  // biome-ignore lint/suspicious/noExplicitAny: as query()
  #send(config: any, values?: any, callback?: any): any {
    if (typeof config === "string" && Array.isArray(values)) {
      const name = PREPARED.exec(config)?.[1];
      if (name !== undefined) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export function createPool(o: PoolOptions, log: Logger): pg.Pool {
  const settings: ClientSettings = { deferBegin: true };
  const pool = new pg.Pool({
    ...settings,
    Client: PreparingClient,
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
 * new PostgreSQL sessions under load, the churn issue 5 counts). pg.Pool opens them lazily
 * otherwise, the first time that many are in use at once.
 */
export async function fillPool(pool: pg.Pool, size: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of clients) client.release();
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
