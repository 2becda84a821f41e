import type { ColumnType, Generated } from "kysely";

/** The first response to a write sent with an Idempotency-Key, kept per credential until it expires. */
export interface IdempotencyKeysTable {
  /** The credential: `key:<API key id>`, or `admin:<digest of the admin token>`. */
  owner: string;
  key: string;
  method: string;
  path: string;
  /** SHA-256 of the method, the path with its query and the JSON body. */
  fingerprint: Buffer;
  /** The request that holds the key while it runs; null once its response is kept. */
  claim: string | null;
  /** Past this, a claim whose request never answered (its process died) may be taken over. */
  locked_until: Date | null;
  status: number | null;
  headers: ColumnType<Record<string, string> | null, string | null, string | null>;
  body: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
}
