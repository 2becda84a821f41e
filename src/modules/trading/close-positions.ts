// Closing positions: a market order for the opposite side, placed through the normal placement
// path (the same checks, hold and routing as POST /orders). Closing every position can cancel
// the account's open orders first; their cancellations are settled from the venue's reports
// before the closes are placed, so the funds they held are free for them.

import pLimit from "p-limit";
import type { Instrument, InstrumentCatalog } from "../instruments/instruments.service.ts";
import { type CreateOrderInput, createOrderSchema, type OrderView } from "../orders/orders.schema.ts";
import { isTerminal } from "../orders/orders.table.ts";
import { findPosition, listPositions } from "../positions/positions.repository.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError, notFound, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { receiveReports } from "./inbox.ts";
import { type OrdersService, VENUE_CANCEL_CONCURRENCY } from "./orders.service.ts";
import type { VenueClient } from "./venue.client.ts";

/** How much of a position to close: all of it (neither), a quantity, or a percentage (0 < p ≤ 100). */
export interface CloseAmount {
  quantity?: Decimal | undefined;
  percentage?: Decimal | undefined;
}

/** One position's outcome when all are closed: the closing order, or the error placing it got. */
export type CloseResult = { symbol: string; order: OrderView } | { symbol: string; error: DomainError };

/**
 * The closing order's quantity. A percentage is of the position's size, rounded down to the lot
 * size (a close never exceeds the position); a quantity may not exceed the position.
 */
export function closingQuantity(size: Decimal, amount: CloseAmount, instrument: Instrument): Decimal {
  if (amount.quantity !== undefined && amount.percentage !== undefined) {
    throw validation([{ path: "percentage", message: "send quantity or percentage, not both" }]);
  }
  if (amount.quantity !== undefined) {
    if (amount.quantity.gt(size)) {
      throw validation([{ path: "quantity", message: `must be at most the position's ${size.toFixed()}` }]);
    }
    return amount.quantity;
  }
  if (amount.percentage === undefined) return size;
  const lot = instrument.lot_size;
  const quantity = size.times(amount.percentage).div(100).div(lot).floor().times(lot);
  if (quantity.isZero()) {
    throw validation([
      {
        path: "percentage",
        message: `${amount.percentage.toFixed()}% of ${size.toFixed()} is less than one lot (${lot.toFixed()})`,
      },
    ]);
  }
  return quantity;
}

export class PositionCloser {
  readonly #db: Executor;
  readonly #orders: OrdersService;
  readonly #catalog: InstrumentCatalog;
  readonly #venue: Pick<VenueClient, "executions">;
  readonly #warn: (message: string, error: unknown) => void;

  constructor(o: {
    db: Executor;
    orders: OrdersService;
    catalog: InstrumentCatalog;
    venue: Pick<VenueClient, "executions">;
    /** Told when the cancellations could not be settled here (the webhook and the reconciler settle them later). */
    warn?: (message: string, error: unknown) => void;
  }) {
    this.#db = o.db;
    this.#orders = o.orders;
    this.#catalog = o.catalog;
    this.#venue = o.venue;
    this.#warn = o.warn ?? (() => {});
  }

  /**
   * Places the market order that closes the position (or part of it) and answers it, as placing
   * it with POST /orders would (INSUFFICIENT_FUNDS when open orders hold what it needs, …).
   * NOT_FOUND without a position, or with a flat one.
   */
  async close(accountId: string, symbol: string, amount: CloseAmount = {}): Promise<OrderView> {
    const row = await findPosition(this.#db, accountId, symbol);
    const signed = new Decimal(row?.quantity ?? 0);
    if (signed.isZero()) throw notFound(`position in ${symbol}`);
    const instrument = await this.#catalog.get(symbol);
    const quantity = closingQuantity(signed.abs(), amount, instrument);
    const input: CreateOrderInput = createOrderSchema.parse({
      symbol,
      side: signed.isPositive() ? "sell" : "buy",
      order_type: "market",
      quantity: quantity.toFixed(),
    });
    return (await this.#orders.place(accountId, input)).order;
  }

  /**
   * Closes every open position of the account, one result per symbol, in symbol order; with
   * `cancelOrders`, cancels the account's open orders first and settles their cancellations.
   */
  async closeAll(accountId: string, o: { cancelOrders: boolean }): Promise<CloseResult[]> {
    if (o.cancelOrders) {
      const cancelled = await this.#orders.cancelAll(accountId, undefined);
      await this.#settleFromVenue(cancelled.filter((v) => !isTerminal(v.status)).map((v) => v.id));
    }
    const open = (await listPositions(this.#db, accountId)).filter((p) => !new Decimal(p.quantity).isZero());
    const results: CloseResult[] = [];
    for (const p of open) {
      try {
        results.push({ symbol: p.symbol, order: await this.close(accountId, p.symbol) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ symbol: p.symbol, error });
      }
    }
    return results;
  }

  /**
   * Settles what the venue reports of these orders now (their cancellation, and any fill before
   * it), instead of waiting for its webhook: the inbox stores a report once and settlement applies
   * it once, so the webhook's copy changes nothing later. Best-effort: an order the venue does not
   * answer for, or a settlement that fails, is left to the webhook and the reconciler, and a close
   * that needed its funds reports INSUFFICIENT_FUNDS in its entry.
   */
  async #settleFromVenue(ids: readonly string[]): Promise<void> {
    const limit = pLimit(VENUE_CANCEL_CONCURRENCY);
    const reports = (
      await Promise.all(
        ids.map((id) =>
          limit(() =>
            this.#venue.executions(id).catch((error: unknown) => {
              this.#warn(`close all: the venue's reports of order ${id} could not be read`, error);
              return undefined;
            }),
          ),
        ),
      )
    ).flatMap((r) => r ?? []);
    // Settled as they are stored; if that fails, they are stored with their settlement job.
    await receiveReports(this.#db, reports, {
      catalog: this.#catalog,
      log: { warn: (message: string) => this.#warn(`close all: ${message}`, undefined) },
    });
  }
}
