// The equity-curve planner without a database: carried balances, closes carried forward, flows
// kept out of P&L, and buckets without data left out.
import { describe, expect, test } from "vitest";
import {
  bucketsOf,
  defaultTimeframe,
  planHistory,
  pointCount,
} from "../../src/modules/portfolio/history.plan.ts";

const move = (amount: string, flow = "0") => ({ amount, flow });

describe("portfolio history planner", () => {
  test("when an asset is deposited and later has no bar, then it is valued at the last close, and the deposit is no profit", () => {
    const h = planHistory({
      buckets: [0, 60_000, 120_000, 180_000],
      opening: new Map(),
      hadEntries: false,
      moves: new Map([
        [60_000, new Map([["ETH", move("2", "2")]])],
        [180_000, new Map([["USD", move("100", "100")]])],
      ]),
      symbolOf: new Map([["ETH", "ETH-USD"]]),
      openingPrices: new Map(),
      closes: new Map([
        [
          "ETH-USD",
          new Map([
            [60_000, "3000.005"],
            [120_000, "3100"],
          ]),
        ],
      ]),
    });
    // Nothing before the first entry; 2 × 3000.005 = 6000.01; 6200; then 6200 + 100 deposited:
    // 199.99 / 6000.01 and 199.99 / 6100.01.
    expect(h).toEqual({
      timestamp: [60, 120, 180],
      equity: ["6000.01", "6200", "6300"],
      profit_loss: ["0", "199.99", "199.99"],
      profit_loss_pct: ["0", "0.033332", "0.032785"],
      base_value: "6000.01",
    });
  });

  test("when a held asset has no close yet, then its buckets have no point", () => {
    const h = planHistory({
      buckets: [0, 60_000],
      opening: new Map([["SOL", "1"]]),
      hadEntries: true,
      moves: new Map(),
      symbolOf: new Map([["SOL", "SOL-USD"]]),
      openingPrices: new Map(),
      closes: new Map([["SOL-USD", new Map([[60_000, "150"]])]]),
    });
    expect(h.timestamp).toEqual([60]);
    expect(h.equity).toEqual(["150"]);
  });

  test("when the buckets of a period are listed, then they run from the bucket of now − period to the bucket of now", () => {
    const now = Date.parse("2026-03-02T10:30:00Z");
    const b = bucketsOf("1D", "1H", now);
    expect(b).toHaveLength(pointCount("1D", "1H"));
    expect(new Date(b[0] ?? 0).toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(new Date(b.at(-1) ?? 0).toISOString()).toBe("2026-03-02T10:00:00.000Z");
    expect(["1D", "1W", "1M", "3M", "1A"].map((p) => defaultTimeframe(p as "1D"))).toEqual([
      "1Min",
      "15Min",
      "1D",
      "1D",
      "1D",
    ]);
  });
});
