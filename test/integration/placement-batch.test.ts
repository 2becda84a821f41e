// Group commit: one transaction places many orders, each with its own outcome.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { transact } from "../../src/modules/events/committed.ts";
import { listEventsAfter } from "../../src/modules/events/events.service.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { placeOrders } from "../../src/modules/trading/place.ts";
import { buildTestApp, createAccount, storedBalance, type TestApp } from "../support/app.ts";
import { countJobs } from "../support/jobs.ts";
import { newOrder } from "../support/orders.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

test("when a batch mixes fitting, unfunded and duplicate orders, then each gets its own outcome and only accepted ones leave rows", async () => {
  const a = await createAccount(t, { USD: "1000" });
  const b = await createAccount(t, { USD: "50" });
  const batch = [
    newOrder(a.id, "400", "dup"),
    newOrder(a.id, "500"),
    newOrder(a.id, "200"), // 400 + 500 + 200 > 1000: refused
    newOrder(a.id, "100"), // still fits after the refusal
    newOrder(a.id, "1", "dup"), // same client_order_id as the first
    newOrder(b.id, "60"), // b has 50
  ];
  const outcomes = await transact(t.database.db, (trx) => placeOrders(trx, batch, { routedHere: false }));
  expect(batch.map((o) => outcomes.get(o.view.id))).toEqual([
    "inserted",
    "inserted",
    "insufficient",
    "inserted",
    "duplicate",
    "insufficient",
  ]);
  const rows = await t.database.db
    .selectFrom("orders")
    .select("id")
    .where("account_id", "in", [a.id, b.id])
    .execute();
  expect(rows.map((r) => r.id).sort()).toEqual([batch[0], batch[1], batch[3]].map((o) => o?.view.id).sort());
  for (const o of batch) {
    expect(await countJobs(t.database.db, "route_orders", o.view.id)).toBe(
      outcomes.get(o.view.id) === "inserted" ? 1 : 0,
    );
  }
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "0", held: "1000" });
  const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
  expect(events.map((e) => `${e.seq} ${e.type}`)).toEqual([
    "1 balance.updated",
    "2 activity.created",
    "3 order.created",
    "4 balance.updated",
    "5 order.created",
    "6 balance.updated",
    "7 order.created",
    "8 balance.updated",
  ]);
  expect(
    events.map((e) => (e.type === "balance.updated" ? (e.payload as { available: string }).available : null)),
  ).toEqual(["1000", null, null, "600", null, "100", null, "0"]);
  const sums = await t.database.db
    .selectFrom("ledger_entries")
    .select((eb) => eb.fn.sum<string>("amount").as("sum"))
    .where("account_id", "=", a.id)
    .where("kind", "=", "hold")
    .executeTakeFirstOrThrow();
  expect(new Decimal(sums.sum).toFixed()).toBe("0");
});

test("when batches are placed, then their two statements run as prepared statements, parsed once per connection", async () => {
  const a = await createAccount(t, { USD: "1000" });
  const names = await t.database.db.connection().execute(async (conn) => {
    for (let i = 0; i < 3; i++)
      await transact(conn, (trx) => placeOrders(trx, [newOrder(a.id, "10")], { routedHere: false }));
    const r = await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(
      conn,
    );
    return r.rows.map((row) => row.name);
  });
  expect(names).toEqual(["place-holds", "place-lock-insert"]);
  const placed = await t.database.db
    .selectFrom("orders")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("account_id", "=", a.id)
    .executeTakeFirstOrThrow();
  expect(placed.n).toBe("3");
});
