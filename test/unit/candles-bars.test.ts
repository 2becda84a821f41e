// The pure side of candles: buckets, folding trades into bars, and the window's bucket count.
import { describe, expect, test } from "vitest";
import { bucketStart, bucketsIn, fold, foldAll, tradeBar } from "../../src/modules/market/candles.bars.ts";

const at = (iso: string) => Date.parse(iso);

describe("candle bars", () => {
  test("when an instant is on or just before a boundary, then it falls in the bucket that opens at or before it", () => {
    expect(bucketStart(at("2026-03-02T10:05:00.000Z"), "5m")).toBe(at("2026-03-02T10:05:00.000Z"));
    expect(bucketStart(at("2026-03-02T10:04:59.999Z"), "5m")).toBe(at("2026-03-02T10:00:00.000Z"));
    expect(bucketStart(at("2026-03-02T23:59:59.999Z"), "1d")).toBe(at("2026-03-02T00:00:00.000Z"));
    expect(bucketStart(at("2026-03-02T10:44:59.999Z"), "15m")).toBe(at("2026-03-02T10:30:00.000Z"));
  });

  test("when trades are folded, then open is the first, close the last, high/low the extremes, volume and count summed, exactly", () => {
    const trades = [
      { id: 1, price: "0.1", quantity: "0.1", ts: "2026-03-02T10:00:01.000Z" },
      { id: 2, price: "0.3", quantity: "0.2", ts: "2026-03-02T10:00:02.000Z" },
      { id: 3, price: "0.2", quantity: "0.00000001", ts: "2026-03-02T10:00:02.000Z" },
      { id: 4, price: "0.05", quantity: "1", ts: "2026-03-02T10:01:00.000Z" },
    ].map(tradeBar);
    expect(fold(trades, "1m")).toEqual([
      { t: at("2026-03-02T10:00:00.000Z"), o: "0.1", h: "0.3", l: "0.1", c: "0.2", v: "0.30000001", n: 3 },
      { t: at("2026-03-02T10:01:00.000Z"), o: "0.05", h: "0.05", l: "0.05", c: "0.05", v: "1", n: 1 },
    ]);
    const all = foldAll(trades);
    expect(all.filter((b) => b.interval === "1d")).toEqual([
      {
        interval: "1d",
        bar: {
          t: at("2026-03-02T00:00:00.000Z"),
          o: "0.1",
          h: "0.3",
          l: "0.05",
          c: "0.05",
          v: "1.30000001",
          n: 4,
        },
      },
    ]);
    expect(all.map((b) => b.interval)).toEqual(["1m", "1m", "5m", "15m", "1h", "1d"]);
  });

  test("when a window is counted, then every bucket opening inside it counts, both ends included", () => {
    expect(bucketsIn(at("2026-03-02T00:00:00Z"), at("2026-03-02T00:10:00Z"), "1m")).toBe(11);
    expect(bucketsIn(at("2026-03-02T00:00:00.001Z"), at("2026-03-02T00:09:59.999Z"), "1m")).toBe(9);
    expect(bucketsIn(at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"), "1d")).toBe(2);
    expect(bucketsIn(at("2026-03-02T00:00:01Z"), at("2026-03-02T00:00:02Z"), "1h")).toBe(0);
  });
});
