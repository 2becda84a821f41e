// Every job Bourse queues: its name, its payload (a Zod schema, parsed by the handler), its key
// and its attempts. A module queues a job only through `queue.ts` with a name from here, and a
// worker's handler takes its payload as typed here (graphile-worker's `GraphileWorker.Tasks`).
import { z } from "zod";

const uuids = z.array(z.uuid()).min(1);

/** The payload schema of each task, by task name. */
export const PAYLOADS = {
  /** The orders of one placement batch; `fallback`: queued by the rescue (they may have reached the venue). */
  route_orders: z.object({ order_ids: uuids, fallback: z.boolean().optional() }),
  /** One order: a retry, a reroute by the reconciler, or a batch's order that failed on its own. */
  route_order: z.object({ order_id: z.uuid(), attempt: z.number().int().min(0).default(0) }),
  /** Settles the stored, unsettled execution reports of these orders (`order_id`: one, as older jobs name it). */
  settle_fill: z.union([
    z.object({ order_ids: uuids }),
    z.object({ order_id: z.uuid() }).transform((p) => ({ order_ids: [p.order_id] })),
  ]),
  /** The fill confirmation e-mail. */
  notify: z.object({ fill_id: z.uuid() }),
  generate_report: z.object({ report_id: z.uuid() }),
  summarize_settlement: z.object({ run_id: z.uuid() }),
  reconcile: z.object({}).passthrough(),
  position_check: z.object({}).passthrough(),
  expire_day_orders: z.object({}).passthrough(),
  /** Deletes the Idempotency-Key records past their 24 hours. */
  purge_idempotency_keys: z.object({}).passthrough(),
  /** A GTD order's expiry, run at its expire_at. */
  expire_order: z.object({ order_id: z.uuid() }),
} as const;

export type TaskName = keyof typeof PAYLOADS;
/** What a job of this task carries, as it is queued. */
export type PayloadIn<T extends TaskName> = z.input<(typeof PAYLOADS)[T]>;
/** What its handler gets once parsed. */
export type Payload<T extends TaskName> = z.output<(typeof PAYLOADS)[T]>;

declare global {
  namespace GraphileWorker {
    interface Tasks {
      route_orders: PayloadIn<"route_orders">;
      route_order: PayloadIn<"route_order">;
      settle_fill: PayloadIn<"settle_fill">;
      notify: PayloadIn<"notify">;
      generate_report: PayloadIn<"generate_report">;
      summarize_settlement: PayloadIn<"summarize_settlement">;
      reconcile: PayloadIn<"reconcile">;
      position_check: PayloadIn<"position_check">;
      expire_day_orders: PayloadIn<"expire_day_orders">;
      purge_idempotency_keys: PayloadIn<"purge_idempotency_keys">;
      expire_order: PayloadIn<"expire_order">;
    }
  }
}

/** Parses a job's payload as its task's schema (a malformed payload fails the job). */
export const parsePayload = <T extends TaskName>(task: T, raw: unknown): Payload<T> =>
  PAYLOADS[task].parse(raw) as Payload<T>;

/** Keys: a keyed job replaces a not-yet-running job with the same key instead of adding a second. */
export const jobKeys = {
  /** An order's own routing job. */
  route: (orderId: string) => `route_order:${orderId}`,
  /** The retry of an order's routing, after a transient venue failure. */
  routeRetry: (orderId: string) => `route_order:${orderId}:retry`,
  /** One order's settlement, queued when its settlement failed within a batch. */
  settle: (orderId: string) => `settle_fill:${orderId}`,
  report: (reportId: string) => `generate_report:${reportId}`,
  summary: (runId: string) => `summarize_settlement:${runId}`,
  /** A GTD order's expiry. */
  expire: (orderId: string) => `expire_order:${orderId}`,
} as const;

/** Attempts before the queue gives a job up (graphile-worker backs off between them). */
export const MAX_ATTEMPTS = {
  route_order: 6,
  settle_fill: 25,
  notify: 10,
  generate_report: 5,
  summarize_settlement: 10,
  expire_order: 25,
} as const;

/** Recurring tasks (cron, UTC): each runs once per tick across all workers. */
export const SCHEDULES: readonly { task: TaskName; cron: string }[] = [
  { task: "reconcile", cron: "* * * * *" },
  { task: "position_check", cron: "*/5 * * * *" },
  { task: "expire_day_orders", cron: "0 0 * * *" },
  { task: "purge_idempotency_keys", cron: "17 * * * *" },
];
