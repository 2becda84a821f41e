// The main pool's connections hold a transaction's BEGIN back and send it with the first statement
// (src/platform/postgres.ts): what a transaction does must not change, only its round trips.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await sql`create table begin_probe (id int primary key)`.execute(t.db);
});

afterAll(async () => {
  await t.drop();
});

/** The server's view of a backend: idle, idle in transaction, active. */
async function stateOf(pid: number): Promise<string | undefined> {
  const r = await t.pool.query<{ state: string }>("select state from pg_stat_activity where pid = $1", [pid]);
  return r.rows[0]?.state;
}

const rows = async () =>
  (await sql<{ id: number }>`select id from begin_probe order by id`.execute(t.db)).rows.map((r) => r.id);

describe("a transaction on the main pool", () => {
  it("reaches the server with its first statement, and its statements share one transaction", async () => {
    const seen = await t.db.transaction().execute(async (trx) => {
      const before = await t.pool.query<{ n: string }>(
        "select count(*)::text as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
      );
      const first = await sql<{ pid: number; xid: string; at: Date }>`
        select pg_backend_pid() as pid, pg_current_xact_id()::text as xid, now() as at`.execute(trx);
      const row = first.rows[0];
      if (row === undefined) throw new Error("no row");
      const during = await stateOf(row.pid);
      const second = await sql<{ xid: string; at: Date }>`
        select pg_current_xact_id()::text as xid, now() as at`.execute(trx);
      return { idleBefore: before.rows[0]?.n, during, first: row, second: second.rows[0] };
    });
    // Nothing was open on the server before the first statement: BEGIN had not been sent.
    expect(seen.idleBefore).toBe("0");
    expect(seen.during).toBe("idle in transaction");
    expect(seen.second?.xid).toBe(seen.first.xid);
    expect(seen.second?.at.getTime()).toBe(seen.first.at.getTime());
  });

  it("undoes its first statement when it rolls back", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`insert into begin_probe (id) values (1)`.execute(trx);
        throw new Error("forced rollback");
      }),
    ).rejects.toThrow("forced rollback");
    expect(await rows()).toEqual([]);
  });

  it("commits its writes together", async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`insert into begin_probe (id) values (2)`.execute(trx);
      await sql`insert into begin_probe (id) values (3)`.execute(trx);
    });
    expect(await rows()).toEqual([2, 3]);
  });

  it("commits or rolls back without a statement", async () => {
    await t.db.transaction().execute(async () => undefined);
    await expect(
      t.db.transaction().execute(async () => {
        throw new Error("nothing to undo");
      }),
    ).rejects.toThrow("nothing to undo");
    expect(await rows()).toEqual([2, 3]);
  });

  it("fails with its first statement and leaves the connection usable", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`insert into begin_probe (id) values (2)`.execute(trx);
      }),
    ).rejects.toThrow(/duplicate key/);
    // Every connection of the pool, in turn: each one is out of its failed transaction.
    const clients = await Promise.all(Array.from({ length: 20 }, () => t.pool.connect()));
    try {
      for (const client of clients) {
        const r = await client.query<{ open: boolean }>(
          "select pg_current_xact_id_if_assigned() is not null as open",
        );
        expect(r.rows[0]?.open).toBe(false);
      }
    } finally {
      for (const client of clients) client.release();
    }
    await t.db.transaction().execute(async (trx) => {
      await sql`insert into begin_probe (id) values (4)`.execute(trx);
    });
    expect(await rows()).toEqual([2, 3, 4]);
  });
});
