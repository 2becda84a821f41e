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

/**
 * A connection that runs statements starting with `/* prepared: NAME *\/` as named prepared
 * statements: each connection parses and plans them once, not on every call (Kysely sends only
 * unnamed ones). Only for statements whose text never changes; their values are parameters.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; this forwards them all
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === "string" && Array.isArray(values)) {
      const name = PREPARED.exec(config)?.[1];
      if (name !== undefined) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export function createPool(o: PoolOptions, log: Logger): pg.Pool {
  const pool = new pg.Pool({
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
