// The asset-precision migration on a database that already traded: orders partly filled before it
// get their exact notional and accrued fee from their fills, and a fee charged in whole cents.
import { sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Database, Db } from "../../src/modules/database.ts";
import { newId } from "../../src/modules/shared/ids.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMigrator, listMigrations } from "../../src/platform/migrations.ts";
import { createDb, createPool } from "../../src/platform/postgres.ts";
import { createEmptyDatabase } from "../support/database.ts";

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
const PRECISION = "0012_asset_precision";
let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
let pool: pg.Pool;
let db: Db;

beforeAll(async () => {
  empty = await createEmptyDatabase();
  pool = createPool(
    {
      connectionString: empty.url,
      max: 2,
      statementTimeoutMs: 30_000,
      connectionTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxLifetimeSeconds: 0,
      applicationName: "bourse-test",
    },
    log,
  );
  db = createDb<Database>(pool);
});
afterAll(async () => {
  await db.destroy();
  await empty.drop();
});

test("when orders were filled before the migration, then it takes their exact notional and fee from their fills and rounds the fee charged up to the cent", async () => {
  const names = (await listMigrations(db)).map((m) => m.name);
  const before = names[names.indexOf(PRECISION) - 1];
  if (before === undefined) throw new Error(`no migration before ${PRECISION}`);
  const migrator = createMigrator(db);
  expect((await migrator.migrateTo(before)).error).toBeUndefined();

  const account = newId();
  const order = newId();
  await sql`insert into accounts (id, name) values (${account}, 'before')`.execute(db);
  await sql`insert into orders (id, account_id, symbol, side, order_type, time_in_force, quantity, price,
      status, filled_quantity, hold_asset, hold_amount)
    values (${order}, ${account}, 'BTC-USD', 'buy', 'limit', 'gtc', 0.1, 50000,
      'partially_filled', 0.03, 'USD', 3507)`.execute(db);
  // Two fills, fees charged exactly as then: 0.01 × 49000.37 × 0.001 and 0.02 × 49999.99 × 0.002.
  for (const [quantity, price, fee, liquidity] of [
    ["0.01", "49000.37", "0.4900037", "maker"],
    ["0.02", "49999.99", "1.9999996", "taker"],
  ]) {
    const execution = `x-${newId()}`;
    await sql`insert into execution_reports (execution_id, order_id, type, payload, settled_at)
      values (${execution}, ${order}, 'trade', '{}'::jsonb, now())`.execute(db);
    await sql`insert into fills (id, execution_id, order_id, account_id, symbol, side, quantity, price, fee,
        fee_asset, liquidity, executed_at)
      values (${newId()}, ${execution}, ${order}, ${account}, 'BTC-USD', 'buy', ${quantity}, ${price}, ${fee},
        'USD', ${liquidity}, now())`.execute(db);
  }

  expect((await migrator.migrateTo(PRECISION)).error).toBeUndefined();
  const row = await sql<{ filled_notional: string; fee_accrued: string; fee_charged: string }>`
    select filled_notional::text, fee_accrued::text, fee_charged::text from orders where id = ${order}`.execute(
    db,
  );
  // 490.0037 + 999.9998 = 1490.0035; 0.4900037 + 1.9999996 = 2.4900033, charged as 2.50
  expect(row.rows[0]).toEqual({
    filled_notional: "1490.0035",
    fee_accrued: "2.4900033",
    fee_charged: "2.50",
  });
  const assets = await sql<{
    asset: string;
    decimals: number;
  }>`select asset, decimals from assets order by asset`.execute(db);
  expect(assets.rows).toEqual([
    { asset: "BTC", decimals: 8 },
    { asset: "ETH", decimals: 8 },
    { asset: "SOL", decimals: 8 },
    { asset: "USD", decimals: 2 },
  ]);
});
