// Heartbeats of the queue workers that hold job locks: a lock whose worker stopped beating
// (killed process) is released by the sweeper in src/platform/worker-recovery.ts.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table worker_heartbeats (
    worker_id text primary key,
    last_seen_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table worker_heartbeats`.execute(db);
}
