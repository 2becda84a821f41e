// Settlement's rounding rule, without a database: fees up, a buy's notional up and a sell's down,
// cumulatively per order, in whole cents; a hold sized by placement covers every split of the order.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID } from "../../src/modules/ledger/ledger.accounts.ts";
import { buyHoldNeeded, filledSoFar, holdFor } from "../../src/modules/orders/orders.rules.ts";
import { createOrderSchema } from "../../src/modules/orders/orders.schema.ts";
import type { OrderRow } from "../../src/modules/orders/orders.views.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { fillMoney } from "../../src/modules/trading/fill-money.ts";
import {
  type LockedOrder,
  planSettlement,
  type StoredReport,
} from "../../src/modules/trading/settle.plan.ts";
import { btcUsd } from "../support/instruments.ts";

const USER = "00000000-0000-7000-8000-0000000000bb";
const BTC_USD = btcUsd({ lot: "0.00001", min: "0.00001" });
const instruments = new Map([["BTC-USD", BTC_USD]]);
const NONE = { filled_notional: "0", fee_accrued: "0", fee_charged: "0" };

let n = 0;
const id = () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`;

function order(over: Partial<OrderRow>): LockedOrder {
  const now = new Date("2026-12-06T12:00:00Z");
  return {
    id: id(),
    account_id: USER,
    client_order_id: null,
    request_hash: null,
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    time_in_force: "gtc",
    quantity: "1",
    price: "50000",
    trigger_price: null,
    trail_price: null,
    trail_percent: null,
    hwm: null,
    order_class: "simple",
    parent_order_id: null,
    slippage_tolerance: null,
    status: "open",
    filled_quantity: "0",
    average_fill_price: null,
    reject_reason: null,
    hold_asset: "USD",
    hold_amount: "0",
    ...NONE,
    replace_turn: null,
    replace_turn_until: null,
    post_only: false,
    expire_at: null,
    notional: null,
    created_at: now,
    updated_at: now,
    email: null,
    ...over,
  };
}

const trade = (
  o: LockedOrder,
  quantity: string,
  price: string,
  liquidity: "maker" | "taker",
): StoredReport => {
  const execution_id = `x-${id()}`;
  return {
    execution_id,
    order_id: o.id,
    payload: {
      execution_id,
      order_id: o.id,
      executed_at: "2026-12-06T12:00:01Z",
      type: "trade",
      quantity,
      price,
      liquidity,
    },
  };
};

const q = (s: string | number) => new Decimal(s);
const cents = (d: Decimal) => d.decimalPlaces() <= 2;

describe("one fill", () => {
  test("when a buy fills 0.00123 at 50001.37 as taker, then it pays the notional and the fee each rounded up", () => {
    // 0.00123 × 50001.37 = 61.5016851 → 61.51; × 0.002 = 0.1230033702 → 0.13
    const m = fillMoney(
      { side: "buy", ...NONE },
      { quantity: q("0.00123"), price: q("50001.37"), liquidity: "taker" },
      BTC_USD,
    );
    expect([m.notional.toFixed(), m.fee.toFixed()]).toEqual(["61.51", "0.13"]);
    expect(m.after.notional.toFixed()).toBe("61.5016851");
    expect(m.after.feeAccrued.toFixed()).toBe("0.1230033702");
  });

  test("when a sell fills the same, then it receives the notional rounded down and pays the fee rounded up", () => {
    // 61.5016851 → 61.50; fee 0.1230033702 → 0.13: the account receives 61.37
    const m = fillMoney(
      { side: "sell", ...NONE },
      { quantity: q("0.00123"), price: q("50001.37"), liquidity: "taker" },
      BTC_USD,
    );
    expect([m.notional.toFixed(), m.fee.toFixed()]).toEqual(["61.5", "0.13"]);
  });

  test("when a second fill follows, then it moves the rounded total less what the first moved", () => {
    // first: 0.00001 × 50000.01 = 0.5000001 → 0.51, fee (maker) 0.0005000001 → 0.01
    const first = fillMoney(
      { side: "buy", ...NONE },
      { quantity: q("0.00001"), price: q("50000.01"), liquidity: "maker" },
      BTC_USD,
    );
    expect([first.notional.toFixed(), first.fee.toFixed()]).toEqual(["0.51", "0.01"]);
    const row = {
      side: "buy" as const,
      filled_notional: first.after.notional.toFixed(),
      fee_accrued: first.after.feeAccrued.toFixed(),
      fee_charged: first.after.feeCharged.toFixed(),
    };
    // second: N = 1.0000002 → 1.01, less 0.51 = 0.50; F = 0.0010000002 → 0.01, less 0.01 = 0
    const second = fillMoney(
      row,
      { quantity: q("0.00001"), price: q("50000.01"), liquidity: "maker" },
      BTC_USD,
    );
    expect([second.notional.toFixed(), second.fee.toFixed()]).toEqual(["0.5", "0"]);
  });

  test("when a sell's fill brings in less than the fee owed, then the fee is what it brings in, and the rest is charged by the next fill", () => {
    // 0.00001 × 100 = 0.001 → 0 received; fee 0.000002 → 0.01 owed but capped at 0
    const first = fillMoney(
      { side: "sell", ...NONE },
      { quantity: q("0.00001"), price: q("100"), liquidity: "taker" },
      BTC_USD,
    );
    expect([first.notional.toFixed(), first.fee.toFixed()]).toEqual(["0", "0"]);
    const row = {
      side: "sell" as const,
      filled_notional: first.after.notional.toFixed(),
      fee_accrued: first.after.feeAccrued.toFixed(),
      fee_charged: first.after.feeCharged.toFixed(),
    };
    // then 1 at 100: N = 100.001 → 100.00 received; F = 0.200002 → 0.21 owed in all, none charged yet
    const second = fillMoney(row, { quantity: q("1"), price: q("100"), liquidity: "taker" }, BTC_USD);
    expect([second.notional.toFixed(), second.fee.toFixed()]).toEqual(["100", "0.21"]);
  });
});

const sum = (
  lines: { accountId: string; asset: string; amount: Decimal }[],
  account: string,
  asset: string,
) =>
  lines
    .filter((l) => l.accountId === account && l.asset === asset)
    .reduce((s, l) => s.plus(l.amount), q("0"));

describe("any split of an order", () => {
  const lots = fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 12 });
  const tick = fc.integer({ min: 0, max: 5000 });
  const liquidity = fc.constantFrom("maker" as const, "taker" as const);

  test("when a limit buy fills in any pieces at or below its price, then its hold covers every fill and what is still open after each, every line is in whole cents, and nothing is left held", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ lots: fc.integer({ min: 1, max: 400 }), below: tick, liquidity }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 4_000_000, max: 6_000_000 }),
        (pieces, priceTicks) => {
          const price = q(priceTicks).times("0.01");
          const quantity = pieces.reduce((s, p) => s.plus(q(p.lots).times("0.00001")), q("0"));
          const hold = holdFor(
            createOrderSchema.parse({
              symbol: "BTC-USD",
              side: "buy",
              order_type: "limit",
              quantity: quantity.toFixed(),
              price: price.toFixed(),
            }),
            BTC_USD,
          ).amount;
          expect(cents(hold)).toBe(true);
          const o = order({
            quantity: quantity.toFixed(),
            price: price.toFixed(),
            hold_amount: hold.toFixed(),
          });
          const reports = pieces.map((p) =>
            trade(
              o,
              q(p.lots).times("0.00001").toFixed(),
              price.minus(q(p.below).times("0.01")).toFixed(),
              p.liquidity,
            ),
          );
          // One fill at a time: after each, the hold still covers what the open rest can be charged.
          const journals = reports.flatMap((r) => {
            const step = planSettlement(new Map([[o.id, o]]), [r], { instruments }).journals;
            const open = q(o.quantity).minus(o.filled_quantity);
            expect(q(o.hold_amount).gte(buyHoldNeeded(open, price, filledSoFar(o), BTC_USD))).toBe(true);
            return step;
          });
          const plan = { journals };
          const lines = plan.journals.flatMap((j) => j.lines);
          for (const l of lines) expect(cents(l.amount) || l.asset === "BTC").toBe(true);
          // Each fill takes from the hold what it charges; the user's available USD only gets back.
          for (const j of plan.journals) {
            const available = j.lines.find(
              (l) => l.accountId === USER && l.asset === "USD" && l.bucket === "available",
            );
            expect(available === undefined || available.amount.gte(0)).toBe(true);
          }
          expect(o.hold_amount).toBe("0");
          const fees = sum(lines, FEES_ACCOUNT_ID, "USD");
          expect(fees.gte(q(o.fee_accrued))).toBe(true);
          expect(fees.minus(o.fee_accrued).lt("0.01")).toBe(true);
          expect(sum(lines, VENUE_ACCOUNT_ID, "USD").toFixed()).toBe(
            q(o.filled_notional).toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed(),
          );
        },
      ),
    );
  });

  test("when a sell fills in any pieces, then the account never pays in, the venue pays the notional rounded down, and the fee is the accrued fee rounded up", () => {
    fc.assert(
      fc.property(lots, tick, liquidity, (pieces, priceTicks, l) => {
        const price = q(priceTicks + 4_000_000).times("0.01");
        const quantity = pieces.reduce((s, p) => s.plus(q(p).times("0.00001")), q("0"));
        const o = order({
          side: "sell",
          quantity: quantity.toFixed(),
          price: price.toFixed(),
          hold_asset: "BTC",
          hold_amount: quantity.toFixed(),
        });
        const reports = pieces.map((p) => trade(o, q(p).times("0.00001").toFixed(), price.toFixed(), l));
        const plan = planSettlement(new Map([[o.id, o]]), reports, { instruments });
        for (const j of plan.journals) {
          const received = sum(j.lines, USER, "USD");
          expect(received.gte(0) && cents(received)).toBe(true);
        }
        const lines = plan.journals.flatMap((j) => j.lines);
        expect(sum(lines, VENUE_ACCOUNT_ID, "USD").negated().toFixed()).toBe(
          q(o.filled_notional).toDecimalPlaces(2, Decimal.ROUND_FLOOR).toFixed(),
        );
        expect(sum(lines, FEES_ACCOUNT_ID, "USD").toFixed()).toBe(
          q(o.fee_accrued).toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed(),
        );
        expect(o.hold_amount).toBe("0");
      }),
    );
  });
});
