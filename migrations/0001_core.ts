// Core tables: accounts, API keys, instruments, balances, the ledger, orders and the event log.
import { type Kysely, sql } from "kysely";

const up_ = [
  `create table accounts (
    id uuid primary key,
    name text not null check (length(name) between 1 and 100),
    kind text not null default 'user' check (kind in ('user', 'system')),
    event_seq bigint not null default 0,
    created_at timestamptz not null default now()
  )`,
  `create table api_keys (
    id uuid primary key,
    account_id uuid not null references accounts (id),
    prefix text not null unique,
    hash bytea not null,
    scopes text[] not null check (scopes <@ array['read', 'trade']::text[] and cardinality(scopes) > 0),
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,
  "create index api_keys_account_idx on api_keys (account_id)",
  `create table instruments (
    symbol text primary key check (symbol ~ '^[A-Z0-9_-]{1,20}$'),
    base_asset text not null,
    quote_asset text not null,
    tick_size numeric not null check (tick_size > 0),
    lot_size numeric not null check (lot_size > 0),
    min_quantity numeric not null check (min_quantity > 0),
    maker_fee_rate numeric not null check (maker_fee_rate >= 0 and maker_fee_rate < 1),
    taker_fee_rate numeric not null check (taker_fee_rate >= 0 and taker_fee_rate < 1),
    reference_price numeric not null check (reference_price > 0),
    status text not null default 'trading' check (status in ('trading', 'halted')),
    created_at timestamptz not null default now()
  )`,
  `create table balances (
    account_id uuid not null references accounts (id),
    asset text not null,
    available numeric not null default 0,
    held numeric not null default 0,
    is_system boolean not null default false,
    updated_at timestamptz not null default now(),
    primary key (account_id, asset),
    constraint balances_not_negative check (is_system or (available >= 0 and held >= 0))
  )`,
  `create table ledger_entries (
    id uuid primary key,
    journal_id uuid not null,
    account_id uuid not null references accounts (id),
    asset text not null,
    bucket text not null check (bucket in ('available', 'held')),
    amount numeric not null check (amount <> 0),
    kind text not null,
    order_id uuid,
    created_at timestamptz not null default now()
  )`,
  "create index ledger_entries_account_idx on ledger_entries (account_id, asset, created_at)",
  `create table orders (
    id uuid primary key,
    account_id uuid not null references accounts (id),
    client_order_id text,
    request_hash text,
    symbol text not null references instruments (symbol),
    side text not null check (side in ('buy', 'sell')),
    order_type text not null check (order_type in ('market', 'limit', 'stop', 'stop_limit')),
    time_in_force text not null check (time_in_force in ('gtc', 'ioc', 'fok', 'day')),
    quantity numeric not null check (quantity > 0),
    price numeric check (price > 0),
    trigger_price numeric check (trigger_price > 0),
    slippage_tolerance numeric,
    status text not null default 'pending'
      check (status in ('pending', 'open', 'partially_filled', 'filled', 'cancelled', 'expired', 'rejected', 'failed')),
    filled_quantity numeric not null default 0 check (filled_quantity >= 0 and filled_quantity <= quantity),
    average_fill_price numeric,
    reject_reason text,
    hold_asset text not null,
    hold_amount numeric not null check (hold_amount >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint orders_client_order_id_key unique (account_id, client_order_id)
  )`,
  "create index orders_account_idx on orders (account_id, id desc)",
  "create index orders_account_symbol_idx on orders (account_id, symbol, id desc)",
  `create index orders_open_idx on orders (account_id, id desc)
    where status in ('pending', 'open', 'partially_filled')`,
  `create table events (
    account_id uuid not null references accounts (id),
    seq bigint not null,
    type text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    primary key (account_id, seq)
  )`,
];

const down_ = [
  "drop table events",
  "drop table orders",
  "drop table ledger_entries",
  "drop table balances",
  "drop table instruments",
  "drop table api_keys",
  "drop table accounts",
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
