// The cached order-list pages (orders.pages.ts): a page is cached under its account's event_seq,
// so every change of an order shows in the next list; pages never cross accounts; the bytes are
// exactly what the route's response schema writes.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SequenceReader } from "../../src/modules/events/events.service.ts";
import { isoFromUtcText, OrderPages } from "../../src/modules/orders/orders.pages.ts";
import type { OrderFilter } from "../../src/modules/orders/orders.repository.ts";
import { buildTestApp, createAccount, limitBuy, type TestAccount, type TestApp } from "../support/app.ts";
import { settleExecution, storeReport } from "../support/fills.ts";
import { uncachedOrderPage } from "../support/orders.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

/** What the route sent before pages were cached. */
const uncached = (a: TestAccount, f: OrderFilter) => uncachedOrderPage(t.database.db, a.id, f);

const list = (a: TestAccount, query = "") =>
  t.app.inject({ method: "GET", url: `/api/v1/orders${query}`, headers: a.headers });

const place = async (a: TestAccount, payload: object) => {
  const r = await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload });
  expect(r.statusCode).toBe(201);
  return r.json() as { id: string };
};

/** Hits and misses of the page cache so far, from /metrics. */
async function lookups(): Promise<{ hit: number; miss: number }> {
  const text = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
  const count = (result: string) =>
    Number(
      new RegExp(`^cache_requests_total\\{cache="order_list",result="${result}"\\} (\\d+)`, "m").exec(
        text,
      )?.[1] ?? 0,
    );
  return { hit: count("hit"), miss: count("miss") };
}

/** Settles a report of the order the way the worker does (settlement.ts). */
async function settle(orderId: string, report: Parameters<typeof storeReport>[2]) {
  const id = await storeReport(t, orderId, report);
  expect(await settleExecution(t.database.db, t.services.catalog, id)).toBe("settled");
}

describe("order list pages", () => {
  test("when a page is listed again with nothing changed, then it comes from the cache, the same bytes", async () => {
    const a = await createAccount(t);
    await place(a, limitBuy());
    const first = await list(a, "?symbol=BTC-USD&limit=50");
    const before = await lookups();
    const second = await list(a, "?symbol=BTC-USD&limit=50");
    const after = await lookups();
    expect(after.hit - before.hit).toBe(1);
    expect(after.miss - before.miss).toBe(0);
    expect(second.statusCode).toBe(200);
    expect(second.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(second.body).toBe(first.body);
    expect(second.body).toBe(await uncached(a, { symbol: "BTC-USD", limit: 50 }));
  });

  test("when orders are placed, cancelled, routed, filled and closed by the venue, then each next list shows it", async () => {
    const a = await createAccount(t, { USD: "1000000", BTC: "10" });
    const query = "?symbol=BTC-USD&limit=50";
    const ids = async () => (await list(a, query)).json().data.map((o: { id: string }) => o.id);
    const statusOf = async (id: string) =>
      (await list(a, query)).json().data.find((o: { id: string }) => o.id === id);
    /** The page as it is now is served from the cache: the change that follows must show anyway. */
    const cached = async () => {
      const before = await lookups();
      await list(a, query);
      expect((await lookups()).hit - before.hit).toBe(1);
    };
    expect(await ids()).toEqual([]); // an empty page is not kept

    const o1 = await place(a, limitBuy());
    expect(await ids()).toEqual([o1.id]);
    await cached();
    const o2 = await place(a, limitBuy({ price: "49000" }));
    expect(await ids()).toEqual([o2.id, o1.id]);

    await cached();
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/v1/orders/${o1.id}/cancel`,
      headers: a.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(await statusOf(o1.id)).toMatchObject({ status: "cancelled" });

    // The venue accepts o2 (routing's open), fills part of it, then closes the rest: settlement.
    await cached();
    await settle(o2.id, { type: "accepted" });
    expect(await statusOf(o2.id)).toMatchObject({ status: "open" });
    await cached();
    await settle(o2.id, { type: "trade", quantity: "0.04", price: "48990.5", liquidity: "maker" });
    expect(await statusOf(o2.id)).toMatchObject({
      status: "partially_filled",
      filled_quantity: "0.04",
      average_fill_price: "48990.5",
    });
    await cached();
    await settle(o2.id, { type: "expired", reason: "day_expiry" });
    expect(await statusOf(o2.id)).toMatchObject({ status: "expired", reject_reason: "day_expiry" });

    // After all that, every filter and cursor gives what an uncached read gives, byte for byte.
    for (const [q, f] of [
      [query, { symbol: "BTC-USD", limit: 50 }],
      ["?status=expired", { status: "expired", limit: 50 }],
      ["?side=buy&limit=1", { side: "buy", limit: 1 }],
      [`?limit=1&cursor=${o2.id}`, { limit: 1, cursor: o2.id }],
      ["?symbol=ETH-USD", { symbol: "ETH-USD", limit: 50 }],
      [
        `?symbol=BTC-USD&status=expired&side=buy&cursor=${o1.id.replace(/.$/, "f")}&limit=3`,
        { symbol: "BTC-USD", status: "expired", side: "buy", cursor: o1.id.replace(/.$/, "f"), limit: 3 },
      ],
      [`?status=cancelled&cursor=${o2.id}`, { status: "cancelled", cursor: o2.id, limit: 50 }],
    ] as const) {
      expect((await list(a, q)).body).toBe(await uncached(a, f));
      expect((await list(a, q)).body).toBe(await uncached(a, f));
    }
  });

  test("when two accounts are at the same event sequence, then each lists its own orders", async () => {
    const [a, b] = [await createAccount(t), await createAccount(t)];
    const oa = await place(a, limitBuy({ price: "41000" }));
    const ob = await place(b, limitBuy({ price: "42000" }));
    const seqs = new SequenceReader(t.database.db);
    expect(await seqs.read(a.id)).toBe(await seqs.read(b.id));
    for (let i = 0; i < 2; i++) {
      expect((await list(a, "?symbol=BTC-USD")).json().data.map((o: { id: string }) => o.id)).toEqual([
        oa.id,
      ]);
      expect((await list(b, "?symbol=BTC-USD")).json().data.map((o: { id: string }) => o.id)).toEqual([
        ob.id,
      ]);
    }
  });

  test("when a reason has quotes, control characters and non-ASCII text, then the page is the schema's bytes", async () => {
    const a = await createAccount(t);
    const o = await place(a, limitBuy({ client_order_id: "odd-1" }));
    await settle(o.id, {
      type: "cancelled",
      reason: 'venue: "refused"\\ \n\t\u0001 ünïcødé \u2028 \ud83d\ude00',
    });
    const body = (await list(a)).body;
    expect(body).toBe(await uncached(a, { limit: 50 }));
    expect((await list(a)).body).toBe(body);
    expect(JSON.parse(body).data[0].reject_reason).toContain("ünïcødé");
  });

  test("when the pages outgrow the bound, then the least recently used are dropped", async () => {
    const a = await createAccount(t, { USD: "1000000" });
    for (let i = 0; i < 5; i++) await place(a, limitBuy({ price: String(40000 + i) }));
    const pages = new OrderPages({ db: t.database.db, maxBytes: 4_000 });
    const one = (await pages.json(a.id, { limit: 5 })).length;
    for (let limit = 1; limit <= 30; limit++) await pages.json(a.id, { limit });
    expect(one).toBeGreaterThan(1_000);
    expect(pages.bytes).toBeLessThanOrEqual(4_000);
    expect(pages.bytes).toBeGreaterThan(0);
  });

  test("when an account has no orders, then its page is empty", async () => {
    const a = await createAccount(t);
    const pages = new OrderPages({ db: t.database.db, maxBytes: 1_000_000 });
    expect((await pages.json(a.id, { limit: 50 })).toString()).toBe('{"data":[],"next_cursor":null}');
    expect((await pages.json(a.id, { limit: 50 })).toString()).toBe('{"data":[],"next_cursor":null}');
  });

  test("when a page's time comes as UTC text, then it becomes the parsed Date's toISOString() for every microsecond", async () => {
    // Each millisecond's first, second and last microsecond, and more at random.
    const micros = Array.from({ length: 1000 }, (_, ms) => [
      ms * 1000,
      ms * 1000 + 1,
      ms * 1000 + 999,
    ]).flat();
    for (let i = 0; i < 3000; i++) micros.push(Math.floor(Math.random() * 1_000_000));
    const { rows } = await sql<{ t: Date; text: string }>`
      select t, (t at time zone 'UTC')::text as text
      from unnest(${micros}::int[]) as u(us),
        lateral (select timestamptz '2026-11-26 13:40:22+00' + u.us * interval '1 microsecond' as t) x`.execute(
      t.database.db,
    );
    expect(rows).toHaveLength(micros.length);
    for (const r of rows) expect(isoFromUtcText(r.text)).toBe(JSON.stringify(r.t.toISOString()));
  });
});
