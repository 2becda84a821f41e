// Order placement, reads and cancellation. Every write is one transaction.

import { addJob } from "../../platform/queue.ts";
import { appendEvent } from "../events/events.repository.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { holdLines, postJournal } from "../ledger/ledger.service.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError, notFound, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import { type Page, toPage } from "../shared/pagination.ts";
import {
  findOrder,
  findOrderByClientId,
  findOrderForUpdate,
  insertOrderIfNew,
  listOpenOrders,
  listOrders,
  lockOpenOrders,
  type OrderFilter,
  setOrderClosed,
} from "./orders.repository.ts";
import { holdFor, instrumentViolations, requestHash, slippageOf } from "./orders.rules.ts";
import type { CreateOrderInput, OrderView } from "./orders.schema.ts";
import { isTerminal } from "./orders.table.ts";
import { type OrderRow, orderView } from "./orders.views.ts";

export const ROUTE_ORDER_TASK = "route_order";

export interface Placed {
  order: OrderView;
  /** False when a replayed client_order_id returned the order created earlier. */
  created: boolean;
}

/** Thrown inside the transaction when the client_order_id exists: roll back, then answer with it. */
class Replay extends Error {}

export class OrdersService {
  readonly #db: Executor;
  readonly #catalog: InstrumentCatalog;
  /** Called after a commit that changed orders (cache invalidation, pub/sub hooks). */
  readonly #onChange: (orders: OrderView[]) => void;

  constructor(db: Executor, catalog: InstrumentCatalog, onChange: (orders: OrderView[]) => void = () => {}) {
    this.#db = db;
    this.#catalog = catalog;
    this.#onChange = onChange;
  }

  /**
   * One transaction: the order row, the hold on funds, the `order.created` event and the
   * `route_order` job commit together or not at all.
   */
  async place(accountId: string, input: CreateOrderInput): Promise<Placed> {
    const instrument = await this.#catalog.get(input.symbol);
    if (instrument.status !== "trading") {
      throw new DomainError("INSTRUMENT_HALTED", `${instrument.symbol} is halted; orders are not accepted`);
    }
    const problems = instrumentViolations(input, instrument);
    if (problems.length > 0) throw validation(problems);
    const hold = holdFor(input, instrument);
    const hash = input.client_order_id === undefined ? null : requestHash(input);
    const id = newId();
    try {
      const row = await this.#db.transaction().execute(async (trx) => {
        const inserted = await insertOrderIfNew(trx, {
          id,
          account_id: accountId,
          client_order_id: input.client_order_id ?? null,
          request_hash: hash,
          symbol: input.symbol,
          side: input.side,
          order_type: input.order_type,
          time_in_force: input.time_in_force,
          quantity: input.quantity.toFixed(),
          price: "price" in input && input.price !== undefined ? input.price.toFixed() : null,
          trigger_price:
            "trigger_price" in input && input.trigger_price !== undefined
              ? input.trigger_price.toFixed()
              : null,
          slippage_tolerance: slippageOf(input)?.toFixed() ?? null,
          hold_asset: hold.asset,
          hold_amount: hold.amount.toFixed(),
        });
        if (inserted === undefined) throw new Replay();
        await postJournal(trx, {
          kind: "hold",
          orderId: id,
          lines: holdLines(accountId, hold.asset, hold.amount),
        });
        await appendEvent(trx, accountId, "order.created", orderView(inserted));
        await addJob(trx, ROUTE_ORDER_TASK, { order_id: id }, { maxAttempts: 6 });
        return inserted;
      });
      const order = orderView(row);
      this.#onChange([order]);
      return { order, created: true };
    } catch (error) {
      if (!(error instanceof Replay) || input.client_order_id === undefined) throw error;
      return await this.#replay(accountId, input.client_order_id, hash);
    }
  }

  async #replay(accountId: string, clientOrderId: string, hash: string | null): Promise<Placed> {
    const existing = await findOrderByClientId(this.#db, accountId, clientOrderId);
    if (existing === undefined)
      throw new Error(`client_order_id ${clientOrderId} conflicted but no order has it`);
    if (existing.request_hash !== hash) {
      throw new DomainError(
        "IDEMPOTENCY_MISMATCH",
        `client_order_id '${clientOrderId}' was already used for a different order (${existing.id}); use a new client_order_id`,
      );
    }
    return { order: orderView(existing), created: false };
  }

  async get(accountId: string, id: string): Promise<OrderView> {
    const row = await findOrder(this.#db, accountId, id);
    if (row === undefined) throw notFound("order");
    return orderView(row);
  }

  async list(accountId: string, filter: OrderFilter): Promise<Page<OrderView>> {
    const rows = await listOrders(this.#db, accountId, filter);
    return toPage(rows.map(orderView), filter.limit);
  }

  async open(accountId: string, limit = 500): Promise<OrderView[]> {
    return (await listOpenOrders(this.#db, accountId, limit)).map(orderView);
  }

  /** Cancels one order of the account: 404 if not its own, ORDER_NOT_CANCELLABLE if already terminal. */
  async cancel(accountId: string, id: string): Promise<OrderView> {
    const order = await this.#db.transaction().execute(async (trx) => {
      const row = await findOrderForUpdate(trx, accountId, id);
      if (row === undefined) throw notFound("order");
      if (isTerminal(row.status)) {
        throw new DomainError(
          "ORDER_NOT_CANCELLABLE",
          `order ${id} is ${row.status} and can no longer be cancelled`,
        );
      }
      return await closeOrder(trx, row, "cancelled");
    });
    this.#onChange([order]);
    return order;
  }

  /** Cancels every open order of the account (optionally one symbol) in one transaction. */
  async cancelAll(accountId: string, symbol: string | undefined): Promise<OrderView[]> {
    const orders = await this.#db.transaction().execute(async (trx) => {
      const rows = await lockOpenOrders(trx, accountId, symbol);
      const closed: OrderView[] = [];
      for (const row of rows) closed.push(await closeOrder(trx, row, "cancelled"));
      return closed;
    });
    if (orders.length > 0) this.#onChange(orders);
    return orders;
  }
}

/** Moves a locked, open order to a terminal status, releases what it still holds, records the event. */
async function closeOrder(
  trx: Executor,
  row: OrderRow,
  status: "cancelled" | "expired" | "rejected" | "failed",
) {
  const remaining = new Decimal(row.hold_amount);
  if (!remaining.isZero()) {
    await postJournal(trx, {
      kind: "release",
      orderId: row.id,
      lines: holdLines(row.account_id, row.hold_asset, remaining.negated()),
    });
  }
  const updated = orderView(await setOrderClosed(trx, row.id, status));
  await appendEvent(trx, row.account_id, "order.updated", updated);
  return updated;
}
