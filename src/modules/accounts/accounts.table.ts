import type { ColumnType, Generated } from "kysely";

export interface AccountsTable {
  id: string;
  name: string;
  /** Where order confirmations go; none are sent without it. */
  email: string | null;
  kind: ColumnType<"user" | "system", "user" | "system" | undefined, never>;
  event_seq: ColumnType<string, never, string>;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  prefix: string;
  hash: Buffer;
  scopes: ColumnType<ApiKeyScope[], ApiKeyScope[], never>;
  created_at: Generated<Date>;
  revoked_at: ColumnType<Date | null, never, Date>;
  /** Stamped at most once a minute per key and process (authenticator.ts). */
  last_used_at: ColumnType<Date | null, never, Date>;
}

export type ApiKeyScope = "read" | "trade";
