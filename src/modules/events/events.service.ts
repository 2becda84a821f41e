// The per-account event log: every change a client may follow, numbered 1, 2, 3… per account.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import { collectEvents } from "./committed.ts";

export interface NewEvent {
  type: string;
  payload: unknown;
}

/**
 * Appends events to the account's log with the next sequence numbers, in one statement, inside
 * the caller's transaction. The account row lock orders concurrent appends: sequences never skip
 * or repeat. Returns the last sequence number. The transaction must come from `transact`, which
 * publishes the events after COMMIT.
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
  collectEvents(
    db,
    events.map((e, i) => ({
      account_id: accountId,
      seq: String(BigInt(last) - BigInt(events.length - 1 - i)),
      ...e,
    })),
  );
  return last;
}

export interface StoredEvent {
  seq: string;
  type: string;
  payload: unknown;
}

/** The account's events after `afterSeq`, oldest first, at most `limit` (the resume of a stream). */
export async function listEventsAfter(
  db: Executor,
  accountId: string,
  afterSeq: bigint,
  limit: number,
): Promise<StoredEvent[]> {
  return await db
    .selectFrom("events")
    .select(["seq", "type", "payload"])
    .where("account_id", "=", accountId)
    .where("seq", ">", String(afterSeq))
    .orderBy("seq")
    .limit(limit)
    .execute();
}

/** The last sequence number of each account (0 for an account without events). */
export async function lastSequences(db: Executor, accountIds: string[]): Promise<Map<string, bigint>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("accounts")
    .select(["id", "event_seq"])
    .where("id", "in", accountIds)
    .execute();
  return new Map(rows.map((r) => [r.id, BigInt(r.event_seq)]));
}
