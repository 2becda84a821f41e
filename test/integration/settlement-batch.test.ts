// Settlement of many orders per transaction: the outcome of settling one by one, no deadlock
// between concurrent batches and placements, and one bad order does not hold up its batch.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { listEventsAfter } from "../../src/modules/events/events.service.ts";
import type { ExecutionReport } from "../../src/modules/executions/executions.table.ts";
import { settleOrders } from "../../src/modules/trading/settle.ts";
import { settleFillTask } from "../../src/modules/trading/tasks.ts";
import { buildTestApp, createAccount, limitBuy, type TestAccount, type TestApp } from "../support/app.ts";
import { storeReport } from "../support/fills.ts";
import { countJobs } from "../support/jobs.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const report = (orderId: string, r: Partial<ExecutionReport> & Pick<ExecutionReport, "type">) =>
  storeReport(t, orderId, r);

async function place(a: TestAccount, body: object): Promise<string> {
  const r = await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: body });
  expect(r.statusCode).toBe(201);
  return r.json().id;
}

const get = async (a: TestAccount, url: string) =>
  (await t.app.inject({ method: "GET", url, headers: a.headers })).json();

async function expectInvariants() {
  const breaches = (await checkInvariants(t.database.db)).filter((c) => c.breaches.length > 0);
  expect(breaches).toEqual([]);
}

/**
 * Orders of two accounts, each accepted, partly filled, then filled or cancelled; `after` runs
 * after each report is stored.
 */
async function scenario(after: (orderId: string) => Promise<unknown> = async () => {}) {
  const accounts = [await createAccount(t), await createAccount(t)];
  const orders: { account: TestAccount; id: string; closes: boolean }[] = [];
  for (const account of accounts) {
    for (const [i, side] of (["buy", "sell", "buy"] as const).entries()) {
      const id = await place(
        account,
        limitBuy({ side, quantity: "0.1", price: side === "buy" ? "50000" : "49000" }),
      );
      orders.push({ account, id, closes: i === 2 });
    }
  }
  for (const o of orders) {
    await report(o.id, { type: "accepted" });
    await after(o.id);
    await report(o.id, { type: "trade", quantity: "0.04", price: "49500", liquidity: "maker" });
    await after(o.id);
    if (o.closes) await report(o.id, { type: "cancelled", reason: "user" });
    else await report(o.id, { type: "trade", quantity: "0.06", price: "49700", liquidity: "taker" });
    await after(o.id);
  }
  return { accounts, orders };
}

async function snapshot(s: Awaited<ReturnType<typeof scenario>>) {
  const out = [];
  for (const a of s.accounts) {
    const account = await get(a, "/api/v1/account");
    const positions = await t.database.db
      .selectFrom("positions")
      .select(["symbol", "quantity", "average_entry_price", "realized_pnl"])
      .where("account_id", "=", a.id)
      .execute();
    const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
    out.push({
      balances: account.balances,
      positions: positions.map((p) => [
        p.symbol,
        ...[p.quantity, p.average_entry_price, p.realized_pnl].map(Number),
      ]),
      events: events.map((e) => (e.type === "balance.updated" ? [e.type, e.payload] : e.type)),
      seqs: events.map((e) => Number(e.seq)),
    });
  }
  const orders = [];
  for (const o of s.orders) {
    const v = await get(o.account, `/api/v1/orders/${o.id}`);
    orders.push([v.status, v.filled_quantity, v.average_fill_price, v.reject_reason]);
  }
  return { accounts: out, orders };
}

describe("settling many orders in one transaction", () => {
  test("when the reports of several orders and accounts settle together, then everything is as when each report settles alone", async () => {
    const together = await scenario();
    const r = await settleOrders(
      t.database.db,
      t.services.catalog,
      together.orders.map((o) => o.id),
    );
    expect([...r.values()]).toEqual(Array(18).fill("settled"));
    const alone = await scenario((id) => settleOrders(t.database.db, t.services.catalog, [id]));
    const [a, b] = [await snapshot(together), await snapshot(alone)];
    expect(a).toEqual(b);
    expect(a.accounts[0]?.seqs).toEqual(a.accounts[0]?.seqs.map((_, i) => i + 1));
    expect(a.orders.map((o) => o[0])).toEqual([
      "filled",
      "filled",
      "cancelled",
      "filled",
      "filled",
      "cancelled",
    ]);
    // Running it again changes nothing.
    expect(
      (
        await settleOrders(
          t.database.db,
          t.services.catalog,
          together.orders.map((o) => o.id),
        )
      ).size,
    ).toBe(0);
    expect(await snapshot(together)).toEqual(a);
    await expectInvariants();
  });

  test("when batches with overlapping orders in any order run at once, beside placements of the same accounts, then none deadlocks", async () => {
    const funds = { USD: "100000", BTC: "10", ETH: "100" };
    const accounts = [
      await createAccount(t, funds),
      await createAccount(t, funds),
      await createAccount(t, funds),
    ];
    const ids: string[] = [];
    for (const a of accounts) {
      for (let i = 0; i < 8; i++) {
        const side = i % 2 === 0 ? "buy" : "sell";
        const symbol = i % 4 < 2 ? "BTC-USD" : "ETH-USD";
        const id = await place(
          a,
          limitBuy({ symbol, side, quantity: "0.1", price: side === "buy" ? "3000" : "2900" }),
        );
        // Prices differ per fill, so a position's P&L depends on the order fills reach it.
        await report(id, {
          type: "trade",
          quantity: "0.05",
          price: String(2901 + 7 * i),
          liquidity: "taker",
        });
        await report(id, {
          type: "trade",
          quantity: "0.05",
          price: String(2903 + 5 * i),
          liquidity: "maker",
        });
        ids.push(id);
      }
    }
    const shuffled = () => [...ids].sort(() => Math.random() - 0.5).slice(0, 16);
    const placements = accounts.flatMap((a) =>
      Array.from({ length: 4 }, () => place(a, limitBuy({ quantity: "0.01", price: "100" }))),
    );
    const batches = Array.from({ length: 6 }, () =>
      settleOrders(t.database.db, t.services.catalog, shuffled()),
    );
    await Promise.all([...batches, ...placements]);
    await settleOrders(t.database.db, t.services.catalog, ids);
    const statuses = await t.database.db
      .selectFrom("orders")
      .select("status")
      .where("id", "in", ids)
      .execute();
    expect(statuses.every((s) => s.status === "filled")).toBe(true);
    await expectInvariants();
  });

  test("when two first fills of one account and symbol wait for the same balances, then the later one finds the position the earlier created", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const ids = [
      await place(a, limitBuy({ quantity: "0.1", price: "3000" })),
      await place(a, limitBuy({ quantity: "0.1", price: "3000" })),
    ];
    for (const [i, id] of ids.entries()) {
      await report(id, { type: "trade", quantity: "0.1", price: String(2990 + i), liquidity: "maker" });
    }
    // Hold the account's balances until both settlements wait for them: each then reads the
    // positions in a snapshot taken before the other committed.
    const waiting = async () =>
      Number(
        (
          await sql<{ n: string }>`select count(*)::text as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db)
        ).rows[0]?.n,
      );
    let settling: Promise<unknown>[] = [];
    await t.database.db.transaction().execute(async (trx) => {
      await sql`select * from balances where account_id = ${a.id} for update`.execute(trx);
      settling = ids.map((id) => settleOrders(t.database.db, t.services.catalog, [id]));
      for (let i = 0; i < 100 && (await waiting()) < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await waiting()).toBe(2);
    });
    await Promise.all(settling);
    const position = await t.database.db
      .selectFrom("positions")
      .select(["quantity", "average_entry_price"])
      .where("account_id", "=", a.id)
      .where("symbol", "=", "BTC-USD")
      .executeTakeFirstOrThrow();
    expect(position).toEqual({ quantity: "0.2", average_entry_price: "2990.5" });
    await expectInvariants();
  });

  test("when one order of a settle job cannot settle, then the others do and it gets a job of its own", async () => {
    const a = await createAccount(t);
    const good1 = await place(a, limitBuy());
    const bad = await place(a, limitBuy());
    const good2 = await place(a, limitBuy());
    for (const id of [good1, bad, good2])
      await report(id, {
        type: "trade",
        quantity: id === bad ? "0.2" : "0.1",
        price: "50000",
        liquidity: "taker",
      });
    const warnings: string[] = [];
    const helpers = { logger: { warn: (m: string) => warnings.push(m) } } as never;
    await settleFillTask(t.database.db, t.services.catalog)({ order_ids: [good1, bad, good2] }, helpers);
    expect((await get(a, `/api/v1/orders/${good1}`)).status).toBe("filled");
    expect((await get(a, `/api/v1/orders/${good2}`)).status).toBe("filled");
    expect((await get(a, `/api/v1/orders/${bad}`)).status).toBe("pending");
    expect(await countJobs(t.database.db, "settle_fill", bad)).toBe(1);
    expect(warnings.join("\n")).toContain(bad);
    // A job of that order alone fails, so the queue retries it.
    await expect(
      settleFillTask(t.database.db, t.services.catalog)({ order_id: bad }, helpers),
    ).rejects.toThrow(/exceeds the open/);
    await expectInvariants();
  });
});
