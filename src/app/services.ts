// The business services of one process, wired over one database.
import { AccountsService } from "../modules/accounts/accounts.service.ts";
import { Authenticator } from "../modules/accounts/authenticator.ts";
import { InstrumentCatalog } from "../modules/instruments/instruments.service.ts";
import { OrdersService } from "../modules/orders/orders.service.ts";
import type { VenueClient } from "../modules/routing/venue.client.ts";
import type { Db } from "../platform/postgres.ts";

export interface Services {
  catalog: InstrumentCatalog;
  accounts: AccountsService;
  orders: OrdersService;
  authenticator: Authenticator;
}

export interface ServiceOptions {
  authCacheMs?: number;
  placementBatchMax?: number;
  placementBatchConcurrency?: number;
  venue?: VenueClient;
}

export function buildServices(db: Db, o: ServiceOptions = {}): Services {
  const catalog = new InstrumentCatalog(db);
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
    ),
    authenticator: new Authenticator(db, o.authCacheMs),
  };
}
