// The stream's `candles` channel over a real socket, without a key: the latest bar at once, its
// changes at most once a second, and the bar once more with closed: true when a later one opens
// or its bucket ends.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bucketStart } from "../../src/modules/market/candles.bars.ts";
import { CandleRelay } from "../../src/modules/streams/candles.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { buildTestApp, type TestApp } from "../support/app.ts";
import { pushTrades } from "../support/candles.ts";
import type { Json } from "../support/http.ts";
import { connectStream } from "../support/stream-client.ts";

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await buildTestApp({ redis: true });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await t.close();
});

const boot = () => randomBytes(6).toString("hex");
const iso = (ms: number) => new Date(ms).toISOString();
const candles = (m: Json[]) => m.filter((x) => x.type === "candle");

describe("the candles channel", () => {
  test("when a client subscribes without a key, then it gets the latest bar, its changes, and the bar closed when the next one opens", async () => {
    const run = boot();
    // A minute well ahead of the clock: its bucket does not end during the test.
    const minute = bucketStart(Date.now(), "1m") + 10 * 60_000;
    await pushTrades(t, run, "BTC-USD", [{ id: 1, price: "100", quantity: "1", ts: iso(minute + 1_000) }]);

    const c = await connectStream(base);
    c.send({ op: "subscribe", channel: "candles", symbol: "BTC-USD", interval: "1m" });
    await c.waitFor((m) => candles(m).length === 1);
    expect(c.messages.slice(0, 2)).toEqual([
      { type: "subscribed", channel: "candles", symbol: "BTC-USD", interval: "1m" },
      {
        type: "candle",
        symbol: "BTC-USD",
        interval: "1m",
        data: { t: iso(minute), o: "100", h: "100", l: "100", c: "100", v: "1", n: 1 },
        closed: false,
      },
    ]);

    await pushTrades(t, run, "BTC-USD", [
      { id: 2, price: "101.5", quantity: "0.5", ts: iso(minute + 2_000) },
    ]);
    await c.waitFor((m) => candles(m).length === 2);
    expect(candles(c.messages)[1]).toMatchObject({
      data: { t: iso(minute), o: "100", h: "101.5", l: "100", c: "101.5", v: "1.5", n: 2 },
      closed: false,
    });

    // The next minute's first trade: the bar before goes out closed, then the new one.
    await pushTrades(t, run, "BTC-USD", [{ id: 3, price: "99", quantity: "2", ts: iso(minute + 61_000) }]);
    await c.waitFor((m) => candles(m).length === 4);
    expect(candles(c.messages).slice(2)).toEqual([
      {
        type: "candle",
        symbol: "BTC-USD",
        interval: "1m",
        data: { t: iso(minute), o: "100", h: "101.5", l: "100", c: "101.5", v: "1.5", n: 2 },
        closed: true,
      },
      {
        type: "candle",
        symbol: "BTC-USD",
        interval: "1m",
        data: { t: iso(minute + 60_000), o: "99", h: "99", l: "99", c: "99", v: "2", n: 1 },
        closed: false,
      },
    ]);
    await c.close();
  });

  test("when a bar changes many times within a second, then subscribers get at most one message a second, the last state included", async () => {
    const run = boot();
    const minute = bucketStart(Date.now(), "1m") + 20 * 60_000;
    await pushTrades(t, run, "ETH-USD", [{ id: 1, price: "10", quantity: "1", ts: iso(minute) }]);
    const c = await connectStream(base);
    const arrivals: number[] = [];
    c.ws.on("message", (data) => {
      if (JSON.parse(data.toString()).type === "candle") arrivals.push(Date.now());
    });
    c.send({ op: "subscribe", channel: "candles", symbol: "ETH-USD", interval: "5m" });
    await c.waitFor((m) => candles(m).length === 1);
    for (let id = 2; id <= 11; id++) {
      await pushTrades(t, run, "ETH-USD", [
        { id, price: String(10 + id), quantity: "1", ts: iso(minute + id) },
      ]);
    }
    await c.waitFor((m) => candles(m).at(-1)?.data.n === 11, 5_000);
    const updates = arrivals.slice(1);
    expect(updates.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < updates.length; i++) {
      expect((updates[i] ?? 0) - (updates[i - 1] ?? 0)).toBeGreaterThanOrEqual(900);
    }
    expect(candles(c.messages).at(-1)).toMatchObject({
      interval: "5m",
      data: { t: iso(bucketStart(minute, "5m")), o: "10", h: "21", c: "21", v: "11", n: 11 },
      closed: false,
    });
    await c.close();
  });

  test("when the latest bar's bucket has ended, then the snapshot says closed; a bad or missing interval is a VALIDATION_ERROR", async () => {
    await pushTrades(t, boot(), "SOL-USD", [
      { id: 1, price: "7", quantity: "1", ts: "2026-01-01T00:00:00.000Z" },
    ]);
    const c = await connectStream(base);
    c.send({ op: "subscribe", channel: "candles", symbol: "SOL-USD", interval: "1d" });
    await c.waitFor((m) => candles(m).length >= 1);
    // The snapshot only: a closed bar is not sent closed a second time.
    await new Promise((r) => setTimeout(r, 300));
    expect(candles(c.messages)).toEqual([
      {
        type: "candle",
        symbol: "SOL-USD",
        interval: "1d",
        data: { t: "2026-01-01T00:00:00.000Z", o: "7", h: "7", l: "7", c: "7", v: "1", n: 1 },
        closed: true,
      },
    ]);
    c.send({ op: "subscribe", channel: "candles", symbol: "SOL-USD", interval: "2h" });
    c.send({ op: "subscribe", channel: "candles", symbol: "SOL-USD" });
    c.send({ op: "subscribe", channel: "candles", symbol: "NOPE-USD", interval: "1m" });
    await c.waitFor((m) => m.filter((x) => x.type === "error").length === 3);
    expect(c.messages.filter((x) => x.type === "error")).toEqual([
      {
        type: "error",
        code: "VALIDATION_ERROR",
        message: "interval must be one of 1m, 5m, 15m, 1h, 1d (got '2h')",
      },
      {
        type: "error",
        code: "VALIDATION_ERROR",
        message: "interval must be one of 1m, 5m, 15m, 1h, 1d (got none)",
      },
      { type: "error", code: "UNKNOWN_SYMBOL", message: "'NOPE-USD' is not listed" },
    ]);
    c.send({ op: "unsubscribe", channel: "candles", symbol: "SOL-USD", interval: "1d" });
    await c.waitFor((m) => m.some((x) => x.type === "unsubscribed"));
    await c.close();
  });

  test("when a bar's bucket ends with no later trade, then it goes out once more, closed, as stored", async () => {
    const run = boot();
    const minute = bucketStart(Date.now(), "1m") + 30 * 60_000;
    await pushTrades(t, run, "ETH-USD", [{ id: 1, price: "55", quantity: "1", ts: iso(minute + 5_000) }]);
    // A clock 300 ms before the bucket's end.
    const offset = minute + 60_000 - 300 - Date.now();
    const relay = new CandleRelay({
      db: t.database.db,
      pubsub: t.tier.pubsub,
      log: createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" }),
      closeGraceMs: 100,
      now: () => Date.now() + offset,
    });
    const got: Json[] = [];
    try {
      await relay.follow("ETH-USD", "1m", (text) => got.push(JSON.parse(text)));
      const bar = { t: iso(minute), o: "55", h: "55", l: "55", c: "55", v: "1", n: 1 };
      expect(got).toEqual([{ type: "candle", symbol: "ETH-USD", interval: "1m", data: bar, closed: false }]);
      await expect.poll(() => got.length, { timeout: 3_000 }).toBe(2);
      expect(got[1]).toEqual({ type: "candle", symbol: "ETH-USD", interval: "1m", data: bar, closed: true });
    } finally {
      await relay.close();
    }
  });
});
