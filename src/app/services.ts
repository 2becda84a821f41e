// The business services of one process, wired over one database.

import type pg from "pg";
import { AccountsService } from "../modules/accounts/accounts.service.ts";
import { Authenticator } from "../modules/accounts/authenticator.ts";
import { InstrumentCatalog } from "../modules/instruments/instruments.service.ts";
import { OrdersService } from "../modules/orders/orders.service.ts";
import type { Db } from "../platform/postgres.ts";

export interface Services {
  catalog: InstrumentCatalog;
  accounts: AccountsService;
  orders: OrdersService;
  authenticator: Authenticator;
}

export function buildServices(db: Db, pool: pg.Pool, o: { authCacheMs?: number } = {}): Services {
  const catalog = new InstrumentCatalog(db);
  return {
    catalog,
    accounts: new AccountsService(db, catalog),
    orders: new OrdersService(db, pool, catalog),
    authenticator: new Authenticator(db, o.authCacheMs),
  };
}
