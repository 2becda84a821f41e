// Replaces of one order take turns: the order records which replace (or reconciler pass) may
// write its terms next, and until when a replace in flight keeps that turn.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders add column replace_turn uuid, add column replace_turn_until timestamptz`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders drop column replace_turn, drop column replace_turn_until`.execute(db);
}
