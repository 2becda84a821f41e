// The synthetic history of a new database: minute bars of a seeded walk ending at the reference
// price, every interval folded from them, marked on the instrument; written once, and never for an
// instrument that already has bars.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backfillCandles } from "../../src/modules/market/candles.backfill.ts";
import { bucketStart } from "../../src/modules/market/candles.bars.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { buildTestApp, type TestApp } from "../support/app.ts";
import { getCandles, pushTrades } from "../support/candles.ts";
import type { Json } from "../support/http.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ edge: { marketCacheTtlMs: 0 } });
});
afterAll(async () => {
  await t.close();
});

const WALK = { hours: 2, seed: 42, volatility: 0.0005, stepsPerMinute: 60 };

describe("synthetic candle history", () => {
  test("when the database has no bars, then each instrument without bars gets them once, ending at its reference price, and is marked", async () => {
    // BTC-USD has a real bar already: it must keep it and get nothing synthetic.
    const real = { id: 1, price: "50000", quantity: "1", ts: "2026-02-01T00:00:00.000Z" };
    await pushTrades(t, randomBytes(4).toString("hex"), "BTC-USD", [real]);

    const now = new Date();
    const end = bucketStart(now.getTime(), "1m");
    expect(await backfillCandles(t.database.db, { now, ...WALK })).toEqual(["ETH-USD", "SOL-USD"]);

    const instruments = (await t.app.inject({ method: "GET", url: "/api/v1/instruments" })).json()
      .data as Json[];
    const marks = Object.fromEntries(instruments.map((i) => [i.symbol, i.candles_synthetic_until]));
    expect(marks).toEqual({
      "BTC-USD": null,
      "ETH-USD": new Date(end).toISOString(),
      "SOL-USD": new Date(end).toISOString(),
    });

    for (const symbol of ["ETH-USD", "SOL-USD"]) {
      const { reference_price } = await t.database.db
        .selectFrom("instruments")
        .select("reference_price")
        .where("symbol", "=", symbol)
        .executeTakeFirstOrThrow();
      const minutes = (await getCandles(t, symbol, { interval: "1m", limit: 1_000 })).json().data as Json[];
      expect(minutes).toHaveLength(120);
      expect(minutes[0].t).toBe(new Date(end - 120 * 60_000).toISOString());
      expect(minutes.at(-1).t).toBe(new Date(end - 60_000).toISOString());
      expect(new Decimal(minutes.at(-1).c).eq(reference_price)).toBe(true);
      // Each bar opens where the one before closed, and holds its open and close.
      for (let i = 0; i < minutes.length; i++) {
        const b = minutes[i];
        if (i > 0) expect(b.o).toBe(minutes[i - 1].c);
        expect(new Decimal(b.l).lte(Decimal.min(b.o, b.c))).toBe(true);
        expect(new Decimal(b.h).gte(Decimal.max(b.o, b.c))).toBe(true);
      }
      // The hour bars are the minutes folded.
      const hours = (await getCandles(t, symbol, { interval: "1h", limit: 10 })).json().data as Json[];
      const inHour = (h: Json) =>
        minutes.filter((m) => bucketStart(Date.parse(m.t), "1h") === Date.parse(h.t));
      for (const h of hours) {
        const ms = inHour(h);
        expect(h).toEqual({
          t: h.t,
          o: ms[0].o,
          h: Decimal.max(...ms.map((m) => m.h)).toFixed(),
          l: Decimal.min(...ms.map((m) => m.l)).toFixed(),
          c: ms.at(-1).c,
          v: ms.reduce((sum, m) => sum.plus(m.v), new Decimal(0)).toFixed(),
          n: ms.reduce((sum, m) => sum + m.n, 0),
        });
      }
    }
    const btc = (await getCandles(t, "BTC-USD", { interval: "1m", limit: 1_000 })).json().data;
    expect(btc).toEqual([{ t: real.ts, o: "50000", h: "50000", l: "50000", c: "50000", v: "1", n: 1 }]);
  });

  test("when it runs again, twice at once, then nothing more is written", async () => {
    const count = async () =>
      (
        await t.database.db
          .selectFrom("candles")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const later = new Date(Date.now() + 3_600_000);
    const runs = await Promise.all([
      backfillCandles(t.database.db, { now: later, ...WALK }),
      backfillCandles(t.database.db, { now: later, ...WALK }),
    ]);
    expect(runs).toEqual([[], []]);
    expect(await count()).toBe(before);
  });
});
