// Group commit for order placement. Requests that arrive while a batch is being written wait
// together and go into the next transaction: one commit (one WAL flush, one NOTIFY, one job
// insert call) serves many orders. At low load a batch holds one order and nothing waits.
// With inline routing, the batch's orders go to the venue from this process right after the
// commit, and no job is written for them (see platform/fast-path.ts and rescue.ts).
import type { Claim, FastPath } from "../../platform/fast-path.ts";
import { transact } from "../events/committed.ts";
import type { Executor } from "../shared/executor.ts";
import { type NewOrder, type Outcome, placeOrders } from "./place.ts";

interface Pending {
  order: NewOrder;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** Most orders in one transaction. */
  maxBatch: number;
  /** Batches written at the same time (each takes a pool connection). */
  maxInFlight: number;
}

/** Routing right after commit: the fast path's claims, and what routes a batch's orders. */
export interface InlineRouting {
  path: FastPath;
  route: (orderIds: string[]) => Promise<void>;
}

export class PlacementBatcher {
  readonly #db: Executor;
  readonly #o: BatcherOptions;
  readonly #routing: InlineRouting | undefined;
  #queue: Pending[] = [];
  #inFlight = 0;
  readonly #busy = new Set<string>();

  constructor(db: Executor, o: BatcherOptions, routing?: InlineRouting) {
    this.#db = db;
    this.#o = o;
    this.#routing = routing;
  }

  place(order: NewOrder): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ order, resolve, reject });
      this.#flush();
    });
  }

  /**
   * Starts batches while slots are free. Batches in flight never share an account: they would
   * only wait for each other's balance locks. An order whose account is busy waits for the next.
   */
  #flush(): void {
    while (this.#inFlight < this.#o.maxInFlight && this.#queue.length > 0) {
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      // A client_order_id goes into a batch once: a repeat waits for the next batch, where it
      // meets the first as a stored order (a replay) or, if the first was refused, is placed.
      const ids = new Set<string>();
      for (const p of this.#queue) {
        const clientId = p.order.view.client_order_id;
        const idKey = clientId === null ? null : `${p.order.account_id}/${clientId}`;
        const fits = batch.length < this.#o.maxBatch && !this.#busy.has(p.order.account_id);
        if (fits && (idKey === null || !ids.has(idKey))) {
          batch.push(p);
          if (idKey !== null) ids.add(idKey);
        } else {
          rest.push(p);
        }
      }
      if (batch.length === 0) return;
      this.#queue = rest;
      const accounts = new Set(batch.map((p) => p.order.account_id));
      for (const a of accounts) this.#busy.add(a);
      this.#inFlight++;
      void this.#write(batch).finally(() => {
        for (const a of accounts) this.#busy.delete(a);
        this.#inFlight--;
        this.#flush();
      });
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.#commit(batch.map((p) => p.order));
      for (const p of batch) p.resolve(outcomes.get(p.order.view.id) ?? "duplicate");
    } catch (error) {
      // The batch rolled back as a whole. Retry its orders one by one, so that one bad order
      // (or a deadlock with another writer) does not fail the others.
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(
        batch.map(async (p) => {
          try {
            const outcomes = await this.#commit([p.order]);
            p.resolve(outcomes.get(p.order.view.id) ?? "duplicate");
          } catch (single) {
            p.reject(single);
          }
        }),
      );
    }
  }

  /** One placement transaction; with inline routing, its accepted orders are routed after COMMIT. */
  async #commit(orders: NewOrder[]): Promise<Map<string, Outcome>> {
    const write = (claim?: Claim) =>
      transact(this.#db, (trx) => placeOrders(trx, orders, { routedHere: claim !== undefined }));
    const routing = this.#routing;
    if (routing === undefined) return await write();
    return await routing.path.around(write, (outcomes) => {
      const ids = orders.filter((o) => outcomes.get(o.view.id) === "inserted").map((o) => o.view.id);
      return ids.length === 0 ? undefined : () => routing.route(ids);
    });
  }
}
