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
  const orderIds = [
    await trade(t, a, { side: "buy", quantity: "0.01", price: "50000" }),
    await trade(t, a, { side: "sell", quantity: "0.02", price: "51000" }),
  ];
  // As settlement wrote them before: each trade journal under an id of its own, in order.
  for (const orderId of orderIds) {
    const [journal] = await tradeJournals(orderId);
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
    const fill = await t.database.db
      .selectFrom("fills")
      .select("id")
      .where("order_id", "=", orderId)
      .executeTakeFirstOrThrow();
    expect(await tradeJournals(orderId)).toEqual([fill.id]);
  }
  const activities = (
    await t.app.inject({ method: "GET", url: "/api/v1/account/activities?types=fee", headers: a.headers })
  ).json().data;
  expect(activities.map((x: { order_id: string }) => x.order_id)).toEqual([...orderIds].reverse());
});
