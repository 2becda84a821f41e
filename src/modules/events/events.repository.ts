import type { Executor } from "../shared/executor.ts";

export async function listEventsAfter(db: Executor, accountId: string, afterSeq: string, limit: number) {
  return await db
    .selectFrom("events")
    .select(["seq", "type", "payload", "created_at"])
    .where("account_id", "=", accountId)
    .where("seq", ">", afterSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
}
