// Events reach the outside only once committed. A transaction opened with `transact` collects the
// events its writes append; after COMMIT they go to the database's listener (cache invalidation,
// pub/sub fan-out). A listener failure never undoes or fails the write: the event log in
// PostgreSQL stays the source of truth, and stream clients catch up from it.
import type { Transaction } from "kysely";
import type { Database } from "../database.ts";
import type { Executor } from "../shared/executor.ts";

export interface CommittedEvent {
  account_id: string;
  seq: string;
  type: string;
  payload: unknown;
}

export type CommitListener = (events: CommittedEvent[]) => Promise<void>;

const listeners = new WeakMap<Executor, CommitListener>();
const collected = new WeakMap<Executor, CommittedEvent[]>();

/** Sets the one listener of this database's committed events (app wiring). */
export function onCommittedEvents(db: Executor, listener: CommitListener): void {
  listeners.set(db, listener);
}

/**
 * Runs `fn` in a transaction; after COMMIT, hands the events it appended to the listener and
 * waits for it, so a client that reads back its own change after the response sees it.
 */
export async function transact<T>(db: Executor, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const events: CommittedEvent[] = [];
  const result = await db.transaction().execute(async (trx) => {
    collected.set(trx, events);
    return await fn(trx);
  });
  const listener = listeners.get(db);
  if (events.length > 0 && listener !== undefined) await listener(events);
  return result;
}

/** Called by whatever appends to the event log, inside the transaction. */
export function collectEvents(trx: Executor, events: CommittedEvent[]): void {
  const list = collected.get(trx);
  if (list === undefined) {
    throw new Error("events are appended outside transact(): open the transaction with transact(db, fn)");
  }
  list.push(...events);
}
