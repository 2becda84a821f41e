// The job handlers a worker runs, by task name.
import type { TaskList } from "graphile-worker";
import { SETTLE_TASK } from "../modules/executions/executions.service.ts";
import { settleFillTask } from "../modules/executions/executions.tasks.ts";
import { NOTIFY_TASK, notifyTask } from "../modules/notifications/notifications.tasks.ts";
import { ROUTE_ORDER_TASK, ROUTE_ORDERS_TASK } from "../modules/orders/orders.placement.ts";
import { positionCheckTask } from "../modules/positions/positions.tasks.ts";
import { GENERATE_REPORT_TASK } from "../modules/reports/reports.queue.ts";
import { generateReportTask } from "../modules/reports/reports.tasks.ts";
import { RECONCILE_TASK } from "../modules/routing/reconcile.ts";
import {
  expireDayOrdersTask,
  reconcileTask,
  routeOrdersTask,
  routeOrderTask,
} from "../modules/routing/routing.tasks.ts";
import type { VenueClient } from "../modules/routing/venue.client.ts";
import { SUMMARIZE_SETTLEMENT_TASK } from "../modules/settlements/settlements.service.ts";
import { summarizeSettlementTask } from "../modules/settlements/settlements.tasks.ts";
import type { BlobStore } from "../platform/blob-store.ts";
import type { Mailer } from "../platform/mailer.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { Db } from "../platform/postgres.ts";
import type { Services } from "./services.ts";

export function taskList(
  db: Db,
  services: Services,
  venue: VenueClient,
  metrics: Metrics,
  mailer: Mailer,
  blobs: BlobStore,
): TaskList {
  const router = services.router;
  if (router === undefined) throw new Error("a worker needs a venue to route orders to");
  return {
    [ROUTE_ORDERS_TASK]: routeOrdersTask(router),
    [ROUTE_ORDER_TASK]: routeOrderTask(router),
    [SETTLE_TASK]: settleFillTask(db, services.catalog),
    [RECONCILE_TASK]: reconcileTask(db, venue, services.catalog),
    [NOTIFY_TASK]: notifyTask(db, mailer),
    [POSITION_CHECK_TASK]: positionCheckTask(db, (n) => metrics.positionMismatches.set(n)),
    [EXPIRE_DAY_ORDERS_TASK]: expireDayOrdersTask(venue),
    [GENERATE_REPORT_TASK]: generateReportTask(db, blobs),
    [SUMMARIZE_SETTLEMENT_TASK]: summarizeSettlementTask(db),
  };
}

const POSITION_CHECK_TASK = "position_check";
const EXPIRE_DAY_ORDERS_TASK = "expire_day_orders";

/** Recurring tasks (cron, UTC): each runs once per tick across all workers. */
export const schedules = [
  { task: RECONCILE_TASK, cron: "* * * * *" },
  { task: POSITION_CHECK_TASK, cron: "*/5 * * * *" },
  { task: EXPIRE_DAY_ORDERS_TASK, cron: "0 0 * * *" },
];
