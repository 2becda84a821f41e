// The fee and venue clearing accounts keep their balance in their ledger entries only: their
// `balances` rows were locked by every settlement (see src/modules/ledger/ledger.accounts.ts).
import { type Kysely, sql } from "kysely";

const LEDGER_ONLY = sql`('00000000-0000-7000-8000-000000000002'::uuid, '00000000-0000-7000-8000-000000000003'::uuid)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from balances where account_id in ${LEDGER_ONLY}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`insert into balances (account_id, asset, available, held, is_system)
    select account_id, asset,
      coalesce(sum(amount) filter (where bucket = 'available'), 0),
      coalesce(sum(amount) filter (where bucket = 'held'), 0), true
    from ledger_entries where account_id in ${LEDGER_ONLY}
    group by account_id, asset`.execute(db);
}
