// Trade journals are named by their fills, and migration 0011 renames those written before.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { newId } from "../../src/modules/shared/ids.ts";
import { migrateDown, migrateLatest } from "../../src/platform/migrations.ts";
import { buildTestApp, createAccount, type TestApp } from "../support/app.ts";
import { settleExecution, storeReport, trade } from "../support/fills.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const tradeJournals = async (orderId: string) =>
  (
    await t.database.db
      .selectFrom("ledger_entries")
      .select("journal_id")
      .distinct()
      .where("order_id", "=", orderId)
      .where("kind", "=", "trade")
      .execute()
  ).map((r) => r.journal_id);

test("when a fill settles, then its trade journal's id is the fill's id", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const orderId = await trade(t, a, { side: "buy", quantity: "0.01", price: "50000" });
  const fill = await t.database.db
    .selectFrom("fills")
    .select("id")
    .where("order_id", "=", orderId)
    .executeTakeFirstOrThrow();
  expect(await tradeJournals(orderId)).toEqual([fill.id]);
});

test("when trade journals were written under ids of their own, then the migration names each by its fill, in order per order", async () => {
  const a = await createAccount(t, { USD: "100000", BTC: "1" });
  // An order filled in three parts, then one filled whole.
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.03", price: "50000" },
  });
  for (const price of ["49990", "49980", "49970"]) {
    const id = await storeReport(t, placed.json().id, {
      type: "trade",
      quantity: "0.01",
      price,
      liquidity: "maker",
    });
    expect(await settleExecution(t.database.db, t.services.catalog, id)).toBe("settled");
  }
  const orderIds = [
    placed.json().id as string,
    await trade(t, a, { side: "sell", quantity: "0.02", price: "51000" }),
  ];
  // As settlement wrote them before: each trade journal under an id of its own, in order.
  for (const orderId of orderIds) {
    for (const journal of (await tradeJournals(orderId)).sort())
      await sql`update ledger_entries set journal_id = ${newId()} where journal_id = ${journal}`.execute(
        t.database.db,
      );
  }
  for (;;) {
    const reverted = await migrateDown(t.database.db);
    if (reverted.includes("reverted 0011_account_history") || reverted.length === 0) break;
  }
  await migrateLatest(t.database.db, t.database.pool);
  for (const orderId of orderIds) {
    const fills = await t.database.db
      .selectFrom("fills")
      .select("id")
      .where("order_id", "=", orderId)
      .execute();
    expect((await tradeJournals(orderId)).sort()).toEqual(fills.map((f) => f.id).sort());
  }
  // Each fill's money is its own again: the USD each part of the first order paid, at its price.
  const activities = (
    await t.app.inject({ method: "GET", url: "/api/v1/account/activities?types=fill", headers: a.headers })
  ).json().data as { asset: string; amount: string; description: string }[];
  expect(activities.filter((x) => x.asset === "USD").map((x) => [x.amount, x.description])).toEqual([
    ["1020", "sell 0.02 BTC-USD at 51000"],
    ["-499.7", "buy 0.01 BTC-USD at 49970"],
    ["-499.8", "buy 0.01 BTC-USD at 49980"],
    ["-499.9", "buy 0.01 BTC-USD at 49990"],
  ]);
});
