// settle_fill on real PostgreSQL: execution reports applied to orders, ledger, positions, events.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { listEventsAfter } from "../../src/modules/events/events.service.ts";
import type { ExecutionReport } from "../../src/modules/executions/executions.table.ts";
import { FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID } from "../../src/modules/ledger/ledger.accounts.ts";
import { buildTestApp, createAccount, limitBuy, type TestAccount, type TestApp } from "../support/app.ts";
import { settleExecution, storeReport } from "../support/fills.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Stores a report of the order; `settle` settles it. */
async function report(orderId: string, r: Partial<ExecutionReport> & Pick<ExecutionReport, "type">) {
  const id = await storeReport(t, orderId, r);
  return { id, settle: () => settleExecution(t.database.db, t.services.catalog, id) };
}

async function place(a: TestAccount, body: object) {
  const r = await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: body });
  expect(r.statusCode).toBe(201);
  return r.json();
}
const get = async (a: TestAccount, url: string) =>
  (await t.app.inject({ method: "GET", url, headers: a.headers })).json();
const balance = async (a: TestAccount, asset: string) =>
  (await get(a, "/api/v1/account")).balances.find((b: { asset: string }) => b.asset === asset);

async function ledgerSums() {
  const r = await sql<{
    asset: string;
    sum: string;
  }>`select asset, sum(amount)::text as sum from ledger_entries group by asset`.execute(t.database.db);
  return r.rows.filter((x) => Number(x.sum) !== 0);
}

describe("settling trades", () => {
  test("when a limit buy fills in two parts below its limit, then balances, fee, position and order add up and the rest of the hold is released", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = await place(a, limitBuy({ quantity: "0.1", price: "50000" })); // holds 5010
    await (await report(order.id, { type: "accepted" })).settle();
    expect((await get(a, `/api/v1/orders/${order.id}`)).status).toBe("open");

    const first = await report(order.id, {
      type: "trade",
      quantity: "0.04",
      price: "49900",
      liquidity: "maker",
    });
    expect(await first.settle()).toBe("settled");
    expect(await first.settle()).toBe("already_settled");
    let o = await get(a, `/api/v1/orders/${order.id}`);
    expect(o).toMatchObject({
      status: "partially_filled",
      filled_quantity: "0.04",
      average_fill_price: "49900",
    });
    // cost 1996 + maker fee 1.996 rounded up to the cent, 2.00: 10000 − 1998 = 8002. The hold keeps
    // what the open 0.06 can still be charged at 50000: 3000 + (⌈1.996 + 6⌉ = 8.00) − 2.00 = 3006,
    // so 5010 − 3006 = 2004 is released.
    expect(await balance(a, "USD")).toEqual({
      asset: "USD",
      total: "8002",
      available: "4996",
      held: "3006",
    });
    expect(await balance(a, "BTC")).toEqual({ asset: "BTC", total: "0.04", available: "0.04", held: "0" });

    await (
      await report(order.id, { type: "trade", quantity: "0.06", price: "50000", liquidity: "taker" })
    ).settle();
    o = await get(a, `/api/v1/orders/${order.id}`);
    expect(o).toMatchObject({ status: "filled", filled_quantity: "0.1", average_fill_price: "49960" });
    // second: cost 3000 + the fee accrued in all rounded up less what was charged, ⌈7.996⌉ − 2.00 = 6;
    // the whole remaining hold is released
    expect(await balance(a, "USD")).toEqual({
      asset: "USD",
      total: "4996",
      available: "4996",
      held: "0",
    });
    expect(await balance(a, "BTC")).toMatchObject({ total: "0.1" });
    expect(await ledgerSums()).toEqual([]);

    const fills = (await get(a, "/api/v1/orders")).data;
    expect(fills[0].status).toBe("filled");
    const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
    expect(events.map((e) => e.type).slice(-4)).toEqual([
      "fill.created",
      "order.filled",
      "balance.updated",
      "balance.updated",
    ]);
    const position = await t.database.db
      .selectFrom("positions")
      .selectAll()
      .where("account_id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect([position.quantity, position.average_entry_price].map(Number)).toEqual([0.1, 49960]);
  });

  test("when a sell fills, then base leaves the hold and the proceeds less the fee arrive", async () => {
    const a = await createAccount(t, { BTC: "1" });
    const order = await place(a, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.5",
      price: "50000",
    });
    await (
      await report(order.id, { type: "trade", quantity: "0.5", price: "50100", liquidity: "taker" })
    ).settle();
    expect(await balance(a, "BTC")).toEqual({ asset: "BTC", total: "0.5", available: "0.5", held: "0" });
    // 25050 − 0.2% = 24999.9
    expect(await balance(a, "USD")).toEqual({
      asset: "USD",
      total: "24999.9",
      available: "24999.9",
      held: "0",
    });
    expect(await ledgerSums()).toEqual([]);
  });

  test("when a trade's notional and fee have more decimals than USD, then the buyer pays both rounded up, the seller receives the notional rounded down less the fee rounded up, and every amount is in cents", async () => {
    const buyer = await createAccount(t, { USD: "1000" });
    const seller = await createAccount(t, { BTC: "1" });
    const terms = { symbol: "BTC-USD", order_type: "limit", quantity: "0.01", price: "50056.37" };
    const buy = await place(buyer, { ...terms, side: "buy" });
    const sell = await place(seller, { ...terms, side: "sell" });
    // The hold: 0.01 × 50056.37 = 500.5637 → 500.57, taker fee 1.0011274 → 1.01: 501.58.
    expect(await balance(buyer, "USD")).toEqual({
      asset: "USD",
      total: "1000",
      available: "498.42",
      held: "501.58",
    });
    for (const o of [buy, sell]) {
      await (
        await report(o.id, { type: "trade", quantity: "0.01", price: "50056.37", liquidity: "taker" })
      ).settle();
    }
    // The buyer pays 500.57 + 1.01 = 501.58, exactly the hold: nothing left held, no dust available.
    expect(await balance(buyer, "USD")).toEqual({
      asset: "USD",
      total: "498.42",
      available: "498.42",
      held: "0",
    });
    // The seller receives 500.5637 → 500.56, less the fee 1.01: 499.55.
    expect(await balance(seller, "USD")).toEqual({
      asset: "USD",
      total: "499.55",
      available: "499.55",
      held: "0",
    });
    const fees = (await get(buyer, `/api/v1/orders/${buy.id}/fills`)).data.map((f: { fee: string }) => f.fee);
    expect(fees).toEqual(["1.01"]);
    // The venue clearing account takes 500.57 from the buy and pays 500.56 for the sell.
    const entries = await sql<{ order_id: string; account_id: string; amount: string }>`
      select order_id::text, account_id::text, amount::text from ledger_entries
      where order_id in (${buy.id}, ${sell.id}) and asset = 'USD' and kind = 'trade'`.execute(t.database.db);
    const of = (order: string, account: string) =>
      entries.rows
        .filter((e) => e.order_id === order && e.account_id === account)
        .map((e) => Number(e.amount));
    expect(of(buy.id, VENUE_ACCOUNT_ID)).toEqual([500.57]);
    expect(of(sell.id, VENUE_ACCOUNT_ID)).toEqual([-500.56]);
    expect(of(buy.id, FEES_ACCOUNT_ID)).toEqual([1.01]);
    expect(of(sell.id, FEES_ACCOUNT_ID)).toEqual([1.01]);
    for (const e of entries.rows) expect(e.amount).toMatch(/^-?\d+(\.\d{1,2})?$/);
    expect(await ledgerSums()).toEqual([]);
  });

  test("when a partly filled order is cancelled by the venue, then the rest of its hold is released", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = await place(a, limitBuy({ quantity: "0.1", price: "50000" }));
    await (
      await report(order.id, { type: "trade", quantity: "0.05", price: "50000", liquidity: "maker" })
    ).settle();
    await (await report(order.id, { type: "cancelled", reason: "user" })).settle();
    const o = await get(a, `/api/v1/orders/${order.id}`);
    expect(o).toMatchObject({ status: "cancelled", filled_quantity: "0.05" });
    expect(await balance(a, "USD")).toMatchObject({ held: "0" });
    expect((await balance(a, "USD")).total).toBe("7497.5"); // 10000 − 2500 − 2.5 maker fee
    // A report about a terminal order changes nothing.
    const late = await report(order.id, {
      type: "trade",
      quantity: "0.01",
      price: "50000",
      liquidity: "maker",
    });
    expect(await late.settle()).toBe("ignored");
    expect((await get(a, `/api/v1/orders/${order.id}`)).filled_quantity).toBe("0.05");
  });

  test("when a trade exceeds the open quantity, then settlement refuses it and nothing moves", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = await place(a, limitBuy({ quantity: "0.1", price: "50000" }));
    const over = await report(order.id, {
      type: "trade",
      quantity: "0.2",
      price: "50000",
      liquidity: "maker",
    });
    await expect(over.settle()).rejects.toThrow(/exceeds the open/);
    expect((await get(a, `/api/v1/orders/${order.id}`)).filled_quantity).toBe("0");
  });
});

test("when all of the above has settled, then every ledger invariant holds", async () => {
  const results = await checkInvariants(t.database.db);
  expect(results.filter((r) => r.breaches.length > 0)).toEqual([]);
});
