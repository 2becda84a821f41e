import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";

/**
 * Appends an event to the account's log with the next per-account sequence number, in one
 * statement. The account row lock orders concurrent appends: sequences never skip or repeat.
 */
export async function appendEvent(
  db: Executor,
  accountId: string,
  type: string,
  payload: unknown,
): Promise<string> {
  const result = await sql<{ seq: string }>`
    with next as (update accounts set event_seq = event_seq + 1 where id = ${accountId} returning event_seq)
    insert into events (account_id, seq, type, payload)
    select ${accountId}, event_seq, ${type}, ${JSON.stringify(payload)}::jsonb from next
    returning seq`.execute(db);
  const seq = result.rows[0]?.seq;
  if (seq === undefined) throw new Error(`cannot append event: account ${accountId} does not exist`);
  return seq;
}

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
