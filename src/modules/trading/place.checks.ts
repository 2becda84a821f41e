// What placement refuses before and after its transaction: an order the instrument does not take,
// a client_order_id reused for another order, and the words of a refusal for funds. Preview runs
// the same checks.
import type { Instrument, InstrumentCatalog } from "../instruments/instruments.service.ts";
import { balancesOf } from "../ledger/ledger.service.ts";
import { legsOf } from "../orders/orders.classes.ts";
import { findOrderByClientId } from "../orders/orders.repository.ts";
import {
  exitsHoldFor,
  expiryViolations,
  type Hold,
  holdFor,
  instrumentViolations,
  maxQuantity,
  priceOf,
  trailPercentOf,
  trailPriceOf,
  triggerOf,
} from "../orders/orders.rules.ts";
import type { CreateOrderInput, OrderView, OrderWithLegsView } from "../orders/orders.schema.ts";
import { type OrderRow, type OrderTerms, orderView, pendingView } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import type { NewOrder } from "./place.plan.ts";

export interface Placed {
  order: OrderWithLegsView;
  /** False when a replayed client_order_id returned the order created earlier. */
  created: boolean;
}

/** Placement's checks passed (the instrument and the hold), or the request replays an order. */
export type Checked = { replay: Placed } | { instrument: Instrument; hold: Hold };

/**
 * Placement's checks before any write: the instrument, its rules, the hold. A replay of an order
 * accepted earlier stays a replay, even if the instrument changed since. `replayFirst`: look for
 * the client_order_id first (placement finds a replay when it inserts; a preview inserts nothing).
 */
export async function checkOrder(
  db: Executor,
  catalog: InstrumentCatalog,
  o: { accountId: string; input: CreateOrderInput; hash: string | null; replayFirst?: boolean },
): Promise<Checked> {
  const { input } = o;
  const cid = input.client_order_id;
  if (o.replayFirst === true && cid !== undefined) {
    const existing = await findOrderByClientId(db, o.accountId, cid);
    if (existing !== undefined) return { replay: replayOf(existing, cid, o.hash) };
  }
  try {
    const instrument = await catalog.get(input.symbol);
    checkPlaceable(input, instrument, new Date());
    return { instrument, hold: holdFor(input, instrument) };
  } catch (error) {
    if (cid === undefined || !(error instanceof DomainError)) throw error;
    const existing = await findOrderByClientId(db, o.accountId, cid);
    if (existing === undefined) throw error;
    return { replay: replayOf(existing, cid, o.hash) };
  }
}

/** The existing order a client_order_id names, as a replay; IDEMPOTENCY_MISMATCH for another body. */
export function replayOf(existing: OrderRow, clientOrderId: string, hash: string | null): Placed {
  if (existing.request_hash !== hash) {
    throw new DomainError(
      "IDEMPOTENCY_MISMATCH",
      `client_order_id '${clientOrderId}' was already used for a different order (${existing.id}); use a new client_order_id`,
    );
  }
  return { order: orderView(existing), created: false };
}

/** What a new order's request decides of its view (a notional order's quantity is its bound). */
export function newOrderTerms(id: string, input: CreateOrderInput, instrument: Instrument): OrderTerms {
  return {
    id,
    client_order_id: input.client_order_id ?? null,
    symbol: input.symbol,
    side: input.side,
    order_type: input.order_type,
    time_in_force: input.time_in_force,
    quantity: maxQuantity(input, instrument).toFixed(),
    price: priceOf(input)?.toFixed() ?? null,
    trigger_price: triggerOf(input)?.toFixed() ?? null,
    trail_price: trailPriceOf(input)?.toFixed() ?? null,
    trail_percent: trailPercentOf(input)?.toFixed() ?? null,
    order_class: input.order_class,
    parent_order_id: null,
    post_only: "post_only" in input && input.post_only === true,
    expire_at: "expire_at" in input && input.expire_at !== undefined ? input.expire_at.toISOString() : null,
    notional: "notional" in input && input.notional !== undefined ? input.notional.toFixed() : null,
  };
}

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
        post_only: false,
        expire_at: null,
        notional: null,
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

export function checkPlaceable(input: CreateOrderInput, instrument: Instrument, now = new Date()): void {
  if (instrument.status !== "trading") {
    throw new DomainError("INSTRUMENT_HALTED", `${instrument.symbol} is halted; orders are not accepted`);
  }
  const problems = [...instrumentViolations(input, instrument), ...expiryViolations(input, now)];
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
  const refusal = fundsRefusal(await balancesOf(db, accountId), holds);
  if (refusal === undefined) throw new Error("a refusal for funds names no hold");
  return refusal;
}

/**
 * The INSUFFICIENT_FUNDS error for the first hold the balances cannot cover (an order class holds
 * in two assets at most: it names the one that is short), or undefined when they cover them all.
 * A refusal decided by the database names the first hold even if the balances read since cover it.
 */
export function fundsRefusal(
  balances: readonly { asset: string; available: string }[],
  holds: readonly { asset: string; amount: Decimal }[],
  always = true,
): DomainError | undefined {
  const availableOf = (asset: string) => balances.find((b) => b.asset === asset)?.available ?? "0";
  const hold = holds.find((h) => h.amount.gt(availableOf(h.asset))) ?? (always ? holds[0] : undefined);
  if (hold === undefined) return undefined;
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
