// The job handlers a worker runs, by the job catalogue's task names, and the cron schedules.
import type { TaskList } from "graphile-worker";
import { positionCheckTask } from "../modules/audit/audit.tasks.ts";
import type { Db } from "../modules/database.ts";
import { purgeIdempotencyKeysTask } from "../modules/idempotency/idempotency.tasks.ts";
import { SCHEDULES } from "../modules/jobs/catalogue.ts";
import { notifyTask } from "../modules/notifications/notifications.tasks.ts";
import { generateReportTask } from "../modules/reports/reports.tasks.ts";
import { summarizeSettlementTask } from "../modules/reports/settlements.tasks.ts";
import {
  expireDayOrdersTask,
  expireOrderTask,
  reconcileTask,
  routeOrdersTask,
  routeOrderTask,
  settleFillTask,
} from "../modules/trading/tasks.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import type { BlobStore } from "../platform/blob-store.ts";
import type { Mailer } from "../platform/mailer.ts";
import type { Metrics } from "../platform/metrics.ts";
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
    route_orders: routeOrdersTask(router),
    route_order: routeOrderTask(router),
    settle_fill: settleFillTask(db, services.catalog),
    reconcile: reconcileTask(db, venue, services.catalog),
    notify: notifyTask(db, mailer),
    position_check: positionCheckTask(db, (n) => metrics.positionMismatches.set(n)),
    expire_day_orders: expireDayOrdersTask(venue),
    expire_order: expireOrderTask({ db, venue, catalog: services.catalog }),
    generate_report: generateReportTask(db, blobs),
    summarize_settlement: summarizeSettlementTask(db),
    purge_idempotency_keys: purgeIdempotencyKeysTask(db),
  };
}

/** Recurring tasks (cron, UTC): each runs once per tick across all workers. */
export const schedules = SCHEDULES;
