// Counters read from the embedded cluster over one held connection (its own session is counted once,
// before the first measurement).
import pg from "pg";

export interface DbCounters {
  /** pg_stat_database.sessions of `bourse`: sessions ever established. */
  sessions: number;
  /** Backends connected to `bourse` right now (this connection excluded). */
  connected: number;
  orders: number;
  /** xact_commit + xact_rollback of `bourse`: transactions (a lone statement counts as one). */
  transactions: number;
}

export interface PgStats {
  read(): Promise<DbCounters>;
  close(): Promise<void>;
}

export async function openPgStats(url: string): Promise<PgStats> {
  const client = new pg.Client({ connectionString: url, application_name: "bourse-bench" });
  // The cluster may stop under it (teardown after a failure): a lost connection must not crash the harness.
  client.on("error", () => undefined);
  await client.connect();
  await client.query("select 1");
  return {
    async read() {
      // Each query is its own transaction, so the statistics snapshot is fresh.
      const r = await client.query<{ sessions: string; connected: string; orders: string; xacts: string }>(
        `select (select sessions from pg_stat_database where datname = 'bourse')::text as sessions,
                (select xact_commit + xact_rollback from pg_stat_database where datname = 'bourse')::text as xacts,
                (select count(*) from pg_stat_activity
                  where datname = 'bourse' and pid <> pg_backend_pid())::text as connected,
                (select count(*) from orders)::text as orders`,
      );
      const row = r.rows[0];
      if (row === undefined) throw new Error("no row from pg_stat_database");
      return {
        sessions: Number(row.sessions),
        connected: Number(row.connected),
        orders: Number(row.orders),
        transactions: Number(row.xacts),
      };
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}
