// The router: routes orders for the queue's tasks and for the placing process right after its
// commit. One per process: its limit is shared by every batch (each batch holds a pool connection
// during its submits).
import pLimit from "p-limit";
import { transact } from "../events/committed.ts";
import { jobKeys } from "../jobs/catalogue.ts";
import { addJob } from "../jobs/queue.ts";
import { type RoutingDeps, route, type TaskLog } from "./route.ts";

/** Placement batches routed at the same time by one process. */
const ROUTE_CONCURRENCY = 8;

export interface RunOptions {
  log: TaskLog;
  /** An earlier run may have submitted the orders before dying (a retried job, a rescue). */
  mayHaveReached: boolean;
}

export class Router {
  readonly #d: RoutingDeps;
  readonly #limit = pLimit(ROUTE_CONCURRENCY);

  constructor(d: RoutingDeps) {
    this.#d = d;
  }

  /** One order (a retry, a reroute by the reconciler, or a batch's failed order); `attempt` counts retries. */
  async one(orderId: string, o: RunOptions & { attempt: number }): Promise<void> {
    await route(this.#d, [orderId], { ...o, ownJobOnError: false });
  }

  /**
   * The orders of one placement batch, in one transaction (`route`). Run again, it skips orders
   * already routed (no longer pending; the venue is also idempotent on the order id). If the
   * batch's transaction fails, its orders are routed one by one, each failing alone into a
   * route_order job of its own.
   */
  async batch(orderIds: readonly string[], o: RunOptions): Promise<void> {
    await this.#limit(async () => {
      try {
        await route(this.#d, orderIds, { ...o, attempt: 0, ownJobOnError: true });
        return;
      } catch (error) {
        o.log.warn(
          `routing a batch of ${orderIds.length} failed (${String(error)}); routing them one by one`,
        );
      }
      // One at a time: this batch keeps one pool connection.
      for (const id of orderIds) {
        try {
          await this.one(id, { log: o.log, mayHaveReached: true, attempt: 0 });
        } catch (error) {
          o.log.error(`routing ${id} failed: ${String(error)}; it gets a job of its own`);
          await transact(this.#d.db, (trx) =>
            addJob(trx, "route_order", { order_id: id }, { jobKey: jobKeys.route(id) }),
          );
        }
      }
    });
  }
}
