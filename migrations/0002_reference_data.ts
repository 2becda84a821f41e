// Data migration: the house accounts of the ledger and the default listed instruments.
import { type Kysely, sql } from "kysely";

/** Fixed ids of the system accounts; src/modules/ledger/ledger.accounts.ts names them. */
const EXTERNAL = "00000000-0000-7000-8000-000000000001";
const FEES = "00000000-0000-7000-8000-000000000002";

const INSTRUMENTS = [
  // symbol, base, quote, tick, lot, min qty, maker fee, taker fee, reference price
  ["BTC-USD", "BTC", "USD", "0.01", "0.00001", "0.0001", "0.001", "0.002", "50000"],
  ["ETH-USD", "ETH", "USD", "0.01", "0.0001", "0.001", "0.001", "0.002", "3000"],
  ["SOL-USD", "SOL", "USD", "0.001", "0.01", "0.1", "0.001", "0.002", "150"],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into accounts (id, name, kind) values
    (${EXTERNAL}, 'external (deposits and withdrawals)', 'system'),
    (${FEES}, 'house fees', 'system')`.execute(db);
  for (const [symbol, base, quote, tick, lot, min, maker, taker, ref] of INSTRUMENTS) {
    await sql`insert into instruments
      (symbol, base_asset, quote_asset, tick_size, lot_size, min_quantity, maker_fee_rate, taker_fee_rate, reference_price)
      values (${symbol}, ${base}, ${quote}, ${tick}, ${lot}, ${min}, ${maker}, ${taker}, ${ref})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const symbols = INSTRUMENTS.map((i) => i[0]);
  await sql`delete from instruments where symbol in (${sql.join(symbols)})`.execute(db);
  await sql`delete from accounts where id in (${EXTERNAL}, ${FEES})`.execute(db);
}
