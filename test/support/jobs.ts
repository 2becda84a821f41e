import { sql } from "kysely";
import type { Db } from "../../src/modules/database.ts";

/**
 * Queued jobs of a task, by payload.order_id or payload.order_ids (null: jobs with an order whose
 * row does not exist).
 */
export async function countJobs(db: Db, task: string, orderId: string | null): Promise<number> {
  const match =
    orderId === null
      ? sql`exists (select 1 from jsonb_array_elements_text(coalesce(j.payload::jsonb -> 'order_ids',
          jsonb_build_array(j.payload->>'order_id'))) as x (id)
          where not exists (select 1 from orders o where o.id = x.id::uuid))`
      : sql`(j.payload->>'order_id' = ${orderId} or coalesce(j.payload::jsonb -> 'order_ids', '[]') ? ${orderId})`;
  const r = await sql<{ n: number }>`select count(*)::int as n
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = ${task} and ${match}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
