// The per-account event log: every change a client may follow, numbered 1, 2, 3… per account.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";

export interface NewEvent {
  type: string;
  payload: unknown;
}

/**
 * Appends events to the account's log with the next sequence numbers, in one statement, inside
 * the caller's transaction. The account row lock orders concurrent appends: sequences never skip
 * or repeat. Returns the last sequence number.
 */
export async function appendEvents(db: Executor, accountId: string, events: NewEvent[]): Promise<string> {
  if (events.length === 0) throw new Error("appendEvents needs at least one event");
  const result = await sql<{ seq: string }>`
    with next as (
      update accounts set event_seq = event_seq + ${events.length} where id = ${accountId} returning event_seq
    )
    insert into events (account_id, seq, type, payload)
    select ${accountId}, next.event_seq - ${events.length} + e.ord, e.type, e.payload
    from next, jsonb_to_recordset(${JSON.stringify(events.map((e, i) => ({ ord: i + 1, ...e })))}::jsonb)
      as e (ord int, type text, payload jsonb)
    returning seq`.execute(db);
  const last = result.rows.at(-1)?.seq;
  if (last === undefined) throw new Error(`cannot append events: account ${accountId} does not exist`);
  return last;
}
