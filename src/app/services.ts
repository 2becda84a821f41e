// The business services of one process, wired over one database.
import { AccountsService } from "../modules/accounts/accounts.service.ts";
import { Authenticator } from "../modules/accounts/authenticator.ts";
import type { Db } from "../modules/database.ts";
import { InstrumentCatalog } from "../modules/instruments/instruments.service.ts";
import type { InlineRouting } from "../modules/trading/batcher.ts";
import { OrdersService } from "../modules/trading/orders.service.ts";
import { taskLog } from "../modules/trading/route.ts";
import { Router } from "../modules/trading/router.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import { type RetryPolicy, ROUTE_RETRY } from "../modules/trading/venue-request.ts";
import type { FastPath } from "../platform/fast-path.ts";
import type { Logger } from "../platform/logger.ts";

export interface Services {
  catalog: InstrumentCatalog;
  accounts: AccountsService;
  orders: OrdersService;
  authenticator: Authenticator;
  /** Routes orders to the venue (absent without a venue). */
  router: Router | undefined;
}

export interface ServiceOptions {
  authCacheMs?: number;
  placementBatchMax?: number;
  placementBatchConcurrency?: number;
  venue?: VenueClient;
  /** The routing jobs' retry schedule (ROUTE_RETRY by default). */
  routing?: RetryPolicy;
  /** Route each placement batch in this process right after its commit (needs `venue`). */
  fastRouting?: { path: FastPath; log: Logger };
}

/** Placement batches routed by `router` right after their commit, with `fast`'s claims. */
function inlineRouting(fast: { path: FastPath; log: Logger }, router: Router): InlineRouting {
  const log = taskLog(fast.log);
  return { path: fast.path, route: (ids) => router.batch(ids, { log, mayHaveReached: false }) };
}

export function buildServices(db: Db, o: ServiceOptions = {}): Services {
  const catalog = new InstrumentCatalog(db);
  const router =
    o.venue === undefined
      ? undefined
      : new Router({
          db,
          venue: o.venue,
          policy: o.routing ?? ROUTE_RETRY,
          catalog,
        });
  return {
    catalog,
    accounts: new AccountsService(db, catalog),
    orders: new OrdersService(
      db,
      catalog,
      {
        maxBatch: o.placementBatchMax ?? 100,
        maxInFlight: o.placementBatchConcurrency ?? 2,
      },
      o.venue,
      router === undefined || o.fastRouting === undefined ? undefined : inlineRouting(o.fastRouting, router),
    ),
    authenticator: new Authenticator(db, o.authCacheMs),
    router,
  };
}
