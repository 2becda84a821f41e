// The per-account event log: every change a client may follow, numbered 1, 2, 3… per account.
import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import { recordset } from "../shared/recordset.ts";
import { collectEvents } from "./committed.ts";
import { NEW_EVENT_COLUMNS } from "./events.table.ts";

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
    from next, ${recordset(
      "e",
      NEW_EVENT_COLUMNS,
      events.map((e, i) => ({ account_id: accountId, ord: i + 1, type: e.type, payload: e.payload })),
    )}
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

/**
 * Events of several accounts appended by one statement of a batch (placement, settlement). Add
 * them in each account's order; `appendSql()` gives the CTEs that append them inside the caller's
 * statement (each account row locked in id order, its sequence moved by its count), `SEQS` the
 * expression that statement selects, and `collect` numbers them from it for after COMMIT.
 */
export class EventBatch {
  readonly #rows: { account_id: string; ord: number; type: string; payload: unknown }[] = [];
  readonly #counts = new Map<string, number>();

  /** The expression to select in the statement as the batch's sequence numbers. */
  static readonly SEQS = sql<
    [string, string | number][] | null
  >`(select json_agg(json_build_array(id, event_seq)) from event_seq)`;

  add(accountId: string, type: string, payload: unknown): void {
    const ord = (this.#counts.get(accountId) ?? 0) + 1;
    this.#counts.set(accountId, ord);
    this.#rows.push({ account_id: accountId, ord, type, payload });
  }

  /** CTEs `event_counts`, `event_accounts`, `event_seq` and `appended`, for a `with` list. */
  appendSql(): RawBuilder<unknown> {
    const counts = [...this.#counts].map(([id, n]) => ({ id, n }));
    const ids = [...this.#counts.keys()];
    return sql`event_counts as (
        select * from jsonb_to_recordset(${JSON.stringify(counts)}::jsonb) as c (id uuid, n int)
      ), event_accounts as (
        select a.id from accounts a where a.id = any(${ids}::uuid[]) order by a.id for no key update
      ), event_seq as (
        update accounts a set event_seq = a.event_seq + c.n from event_counts c, event_accounts l
        where a.id = c.id and l.id = c.id and a.id = any(${ids}::uuid[]) returning a.id, a.event_seq, c.n
      ), appended as (
        insert into events (account_id, seq, type, payload)
        select e.account_id, event_seq.event_seq - event_seq.n + e.ord, e.type, e.payload
        from ${recordset("e", NEW_EVENT_COLUMNS, this.#rows)}
        join event_seq on event_seq.id = e.account_id
      )`;
  }

  /** Numbers the events from the statement's `SEQS` (each account's last) and hands them to transact. */
  collect(trx: Executor, seqs: [string, string | number][] | null): void {
    const last = new Map((seqs ?? []).map(([id, seq]) => [id, BigInt(seq)]));
    collectEvents(
      trx,
      this.#rows.map((e) => {
        const end = last.get(e.account_id);
        const n = this.#counts.get(e.account_id);
        if (end === undefined || n === undefined)
          throw new Error(`no sequence number came back for account ${e.account_id}`);
        return {
          account_id: e.account_id,
          seq: String(end - BigInt(n) + BigInt(e.ord)),
          type: e.type,
          payload: e.payload,
        };
      }),
    );
  }
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

interface Waiter {
  resolve: (seq: string | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads accounts' current `event_seq`, the reads that arrive together in one statement: a read
 * waits for the next statement (never joins one already sent), so it sees every commit that
 * finished before it was asked. At most `maxInFlight` statements run at once; reads that arrive
 * meanwhile go together into the next. Every change of an account's orders moves its `event_seq`
 * in the same transaction, so the number names a version of them (orders.pages.ts).
 */
export class SequenceReader {
  readonly #db: Executor;
  readonly #maxInFlight: number;
  #waiting = new Map<string, Waiter[]>();
  #inFlight = 0;
  #scheduled = false;

  constructor(db: Executor, maxInFlight = 2) {
    this.#db = db;
    this.#maxInFlight = maxInFlight;
  }

  /** The account's last sequence number as text; undefined for an unknown account. */
  read(accountId: string): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(accountId);
      if (waiters === undefined) this.#waiting.set(accountId, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#waiting.size === 0) return;
    this.#scheduled = true;
    // After the callbacks of this turn of the event loop: the reads they ask go in one statement.
    setImmediate(() => {
      this.#scheduled = false;
      this.#send();
    });
  }

  #send(): void {
    const batch = this.#waiting;
    this.#waiting = new Map();
    this.#inFlight++;
    lastSequences(this.#db, [...batch.keys()])
      .then(
        (seqs) => {
          for (const [id, waiters] of batch) for (const w of waiters) w.resolve(seqs.get(id)?.toString());
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight--;
        this.#schedule();
      });
  }
}

/**
 * The last sequence number of each account (0 for an account without events; an unknown account
 * is absent), read with one named prepared statement: primary-key lookups, planned once per
 * connection.
 */
export async function lastSequences(db: Executor, accountIds: string[]): Promise<Map<string, bigint>> {
  if (accountIds.length === 0) return new Map();
  const query = sql`select id, event_seq from accounts where id = any(${accountIds}::uuid[])`;
  const result = await runNamed<{ id: string; event_seq: string }>(db, "account-event-seqs", query);
  return new Map(result.rows.map((r) => [r.id, BigInt(r.event_seq)]));
}
