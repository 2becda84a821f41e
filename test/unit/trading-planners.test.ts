// The write path's planners, without a database: placement's holds, settlement's plan, the ledger
// lines and balances it moves, and the positions it leaves.
import { expect, test } from "vitest";
import { FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID } from "../../src/modules/ledger/ledger.accounts.ts";
import { assertBalanced } from "../../src/modules/ledger/ledger.service.ts";
import type { OrderRow } from "../../src/modules/orders/orders.views.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { allocate, balanceKey, holdRows, type NewOrder } from "../../src/modules/trading/place.plan.ts";
import {
  applyJournals,
  balanceKeys,
  nextPositions,
  positionKeys,
} from "../../src/modules/trading/settle.ledger.ts";
import {
  type LockedOrder,
  planSettlement,
  SettlementError,
  type StoredReport,
} from "../../src/modules/trading/settle.plan.ts";
import { btcUsd } from "../support/instruments.ts";

const USER = "00000000-0000-7000-8000-0000000000aa";
const BTC_USD = btcUsd({ lot: "0.0001", min: "0.0001" });
const instruments = new Map([["BTC-USD", BTC_USD]]);

let n = 0;
const id = () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`;

function order(over: Partial<OrderRow> = {}): LockedOrder {
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
    post_only: false,
    expire_at: null,
    notional: null,
    status: "open",
    filled_quantity: "0",
    average_fill_price: null,
    reject_reason: null,
    hold_asset: "USD",
    hold_amount: "50100",
    filled_notional: "0",
    fee_accrued: "0",
    fee_charged: "0",
    replace_turn: null,
    replace_turn_until: null,
    created_at: now,
    updated_at: now,
    email: null,
    ...over,
  };
}

let executions = 0;
/** A stored report of the order, with a new execution id. */
function stored(
  o: LockedOrder,
  fields: Omit<StoredReport["payload"], "execution_id" | "order_id" | "executed_at">,
) {
  const execution_id = `x-${++executions}`;
  const payload = { execution_id, order_id: o.id, executed_at: "2026-12-06T12:00:01Z", ...fields };
  return { execution_id, order_id: o.id, payload };
}
const trade = (o: LockedOrder, quantity: string, price: string, liquidity: "maker" | "taker"): StoredReport =>
  stored(o, { type: "trade", quantity, price, liquidity });
const report = (o: LockedOrder, type: "accepted" | "cancelled", reason?: string): StoredReport =>
  stored(o, { type, ...(reason === undefined ? {} : { reason }) });

const newOrder = (account: string, amount: string): NewOrder => ({
  view: { id: id(), parent_order_id: null } as NewOrder["view"],
  account_id: account,
  request_hash: null,
  slippage_tolerance: null,
  hold_asset: "USD",
  hold_amount: new Decimal(amount),
  created_at: new Date(),
});

test("when orders arrive in a batch, then each takes its hold while the balance covers it, in arrival order", () => {
  const a = newOrder(USER, "600");
  const b = newOrder(USER, "500"); // 600 + 500 > 1000: refused
  const c = newOrder(USER, "400"); // still fits after the refusal
  const balances = new Map([
    [balanceKey(USER, "USD"), { available: new Decimal(1000), held: new Decimal(0) }],
  ]);
  const { accepted, refused } = allocate([a, b, c], balances);
  expect(accepted.map((x) => x.order)).toEqual([a, c]);
  expect(refused).toEqual([b]);
  expect(accepted.map((x) => x.balance)).toEqual([
    { asset: "USD", total: "1000", available: "400", held: "600" },
    { asset: "USD", total: "1000", available: "0", held: "1000" },
  ]);
  const { deltas, entries } = holdRows(accepted);
  expect(deltas).toEqual([{ account_id: USER, asset: "USD", available: "-1000", held: "1000" }]);
  expect(entries.map((e) => [e.bucket, e.amount, e.kind])).toEqual([
    ["available", "-600", "hold"],
    ["held", "600", "hold"],
    ["available", "-400", "hold"],
    ["held", "400", "hold"],
  ]);
});

test("when a buy fills in two trades, then the first releases all but what the rest needs at the order's price, the fee is charged, and the order filled", () => {
  const o = order();
  const first = trade(o, "0.4", "49000", "maker");
  const after = planSettlement(new Map([[o.id, { ...o }]]), [first], { instruments });
  // The rest, 0.6 at 50000 with the taker fee, needs 30000 + 60: 50100 − 30060 is released.
  expect(after.journals[0]?.lines.find((l) => l.bucket === "held")?.amount.toFixed()).toBe("-20040");
  const plan = planSettlement(new Map([[o.id, o]]), [first, trade(o, "0.6", "50000", "taker")], {
    instruments,
  });
  expect(o.status).toBe("filled");
  expect(o.filled_quantity).toBe("1");
  expect(new Decimal(o.average_fill_price ?? 0).toFixed()).toBe("49600");
  expect(o.hold_amount).toBe("0");
  expect(plan.fills.map((f) => [f.quantity, f.price, f.fee, f.liquidity])).toEqual([
    ["0.4", "49000", "19.6", "maker"],
    ["0.6", "50000", "60", "taker"],
  ]);
  for (const j of plan.journals) expect(() => assertBalanced(j.lines)).not.toThrow();
  // The house gets the fees; the venue's clearing account takes the quote and gives the base.
  const sum = (account: string, asset: string) =>
    plan.journals
      .flatMap((j) => j.lines)
      .filter((l) => l.accountId === account && l.asset === asset)
      .reduce((s, l) => s.plus(l.amount), new Decimal(0))
      .toFixed();
  expect(sum(FEES_ACCOUNT_ID, "USD")).toBe("79.6");
  expect(sum(VENUE_ACCOUNT_ID, "USD")).toBe("49600");
  expect(sum(VENUE_ACCOUNT_ID, "BTC")).toBe("-1");
  expect(sum(USER, "BTC")).toBe("1");
  // The whole hold left `held`; what the fills did not cost went back to `available`.
  expect(sum(USER, "USD")).toBe("-49679.6");
  expect(plan.steps.map((s) => s.events.map((e) => e.type))).toEqual([["order.updated"], ["order.filled"]]);
});

test("when a report names an order that is already terminal, then it is consumed and ignored", () => {
  const o = order({ status: "cancelled", hold_amount: "0" });
  const r = trade(o, "0.1", "50000", "taker");
  const plan = planSettlement(new Map([[o.id, o]]), [r], { instruments });
  expect(plan.results.get(r.execution_id)).toBe("ignored");
  expect(plan.ignored.has(o.id)).toBe(true);
  expect(plan.settled).toEqual([r.execution_id]);
  expect(plan.steps).toEqual([]);
});

test("when a trade exceeds what is open, then planning refuses it", () => {
  const o = order({ filled_quantity: "0.9" });
  expect(() =>
    planSettlement(new Map([[o.id, o]]), [trade(o, "0.2", "50000", "taker")], { instruments }),
  ).toThrow(SettlementError);
});

test("when routing closes a refused order and opens an accepted one, then the refused one releases its hold and the pending routing job is withdrawn", () => {
  const refused = order({ status: "pending" });
  const accepted = order({ status: "pending" });
  const plan = planSettlement(
    new Map([
      [refused.id, refused],
      [accepted.id, accepted],
    ]),
    [],
    {
      instruments,
      close: new Map([[refused.id, { status: "rejected", reason: "venue: no" }]]),
      openPending: true,
    },
  );
  expect(refused.status).toBe("rejected");
  expect(refused.hold_amount).toBe("0");
  expect(accepted.status).toBe("open");
  expect(plan.withdrawRouting).toEqual([refused.id]);
  expect(plan.journals.map((j) => j.kind)).toEqual(["release"]);
});

test("when a cancel follows an accepted report, then the order opens, then closes with the venue's reason", () => {
  const o = order({ status: "pending" });
  planSettlement(new Map([[o.id, o]]), [report(o, "accepted"), report(o, "cancelled", "user")], {
    instruments,
  });
  expect(o.status).toBe("cancelled");
  expect(o.reject_reason).toBe("user");
});

test("when journals move locked balances, then each journal's balances after it and one delta per row come out; a user balance below zero is refused", () => {
  const o = order();
  const plan = planSettlement(new Map([[o.id, o]]), [trade(o, "1", "50000", "taker")], { instruments });
  const keys = balanceKeys(plan.journals);
  expect(keys.map((k) => `${k.account_id}/${k.asset}`)).toEqual(
    [...keys].map((k) => `${k.account_id}/${k.asset}`).sort(),
  );
  const locked = keys.map((k) => ({
    account_id: k.account_id,
    asset: k.asset,
    available: "0",
    held: k.account_id === USER && k.asset === "USD" ? "50100" : "0",
  }));
  const { moved, deltas } = applyJournals(plan.journals, locked);
  const user = (plan.journals[0] && moved.get(plan.journals[0].id)) ?? [];
  expect(user.filter((m) => !m.is_system).map((m) => m.view)).toEqual([
    { asset: "USD", total: "0", available: "0", held: "0" },
    { asset: "BTC", total: "1", available: "1", held: "0" },
  ]);
  expect(deltas.find((d) => d.account_id === USER && d.asset === "USD")).toEqual({
    account_id: USER,
    asset: "USD",
    available: "0",
    held: "-50100",
  });
  const short = locked.map((l) => ({ ...l, held: "0" }));
  expect(() => applyJournals(plan.journals, short)).toThrow(/not enough available/);
});

test("when fills move a position across zero, then the new side opens at the crossing fill's price", () => {
  const buy = order({ quantity: "1" });
  const sell = order({ side: "sell", quantity: "3", hold_asset: "BTC", hold_amount: "3" });
  const plan = planSettlement(
    new Map([
      [buy.id, buy],
      [sell.id, sell],
    ]),
    [trade(buy, "1", "100", "taker"), trade(sell, "3", "110", "taker")],
    { instruments },
  );
  const keys = positionKeys(plan.positions);
  expect(keys).toEqual([[USER, "BTC-USD"]]);
  expect(nextPositions(plan.positions, keys, [])).toEqual([
    { account_id: USER, symbol: "BTC-USD", quantity: "-2", average_entry_price: "110", realized_pnl: "10" },
  ]);
});

test("when a trailing stop's mark moves, then the order records the mark and trigger once, and an older mark changes nothing", () => {
  const o = order({
    order_type: "trailing_stop",
    side: "sell",
    price: null,
    trail_price: "100",
    hold_asset: "BTC",
    hold_amount: "1",
  });
  const trail = (hwm: string, trigger: string) => stored(o, { type: "trail", hwm, trigger_price: trigger });
  const plan = planSettlement(
    new Map([[o.id, o]]),
    [trail("50000", "49900"), trail("50200", "50100"), trail("50100", "50000")],
    { instruments },
  );
  expect(o).toMatchObject({ hwm: "50200", trigger_price: "50100", status: "open", hold_amount: "1" });
  // Two moves, two order.updated events; the late, lower mark is settled but ignored.
  expect(plan.steps.flatMap((s) => s.events.map((e) => e.type))).toEqual(["order.updated", "order.updated"]);
  expect(plan.steps.map((s) => (s.events[0]?.payload as { hwm: string } | undefined)?.hwm)).toEqual([
    "50000",
    "50200",
  ]);
  expect(plan.settled).toHaveLength(3);
  expect(plan.journals).toEqual([]);
});

test("when a buy trailing stop's low-water mark falls, then it is recorded; a higher one is not", () => {
  const o = order({ order_type: "trailing_stop", price: null, trail_percent: "1", hwm: "50000" });
  planSettlement(
    new Map([[o.id, o]]),
    [
      stored(o, { type: "trail", hwm: "50100", trigger_price: "50601" }),
      stored(o, { type: "trail", hwm: "49000", trigger_price: "49490" }),
    ],
    { instruments },
  );
  expect(o).toMatchObject({ hwm: "49000", trigger_price: "49490" });
});

test("when a trail report names an order that is not a trailing stop, then planning refuses it", () => {
  const o = order();
  expect(() =>
    planSettlement(new Map([[o.id, o]]), [stored(o, { type: "trail", hwm: "1", trigger_price: "1" })], {
      instruments,
    }),
  ).toThrow(/not about a trailing stop/);
});
