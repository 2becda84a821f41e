// Reports (generated files such as daily statements, stored in the blob store) and the end-of-day
// settlement runs that fan out one statement per account and end in one summary.
import { type Kysely, sql } from "kysely";

const up_ = [
  `create table settlement_runs (
    id uuid primary key,
    date date not null unique,
    total integer not null check (total >= 0),
    done integer not null default 0,
    status text not null default 'running' check (status in ('running', 'summarizing', 'complete')),
    summary jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    completed_at timestamptz,
    constraint settlement_runs_done_check check (done between 0 and total)
  )`,
  `create table reports (
    id uuid primary key,
    account_id uuid not null references accounts (id),
    kind text not null check (kind in ('daily_statement')),
    date date not null,
    status text not null default 'queued' check (status in ('queued', 'running', 'ready', 'failed')),
    blob_key text,
    error text,
    settlement_run_id uuid references settlement_runs (id),
    counted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint reports_ready_has_blob check (status <> 'ready' or blob_key is not null)
  )`,
  "create index reports_account_idx on reports (account_id, id desc)",
  "create index reports_settlement_run_idx on reports (settlement_run_id) where settlement_run_id is not null",
  // A statement reads one account's fills of one day.
  "create index fills_account_executed_idx on fills (account_id, executed_at)",
];

const down_ = ["drop index fills_account_executed_idx", "drop table reports", "drop table settlement_runs"];

async function run(db: Kysely<unknown>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, up_);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await run(db, down_);
}
