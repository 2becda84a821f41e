// Pending orders by age, for the workers' rescue of orders whose placing process routed them
// itself and died first (src/modules/routing/rescue.ts). Only pending orders are in it: an entry
// is written at placement, and the order leaves it when it is routed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index orders_pending_idx on orders (created_at) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index orders_pending_idx`.execute(db);
}
