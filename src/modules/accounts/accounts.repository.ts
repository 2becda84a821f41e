import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import type { ApiKeyScope } from "./accounts.table.ts";

export async function insertAccount(db: Executor, row: { id: string; name: string; email: string | null }) {
  return await db
    .insertInto("accounts")
    .values(row)
    .returning(["id", "name", "email", "created_at"])
    .executeTakeFirstOrThrow();
}

export async function findUserAccount(db: Executor, id: string) {
  return await db
    .selectFrom("accounts")
    .select(["id", "name", "email", "created_at"])
    .where("id", "=", id)
    .where("kind", "=", "user")
    .executeTakeFirst();
}

export async function insertApiKey(
  db: Executor,
  row: { id: string; account_id: string; prefix: string; hash: Buffer; scopes: ApiKeyScope[] },
) {
  return await db
    .insertInto("api_keys")
    .values(row)
    .returning(["id", "account_id", "prefix", "scopes", "created_at"])
    .executeTakeFirstOrThrow();
}

export async function findApiKeyByPrefix(db: Executor, prefix: string) {
  return await db
    .selectFrom("api_keys")
    .select(["id", "account_id", "hash", "scopes", "revoked_at"])
    .where("prefix", "=", prefix)
    .executeTakeFirst();
}

export async function revokeApiKey(db: Executor, id: string) {
  return await db
    .updateTable("api_keys")
    .set({ revoked_at: new Date() })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returning(["id", "prefix", "revoked_at"])
    .executeTakeFirst();
}

export async function findApiKey(db: Executor, id: string) {
  return await db
    .selectFrom("api_keys")
    .select(["id", "prefix", "revoked_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** User accounts newest first, those whose name or e-mail contains `q` (any case) when given. */
export async function listUserAccounts(
  db: Executor,
  f: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom("accounts")
    .select(["id", "name", "email", "created_at"])
    .where("kind", "=", "user");
  if (f.q !== undefined) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("name", "ilike", pattern), eb("email", "ilike", pattern)]));
  }
  if (f.cursor !== undefined) query = query.where("id", "<", f.cursor);
  return await query
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
}

/** An account's API keys newest first: never the key or its hash. */
export async function listApiKeys(
  db: Executor,
  accountId: string,
  f: { cursor?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom("api_keys")
    .select(["id", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"])
    .where("account_id", "=", accountId);
  if (f.cursor !== undefined) query = query.where("id", "<", f.cursor);
  return await query
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
}

/**
 * Stamps the key's last use unless a use within the last minute is already stamped (another
 * process may have done it).
 */
export async function touchApiKey(db: Executor, id: string): Promise<void> {
  await sql`update api_keys set last_used_at = now()
    where id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`.execute(db);
}

/**
 * Locks the balances a movement between the account and the external account moves, in the
 * ledger's lock order (account id, then asset), and returns the account's available amount.
 */
export async function lockForTransfer(db: Executor, accountId: string, externalId: string, asset: string) {
  const rows = await sql<{ account_id: string; available: string }>`
    select account_id, available from balances
    where asset = ${asset} and account_id in (${accountId}, ${externalId})
    order by account_id, asset for update`.execute(db);
  return rows.rows.find((r) => r.account_id === accountId)?.available ?? "0";
}
