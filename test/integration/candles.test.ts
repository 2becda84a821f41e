// Candles on PostgreSQL: bars of every interval built from the venue's pushed trades, each trade
// counted once however often it is delivered, the REST route's validation, order and limit, and
// the bars read again by another process of the same deployment.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTestApp, type TestApp } from "../support/app.ts";
import { getCandles, type PushedTrade, pushTrades } from "../support/candles.ts";

let t: TestApp;
beforeAll(async () => {
  // No cache: every read here must see the pushes before it.
  t = await buildTestApp({ redis: true, edge: { marketCacheTtlMs: 0 } });
});
afterAll(async () => {
  await t.close();
});

const boot = () => randomBytes(6).toString("hex");

/** Trades on both sides of every interval's bucket boundaries (UTC), ids in order. */
const BOUNDARY_TRADES: PushedTrade[] = [
  { id: 1, price: "100", quantity: "1", ts: "2026-03-02T10:04:59.999Z" },
  { id: 2, price: "110", quantity: "2", ts: "2026-03-02T10:05:00.000Z" },
  { id: 3, price: "90", quantity: "0.5", ts: "2026-03-02T10:05:30.000Z" },
  { id: 4, price: "95", quantity: "1", ts: "2026-03-02T10:14:59.999Z" },
  { id: 5, price: "105", quantity: "1", ts: "2026-03-02T10:15:00.000Z" },
  { id: 6, price: "120", quantity: "1", ts: "2026-03-02T10:59:59.999Z" },
  { id: 7, price: "80", quantity: "1", ts: "2026-03-02T11:00:00.000Z" },
  { id: 8, price: "130", quantity: "1", ts: "2026-03-02T23:59:59.999Z" },
  { id: 9, price: "70", quantity: "1", ts: "2026-03-03T00:00:00.000Z" },
];

const bar = (t: string, o: string, h: string, l: string, c: string, v: string, n: number) => ({
  t,
  o,
  h,
  l,
  c,
  v,
  n,
});
const one = (t: string, p: string, v = "1") => bar(t, p, p, p, p, v, 1);

const EXPECTED = {
  "1m": [
    one("2026-03-02T10:04:00.000Z", "100"),
    bar("2026-03-02T10:05:00.000Z", "110", "110", "90", "90", "2.5", 2),
    one("2026-03-02T10:14:00.000Z", "95"),
    one("2026-03-02T10:15:00.000Z", "105"),
    one("2026-03-02T10:59:00.000Z", "120"),
    one("2026-03-02T11:00:00.000Z", "80"),
    one("2026-03-02T23:59:00.000Z", "130"),
    one("2026-03-03T00:00:00.000Z", "70"),
  ],
  "5m": [
    one("2026-03-02T10:00:00.000Z", "100"),
    bar("2026-03-02T10:05:00.000Z", "110", "110", "90", "90", "2.5", 2),
    one("2026-03-02T10:10:00.000Z", "95"),
    one("2026-03-02T10:15:00.000Z", "105"),
    one("2026-03-02T10:55:00.000Z", "120"),
    one("2026-03-02T11:00:00.000Z", "80"),
    one("2026-03-02T23:55:00.000Z", "130"),
    one("2026-03-03T00:00:00.000Z", "70"),
  ],
  "15m": [
    bar("2026-03-02T10:00:00.000Z", "100", "110", "90", "95", "4.5", 4),
    one("2026-03-02T10:15:00.000Z", "105"),
    one("2026-03-02T10:45:00.000Z", "120"),
    one("2026-03-02T11:00:00.000Z", "80"),
    one("2026-03-02T23:45:00.000Z", "130"),
    one("2026-03-03T00:00:00.000Z", "70"),
  ],
  "1h": [
    bar("2026-03-02T10:00:00.000Z", "100", "120", "90", "120", "6.5", 6),
    one("2026-03-02T11:00:00.000Z", "80"),
    one("2026-03-02T23:00:00.000Z", "130"),
    one("2026-03-03T00:00:00.000Z", "70"),
  ],
  "1d": [
    bar("2026-03-02T00:00:00.000Z", "100", "130", "80", "130", "8.5", 8),
    one("2026-03-03T00:00:00.000Z", "70"),
  ],
} as const;

const window = { start: "2026-03-02T00:00:00.000Z", end: "2026-03-03T23:59:00.000Z" };

async function barsOf(app: TestApp, symbol: string, interval: string) {
  const r = await getCandles(app, symbol, { interval, ...window, limit: 1_000 });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().data;
}

describe("bars from trades", () => {
  test("when trades cross every interval's bucket boundary, then each interval's bars are exact", async () => {
    expect((await pushTrades(t, boot(), "BTC-USD", BOUNDARY_TRADES)).statusCode).toBe(200);
    for (const interval of ["5m", "15m", "1h", "1d"] as const) {
      expect(await barsOf(t, "BTC-USD", interval)).toEqual(EXPECTED[interval]);
    }
    // Two days of 1m buckets are more than 1000: a narrower window.
    const day1 = await getCandles(t, "BTC-USD", {
      interval: "1m",
      start: "2026-03-02T10:00:00.000Z",
      end: "2026-03-03T00:00:00.000Z",
      limit: 1_000,
    });
    expect(day1.json()).toEqual({ symbol: "BTC-USD", interval: "1m", data: EXPECTED["1m"] });
  });

  test("when the same trades are delivered again, in overlapping pushes and by concurrent requests, then each counts once", async () => {
    const run = boot();
    expect((await pushTrades(t, run, "ETH-USD", BOUNDARY_TRADES.slice(0, 5))).statusCode).toBe(200);
    expect((await pushTrades(t, run, "ETH-USD", BOUNDARY_TRADES.slice(3))).statusCode).toBe(200);
    // As a timed-out push retried to another API process while the first still runs.
    const again = await Promise.all(
      Array.from({ length: 6 }, () => pushTrades(t, run, "ETH-USD", BOUNDARY_TRADES)),
    );
    expect(again.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const interval of ["5m", "15m", "1h", "1d"] as const) {
      expect(await barsOf(t, "ETH-USD", interval)).toEqual(EXPECTED[interval]);
    }
  });

  test("when a new venue run numbers its trades from 1 again, then they are new trades", async () => {
    const trades = [{ id: 1, price: "10", quantity: "1", ts: "2026-04-01T00:00:01.000Z" }];
    await pushTrades(t, boot(), "SOL-USD", trades);
    await pushTrades(t, boot(), "SOL-USD", [
      { ...trades[0], price: "12", ts: "2026-04-01T00:00:02.000Z" } as PushedTrade,
    ]);
    const r = await getCandles(t, "SOL-USD", { interval: "1m", start: "2026-04-01T00:00:00.000Z", limit: 5 });
    expect(r.json().data).toEqual([bar("2026-04-01T00:00:00.000Z", "10", "12", "10", "12", "2", 2)]);
  });

  test("when a push names a symbol that is not listed, then it is ignored and the rest is stored", async () => {
    const r = await pushTrades(t, boot(), "NOPE-USD", [
      { id: 1, price: "1", quantity: "1", ts: "2026-04-02T00:00:00.000Z" },
    ]);
    expect(r.statusCode).toBe(200);
    const stored = await t.database.db
      .selectFrom("candles")
      .select("symbol")
      .where("symbol", "=", "NOPE-USD")
      .execute();
    expect(stored).toEqual([]);
  });
});

describe("GET /api/v1/market/{symbol}/candles", () => {
  /** Ten 1m bars of SOL-USD on a day of their own, closes 1 to 10. */
  const DAY = "2026-05-01";
  beforeAll(async () => {
    const trades = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      price: String(i + 1),
      quantity: "1",
      ts: `${DAY}T00:0${i}:30.000Z`,
    }));
    expect((await pushTrades(t, boot(), "SOL-USD", trades)).statusCode).toBe(200);
  });
  const closes = (r: { json: () => { data: { c: string }[] } }) => r.json().data.map((b) => b.c);

  test("when no window is given, then the most recent bars come, oldest first, at most limit", async () => {
    const r = await getCandles(t, "SOL-USD", { interval: "1m", limit: 3 });
    expect(r.statusCode).toBe(200);
    // The most recent SOL-USD bars of the whole file are this day's (the other tests' are older).
    expect(closes(r)).toEqual(["8", "9", "10"]);
  });

  test("when only start, only end, or both are given, then the first, the latest, or all bars of the window come, oldest first", async () => {
    const fromStart = await getCandles(t, "SOL-USD", { interval: "1m", start: `${DAY}T00:02:00Z`, limit: 3 });
    expect(closes(fromStart)).toEqual(["3", "4", "5"]);
    const toEnd = await getCandles(t, "SOL-USD", { interval: "1m", end: `${DAY}T00:04:00.000Z`, limit: 2 });
    expect(closes(toEnd)).toEqual(["4", "5"]);
    const both = await getCandles(t, "SOL-USD", {
      interval: "1m",
      start: `${DAY}T00:01:00.000+00:00`,
      end: `${DAY}T00:03:59.999Z`,
      limit: 3,
    });
    expect(closes(both)).toEqual(["2", "3", "4"]);
    // Default: 1m and 500.
    const plain = await getCandles(t, "SOL-USD", { start: `${DAY}T00:00:00Z` });
    expect(plain.json()).toMatchObject({ interval: "1m" });
    expect(closes(plain)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  });

  test("when interval, times or limit are bad, or the window spans more than limit bars, then 422 VALIDATION_ERROR names the field", async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ interval: "2m" }, "interval"],
      [{ interval: "1m", start: "yesterday" }, "start"],
      [{ interval: "1m", end: "2026-05-01 00:00" }, "end"],
      [{ interval: "1m", limit: 0 }, "limit"],
      [{ interval: "1m", limit: 1_001 }, "limit"],
      [{ interval: "1m", start: `${DAY}T00:10:00Z`, end: `${DAY}T00:00:00Z` }, "end"],
      // 00:00 to 00:10 inclusive opens eleven 1m buckets.
      [{ interval: "1m", start: `${DAY}T00:00:00Z`, end: `${DAY}T00:10:00Z`, limit: 10 }, "end"],
      [{ interval: "1h", start: `${DAY}T00:00:00Z`, end: "2026-06-12T00:00:00Z", limit: 1_000 }, "end"],
    ];
    for (const [query, path] of cases) {
      const r = await getCandles(t, "SOL-USD", query);
      expect(r.statusCode, JSON.stringify(query)).toBe(422);
      expect(r.json().error.code).toBe("VALIDATION_ERROR");
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // Exactly limit buckets is fine.
    const ok = await getCandles(t, "SOL-USD", {
      interval: "1m",
      start: `${DAY}T00:00:00Z`,
      end: `${DAY}T00:09:00Z`,
      limit: 10,
    });
    expect(ok.statusCode).toBe(200);
    expect(closes(ok)).toHaveLength(10);
  });

  test("when the symbol is not listed, then 422 UNKNOWN_SYMBOL as on the other market routes; the route is in the OpenAPI document", async () => {
    const r = await getCandles(t, "NOPE-USD", { interval: "1m" });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe("UNKNOWN_SYMBOL");
    const ticker = await t.app.inject({ method: "GET", url: "/api/v1/market/NOPE-USD/ticker" });
    expect(ticker.json().error.code).toBe(r.json().error.code);
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const op = doc.paths["/api/v1/market/{symbol}/candles"].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["symbol", "interval", "start", "end", "limit"]),
    );
    expect(op.security ?? []).toEqual([]);
  });
});

describe("persistence", () => {
  test("when another process of the deployment is built over the same database, then it reads the same bars and counts no trade twice", async () => {
    const run = boot();
    const trades = [{ id: 1, price: "42", quantity: "3", ts: "2026-07-01T12:00:00.000Z" }];
    await pushTrades(t, run, "BTC-USD", trades);
    const other = await buildTestApp({ joining: t, edge: { marketCacheTtlMs: 0 } });
    try {
      // The same trade, delivered to the other process (as a retry after a timeout would be).
      expect((await pushTrades(other, run, "BTC-USD", trades)).statusCode).toBe(200);
      const r = await getCandles(other, "BTC-USD", {
        interval: "1h",
        start: "2026-07-01T00:00:00Z",
        limit: 5,
      });
      expect(r.json().data).toEqual([one("2026-07-01T12:00:00.000Z", "42", "3")]);
    } finally {
      await other.close();
    }
  });
});
