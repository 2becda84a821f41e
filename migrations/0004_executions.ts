// Executions: the inbox of venue execution reports, the fills they settle into, positions, and
// the venue's clearing account (the ledger counterparty of every trade with the venue).
import { type Kysely, sql } from "kysely";

const VENUE = "00000000-0000-7000-8000-000000000003";

const up_ = [
  `create table execution_reports (
    execution_id text primary key,
    inbox_seq bigint generated always as identity unique,
    order_id uuid not null,
    type text not null check (type in ('trade', 'cancelled', 'expired', 'rejected', 'accepted')),
    payload jsonb not null,
    received_at timestamptz not null default now(),
    settled_at timestamptz
  )`,
  "create index execution_reports_unsettled_idx on execution_reports (order_id, inbox_seq) where settled_at is null",
  `create table fills (
    id uuid primary key,
    execution_id text not null unique references execution_reports (execution_id),
    order_id uuid not null references orders (id),
    account_id uuid not null references accounts (id),
    symbol text not null,
    side text not null check (side in ('buy', 'sell')),
    quantity numeric not null check (quantity > 0),
    price numeric not null check (price > 0),
    fee numeric not null check (fee >= 0),
    fee_asset text not null,
    liquidity text not null check (liquidity in ('maker', 'taker')),
    executed_at timestamptz not null
  )`,
  "create index fills_account_idx on fills (account_id, id desc)",
  "create index fills_order_idx on fills (order_id, id)",
  `create table positions (
    account_id uuid not null references accounts (id),
    symbol text not null references instruments (symbol),
    quantity numeric not null default 0,
    average_entry_price numeric not null default 0,
    realized_pnl numeric not null default 0,
    updated_at timestamptz not null default now(),
    primary key (account_id, symbol)
  )`,
  `insert into accounts (id, name, kind) values ('${VENUE}', 'venue clearing', 'system')`,
];

const down_ = [
  `delete from accounts where id = '${VENUE}'`,
  "drop table positions",
  "drop table fills",
  "drop table execution_reports",
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
