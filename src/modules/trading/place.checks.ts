// What placement refuses before and after its transaction: an order the instrument does not take,
// and the words of a refusal for funds.
import type { Instrument } from "../instruments/instruments.service.ts";
import { balancesOf } from "../ledger/ledger.service.ts";
import { legsOf } from "../orders/orders.classes.ts";
import { exitsHoldFor, instrumentViolations } from "../orders/orders.rules.ts";
import type { CreateOrderInput, OrderView } from "../orders/orders.schema.ts";
import { pendingView } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import type { NewOrder } from "./place.plan.ts";

export const priceOf = (input: CreateOrderInput) => ("price" in input ? input.price : undefined);
export const triggerOf = (input: CreateOrderInput) =>
  "trigger_price" in input ? input.trigger_price : undefined;

/**
 * The legs of a class order, placed with it in its transaction. An oco's one hold is its parent's
 * (the limit leg); a buy bracket's or oto's exits are held from what the entry fills (settlement
 * moves it); a sell bracket's or oto's exits hold their buy-back on their first leg from placement.
 * A market entry's exits wait gtc.
 */
export function legOrders(
  parent: OrderView,
  input: CreateOrderInput,
  instrument: Instrument,
  accountId: string,
  now: Date,
): NewOrder[] {
  const tif = parent.time_in_force === "day" ? "day" : "gtc";
  const exitsHold = exitsHoldFor(input, instrument);
  return legsOf(input).map((leg, i) => ({
    view: pendingView(
      {
        id: newId(),
        client_order_id: null,
        symbol: parent.symbol,
        side: leg.side,
        order_type: leg.order_type,
        time_in_force: tif,
        quantity: parent.quantity,
        price: leg.price?.toFixed() ?? null,
        trigger_price: leg.trigger_price?.toFixed() ?? null,
        trail_price: null,
        trail_percent: null,
        order_class: parent.order_class,
        parent_order_id: parent.id,
      },
      now,
    ),
    account_id: accountId,
    request_hash: null,
    slippage_tolerance: leg.order_type === "stop" ? "0.01" : null,
    hold_asset: leg.side === "sell" ? instrument.base_asset : instrument.quote_asset,
    // A sell entry's exits hold their buy-back once, on the first leg, from placement.
    hold_amount: i === 0 && exitsHold !== undefined ? exitsHold.amount : new Decimal(0),
    created_at: now,
  }));
}

export function checkPlaceable(input: CreateOrderInput, instrument: Instrument): void {
  if (instrument.status !== "trading") {
    throw new DomainError("INSTRUMENT_HALTED", `${instrument.symbol} is halted; orders are not accepted`);
  }
  const problems = instrumentViolations(input, instrument);
  if (problems.length > 0) throw validation(problems);
}

/**
 * The refusal, with what the order needs and what the account has. The available figure is a
 * plain read after the refusal, not the figure the placement compared: it may have moved in
 * between, which is acceptable for a figure that only informs the client.
 */
export async function insufficientFunds(
  db: Executor,
  accountId: string,
  holds: readonly { asset: string; amount: Decimal }[],
): Promise<DomainError> {
  const balances = await balancesOf(db, accountId);
  const availableOf = (asset: string) => balances.find((b) => b.asset === asset)?.available ?? "0";
  // An order class holds in two assets at most: name the one that is short.
  const hold = holds.find((h) => h.amount.gt(availableOf(h.asset))) ?? holds[0];
  if (hold === undefined) throw new Error("a refusal for funds names no hold");
  const available = availableOf(hold.asset);
  const needed = `${hold.amount.toFixed()} ${hold.asset}`;
  const has = `${available} ${hold.asset}`;
  return new DomainError(
    "INSUFFICIENT_FUNDS",
    `not enough available ${hold.asset}: this order needs ${needed}; ${has} is available`,
    {
      details: [
        { path: "needed", message: needed },
        { path: "available", message: has },
      ],
    },
  );
}
