// SQL of the Idempotency-Key records: one operation per function, over a pool or a transaction.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";

export interface KeyRef {
  owner: string;
  key: string;
}

export interface NewClaim extends KeyRef {
  method: string;
  path: string;
  fingerprint: Buffer;
  claim: string;
  lapseMs: number;
  keepMs: number;
}

/**
 * Claims the key for this request: inserts it, or takes over an expired record, or a claim of the
 * same request whose holder never answered (past `locked_until`). True when this request holds it.
 */
export async function claimKey(db: Executor, c: NewClaim): Promise<boolean> {
  const query = sql`
    insert into idempotency_keys as k (owner, key, method, path, fingerprint, claim, locked_until, expires_at)
    values (${c.owner}, ${c.key}, ${c.method}, ${c.path}, ${c.fingerprint}, ${c.claim}::uuid,
      now() + ${c.lapseMs}::int * interval '1 millisecond', now() + ${c.keepMs}::bigint * interval '1 millisecond')
    on conflict (owner, key) do update set method = excluded.method, path = excluded.path,
      fingerprint = excluded.fingerprint, claim = excluded.claim, locked_until = excluded.locked_until,
      expires_at = excluded.expires_at, status = null, headers = null, body = null, created_at = now()
    where k.expires_at <= now()
      or (k.status is null and k.locked_until <= now() and k.fingerprint = excluded.fingerprint)
    returning claim`;
  const result = await runNamed<{ claim: string }>(db, "idempotency-claim", query);
  return result.rows.length === 1;
}

export interface KeyRecord {
  method: string;
  path: string;
  fingerprint: Buffer;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
}

export async function findKey(db: Executor, ref: KeyRef): Promise<KeyRecord | undefined> {
  return await db
    .selectFrom("idempotency_keys")
    .select(["method", "path", "fingerprint", "status", "headers", "body"])
    .where("owner", "=", ref.owner)
    .where("key", "=", ref.key)
    .executeTakeFirst();
}

/** Keeps the response of the request that holds the claim; false when it no longer holds it. */
export async function keepResponse(
  db: Executor,
  ref: KeyRef & { claim: string },
  response: { status: number; headers: Record<string, string>; body: string },
): Promise<boolean> {
  const query = sql`update idempotency_keys set status = ${response.status},
      headers = ${JSON.stringify(response.headers)}::jsonb, body = ${response.body}, claim = null, locked_until = null
    where owner = ${ref.owner} and key = ${ref.key} and claim = ${ref.claim}::uuid`;
  const result = await runNamed(db, "idempotency-keep", query);
  return (result.numAffectedRows ?? 0n) > 0n;
}

/** Drops the claim (and the record): the next request with the key runs afresh. */
export async function releaseKey(db: Executor, ref: KeyRef & { claim: string }): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("owner", "=", ref.owner)
    .where("key", "=", ref.key)
    .where("claim", "=", ref.claim)
    .execute();
}

/** Deletes up to `limit` expired records; returns how many it deleted. */
export async function deleteExpired(db: Executor, limit: number): Promise<number> {
  const result = await sql`delete from idempotency_keys where (owner, key) in (
      select owner, key from idempotency_keys where expires_at < now() limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
