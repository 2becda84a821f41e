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
    .select(["id", "name", "created_at"])
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
