// The order commands of an account: place, cancel, replace (and the reads their answers need).
// Every write is one transaction.

import pLimit from "p-limit";
import { transact } from "../events/committed.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import {
  findLegs,
  findOrder,
  findOrderByClientId,
  findOrderForUpdate,
  listOpenOrders,
  lockClass,
  lockOpenOrders,
} from "../orders/orders.repository.ts";
import { maxQuantity, requestHash, slippageOf } from "../orders/orders.rules.ts";
import type { CreateOrderInput, OrderView, OrderWithLegsView } from "../orders/orders.schema.ts";
import { isTerminal } from "../orders/orders.table.ts";
import { orderView, pendingView } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError, notFound } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import { type BatcherOptions, type InlineRouting, PlacementBatcher } from "./batcher.ts";
import { receiveReports } from "./inbox.ts";
import {
  type Checked,
  checkOrder,
  insufficientFunds,
  legOrders,
  newOrderTerms,
  type Placed,
  replayOf,
} from "./place.checks.ts";
import { type Preview, previewPlacement } from "./preview.ts";
import { lostAtVenue } from "./reconcile.ts";
import { type ReplaceInput, releaseTurn, reserveForReplace, settleReplace } from "./replace.ts";
import { closeOrder } from "./transitions.ts";
import { type VenueClient, VenueRefusal } from "./venue.client.ts";

const termsOf = (o: { quantity: string; price: string | null }) => ({
  quantity: new Decimal(o.quantity),
  price: new Decimal(o.price ?? 0),
});

/**
 * Venue cancels one cancel-all has in flight at once. The venue client's in-flight and queued calls
 * are shared by the whole process: an account with many open orders must neither take them all
 * (starving other accounts' orders) nor overflow the queue (its excess would fail at once).
 */
export const VENUE_CANCEL_CONCURRENCY = 8;

export type { Placed } from "./place.checks.ts";

export class OrdersService {
  readonly #db: Executor;
  readonly #catalog: InstrumentCatalog;
  readonly #batcher: PlacementBatcher;
  readonly #venue: Pick<VenueClient, "cancel" | "replace" | "get"> | undefined;

  constructor(
    db: Executor,
    catalog: InstrumentCatalog,
    batching: BatcherOptions,
    venue?: Pick<VenueClient, "cancel" | "replace" | "get">,
    routing?: InlineRouting,
  ) {
    this.#db = db;
    this.#catalog = catalog;
    this.#batcher = new PlacementBatcher(db, batching, routing);
    this.#venue = venue;
  }

  /**
   * One transaction (shared with concurrent placements, see batcher.ts): the order row, the
   * hold on funds, the `order.created` and `balance.updated` events and the batch's `route_orders` job
   * commit together or not at all.
   */
  async place(accountId: string, input: CreateOrderInput): Promise<Placed> {
    const hash = input.client_order_id === undefined ? null : requestHash(input);
    const checked = await checkOrder(this.#db, this.#catalog, { accountId, input, hash });
    if ("replay" in checked) return await this.#withLegs(accountId, checked.replay);
    const { instrument, hold } = checked;
    const now = new Date();
    const order = pendingView(newOrderTerms(newId(), input, instrument), now);
    const legs = legOrders(order, input, instrument, accountId, now);
    const outcome = await this.#batcher.place({
      view: order,
      account_id: accountId,
      request_hash: hash,
      slippage_tolerance: slippageOf(input)?.toFixed() ?? null,
      hold_asset: hold.asset,
      hold_amount: hold.amount,
      created_at: now,
      ...(order.notional === null ? {} : { max_quantity: maxQuantity(input, instrument).toFixed() }),
      ...(legs.length === 0 ? {} : { legs }),
    });
    if (outcome === "inserted") {
      return {
        order: legs.length === 0 ? order : { ...order, legs: legs.map((l) => l.view) },
        created: true,
      };
    }
    if (outcome === "insufficient") {
      const exitsHold = legs.find((l) => !l.hold_amount.isZero());
      const holds = [
        hold,
        ...(exitsHold === undefined ? [] : [{ asset: exitsHold.hold_asset, amount: exitsHold.hold_amount }]),
      ];
      throw await insufficientFunds(this.#db, accountId, holds);
    }
    if (input.client_order_id === undefined) throw new Error(`order ${order.id} was not inserted`);
    const existing = await findOrderByClientId(this.#db, accountId, input.client_order_id);
    if (existing === undefined)
      throw new Error(`client_order_id ${input.client_order_id} conflicted but no order has it`);
    return await this.#withLegs(accountId, replayOf(existing, input.client_order_id, hash));
  }

  /** A replayed class parent answers with its legs, as its placement did. */
  async #withLegs(accountId: string, placed: Placed): Promise<Placed> {
    const o = placed.order;
    if (o.order_class === "simple" || o.parent_order_id !== null) return placed;
    return { ...placed, order: await this.get(accountId, o.id) };
  }

  /**
   * What placing `input` would do, with no side effect: placement's own checks, then the hold,
   * the funds for it and the estimates (preview.ts). `book`: the venue's book of the symbol, read
   * only when the checks pass. A client_order_id the account used before answers as placing would:
   * the existing order for the same body, IDEMPOTENCY_MISMATCH for another.
   */
  async preview(accountId: string, input: CreateOrderInput, book: () => Promise<unknown>): Promise<Preview> {
    const hash = input.client_order_id === undefined ? null : requestHash(input);
    let checked: Checked;
    try {
      checked = await checkOrder(this.#db, this.#catalog, { accountId, input, hash, replayFirst: true });
    } catch (error) {
      if (error instanceof DomainError) return { error };
      throw error;
    }
    if ("replay" in checked) return { replayOf: checked.replay.order.id };
    return await previewPlacement(this.#db, accountId, input, checked, await book().catch(() => undefined));
  }

  /** The order; the parent of a class also shows its legs. */
  async get(accountId: string, id: string): Promise<OrderWithLegsView> {
    const row = await findOrder(this.#db, accountId, id);
    if (row === undefined) throw notFound("order");
    if (row.order_class === "simple" || row.parent_order_id !== null) return orderView(row);
    return { ...orderView(row), legs: (await findLegs(this.#db, accountId, id)).map(orderView) };
  }

  /** The account's order with this client_order_id; 404 for none (another account's is none too). */
  async getByClientOrderId(accountId: string, clientOrderId: string): Promise<OrderView> {
    const row = await findOrderByClientId(this.#db, accountId, clientOrderId);
    if (row === undefined) throw notFound("order");
    return orderView(row);
  }

  async open(accountId: string, limit = 500): Promise<OrderView[]> {
    return (await listOpenOrders(this.#db, accountId, limit)).map(orderView);
  }

  /**
   * Cancels one order of the account: 404 if not its own, ORDER_NOT_CANCELLABLE if terminal. A
   * pending order (not at the venue yet) closes here and now. An order at the venue is cancelled
   * there; it closes when the venue's report is settled, after any fills the venue made before, so
   * the answer may still show it open.
   */
  async cancel(accountId: string, id: string): Promise<OrderView> {
    const closed = await transact(this.#db, async (trx) => {
      const row = await findOrderForUpdate(trx, accountId, id);
      if (row === undefined) throw notFound("order");
      if (isTerminal(row.status)) {
        throw new DomainError(
          "ORDER_NOT_CANCELLABLE",
          `order ${id} is ${row.status} and can no longer be cancelled`,
        );
      }
      if (row.status !== "pending") return undefined;
      if (row.order_class === "simple") return await closeOrder(trx, row, "cancelled");
      // A class is routed whole: before that, cancelling any of its orders cancels all of them.
      let mine: OrderView | undefined;
      for (const member of await lockClass(trx, accountId, row.parent_order_id ?? row.id)) {
        if (member.status !== "pending") continue;
        const closed = await closeOrder(
          trx,
          member,
          "cancelled",
          member.id === id ? null : "parent_cancelled",
        );
        if (member.id === id) mine = closed;
      }
      return mine;
    });
    if (closed !== undefined) return closed;
    await this.#cancelAtVenue([id]);
    return await this.get(accountId, id);
  }

  /** Cancels every open order of the account (optionally one symbol): pending ones here, the rest at the venue. */
  async cancelAll(accountId: string, symbol: string | undefined): Promise<OrderView[]> {
    const { closed, atVenue } = await transact(this.#db, async (trx) => {
      const rows = await lockOpenOrders(trx, accountId, symbol);
      const closed: OrderView[] = [];
      const atVenue: string[] = [];
      for (const row of rows) {
        if (row.status === "pending") closed.push(await closeOrder(trx, row, "cancelled"));
        else atVenue.push(row.id);
      }
      return { closed, atVenue };
    });
    await this.#cancelAtVenue(atVenue);
    const sent = await Promise.all(atVenue.map((id) => this.get(accountId, id)));
    return [...closed, ...sent];
  }

  /**
   * Replaces quantity and/or price of an open limit order at the venue (same order id). Answers
   * with the order as it is now; 409 ORDER_NOT_REPLACEABLE when the venue refused (e.g. it filled),
   * 409 CONFLICT while another replace of the order is at the venue (replace.ts: one at a time).
   */
  async replace(accountId: string, id: string, input: ReplaceInput): Promise<OrderView> {
    if (this.#venue === undefined)
      throw new DomainError("EXCHANGE_ERROR", "no venue is configured to replace orders at");
    const current = await findOrder(this.#db, accountId, id);
    if (current === undefined) throw notFound("order");
    // A class's orders hold as a class and are paired at the venue: cancel and place anew instead.
    if (current.order_class !== "simple") {
      throw new DomainError(
        "ORDER_NOT_REPLACEABLE",
        `order ${id} is part of a ${current.order_class} order; cancel it and place a new one`,
      );
    }
    const instrument = await this.#catalog.get(current.symbol);
    const turn = await transact(this.#db, (trx) => reserveForReplace(trx, accountId, id, input, instrument));
    let settled = false;
    try {
      const { terms, refusal } = await this.#replaceAtVenue(this.#venue, id, input);
      if (refusal !== undefined && !(refusal instanceof VenueRefusal) && terms === undefined) {
        // Neither the replace nor a read of the order answered: the venue may have applied it. The
        // order keeps the hold for the larger terms until the reconciler reads the venue's terms.
        throw new DomainError(
          "EXCHANGE_ERROR",
          "the venue did not confirm the replace; the order is checked against the venue within a minute",
          { cause: refusal },
        );
      }
      const view = await transact(this.#db, (trx) =>
        settleReplace(trx, accountId, id, terms, instrument, turn),
      );
      settled = true;
      if (view === undefined) {
        // The turn lapsed while the venue was asked and another writer took it: what this replace
        // did at the venue is for the reconciler to read.
        throw new DomainError(
          "CONFLICT",
          `the replace of order ${id} took too long and another change of the order came first; the order is checked against the venue within a minute`,
        );
      }
      if (refusal instanceof VenueRefusal) {
        throw new DomainError("ORDER_NOT_REPLACEABLE", `the venue refused the replace: ${refusal.message}`);
      }
      if (refusal !== undefined) {
        throw new DomainError(
          "EXCHANGE_ERROR",
          "the venue did not confirm the replace; the order now shows the terms the venue has",
          { cause: refusal },
        );
      }
      if (terms === undefined)
        throw new DomainError("ORDER_NOT_REPLACEABLE", `order ${id} is no longer at the venue`);
      return view;
    } finally {
      // A replace that ends without recording terms gives its turn back (if this fails too, the
      // turn lapses).
      if (!settled) await releaseTurn(this.#db, id, turn).catch(() => undefined);
    }
  }

  /** The venue's answer to a replace: the order's terms there (if known) and why it failed, if it did. */
  async #replaceAtVenue(
    venue: Pick<VenueClient, "replace" | "get">,
    id: string,
    input: ReplaceInput,
  ): Promise<{ terms: { quantity: Decimal; price: Decimal } | undefined; refusal: unknown }> {
    try {
      const changed = await venue.replace(id, {
        ...(input.quantity === undefined ? {} : { quantity: input.quantity.toFixed() }),
        ...(input.price === undefined ? {} : { price: input.price.toFixed() }),
      });
      return { terms: changed === undefined ? undefined : termsOf(changed), refusal: undefined };
    } catch (error) {
      if (error instanceof VenueRefusal) return { terms: undefined, refusal: error };
      // No answer: the venue may still have applied it. Record whatever terms it has now.
      const now = await venue.get(id).catch(() => undefined);
      return { terms: now === undefined ? undefined : termsOf(now), refusal: error };
    }
  }

  async #cancelAtVenue(ids: string[]): Promise<void> {
    if (this.#venue === undefined) {
      if (ids.length > 0)
        throw new DomainError("EXCHANGE_ERROR", "no venue is configured to cancel orders at");
      return;
    }
    const venue = this.#venue;
    const limit = pLimit(VENUE_CANCEL_CONCURRENCY);
    await Promise.all(
      ids.map((id) =>
        limit(async () => {
          try {
            // The venue does not know it (it restarted and lost its book): close it with a report
            // that says so, settled after any report the venue sent before.
            if ((await venue.cancel(id)) === undefined) await receiveReports(this.#db, [lostAtVenue(id)]);
          } catch (error) {
            throw new DomainError(
              "EXCHANGE_ERROR",
              `the venue did not confirm the cancel of ${id}; try again`,
              { cause: error },
            );
          }
        }),
      ),
    );
  }
}
