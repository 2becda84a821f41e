// The account's history and retried writes: Idempotency-Key records (kept per credential, purged
// by a schedule once expired), when each API key was last used, an index of the ledger entries an
// account's activities are read from, and trade journals named by the fill they record (a trade's
// journal id is its fill's id, so the ledger links each fill to the money it moved).
import { type Kysely, sql } from "kysely";

const SYSTEM_ACCOUNTS = `'00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000003'`;

const up_ = [
  `create table idempotency_keys (
    owner text not null,
    key text not null check (length(key) between 1 and 255),
    method text not null,
    path text not null,
    fingerprint bytea not null,
    claim uuid,
    locked_until timestamptz,
    status smallint,
    headers jsonb,
    body text,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    primary key (owner, key)
  )`,
  "create index idempotency_keys_expires_idx on idempotency_keys (expires_at)",
  "alter table api_keys add column last_used_at timestamptz",
  // Only the user accounts' movements an account holder sees (the system accounts' side of every
  // trade, and holds and releases, stay out of it).
  `create index ledger_entries_activity_idx on ledger_entries (account_id, journal_id desc)
    where kind in ('deposit', 'withdrawal', 'trade') and account_id not in (${SYSTEM_ACCOUNTS})`,
  // Trade journals written before their ids were their fills': matched in order per order (both
  // were numbered in report order).
  `with j as (
      select order_id, journal_id, row_number() over (partition by order_id order by journal_id) as n
      from (select distinct order_id, journal_id from ledger_entries where kind = 'trade') t),
    f as (select order_id, id, row_number() over (partition by order_id order by id) as n from fills)
    update ledger_entries e set journal_id = f.id
    from j join f on f.order_id = j.order_id and f.n = j.n
    where e.kind = 'trade' and e.journal_id = j.journal_id and e.journal_id <> f.id`,
];

const down_ = [
  "drop index ledger_entries_activity_idx",
  "alter table api_keys drop column last_used_at",
  "drop table idempotency_keys",
];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, up_);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await run(db, down_);
}
