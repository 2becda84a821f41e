// Resolves a bearer key to its account and scopes.
import { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { findApiKeyByPrefix, touchApiKey } from "./accounts.repository.ts";
import type { ApiKeyScope } from "./accounts.table.ts";
import { KEY_PREFIX_LENGTH, keyMatches, looksLikeKey } from "./api-keys.ts";

export interface Principal {
  keyId: string;
  accountId: string;
  scopes: readonly ApiKeyScope[];
}

interface Cached {
  at: number;
  row: Awaited<ReturnType<typeof findApiKeyByPrefix>>;
}

/**
 * A key that did not authenticate. `keyPrefix` is set when the token named an existing key (a wrong
 * secret, or a revoked key), so that failures can be counted against that key as well as the
 * client's address.
 */
export class AuthenticationFailed extends DomainError {
  readonly keyPrefix: string | undefined;
  constructor(message: string, keyPrefix?: string) {
    super("UNAUTHENTICATED", message);
    this.keyPrefix = keyPrefix;
  }
}

const unauthenticated = (message: string) => new AuthenticationFailed(message);

/**
 * Why a token is not a key, in a WebSocket close reason's 123 bytes: the stream closes with it.
 * The admin token sent where a key belongs is the usual mistake, so it is named.
 */
const malformed = (token: string) =>
  token.startsWith("adm_") // how generateAdminToken (api-keys.ts) begins the tokens it makes
    ? "this looks like the admin token, for /api/v1/admin routes only; user routes and the stream take an API key (bk_…)"
    : "the API key is malformed: an account's API key is bk_ followed by 40 characters";

/**
 * Key rows are cached for `ttlMs` so that a busy client does not cost a query per request. Every
 * process is told of a revocation (revocations.ts) and forgets the key at once; the TTL bounds
 * how long a process that missed the message (its bus down) still accepts it. The cache holds
 * hashes only and is safe to lose.
 */
export class Authenticator {
  readonly #db: Executor;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, Cached>();
  /** When this process last stamped each key's `last_used_at`. */
  readonly #touched = new Map<string, number>();
  /** Bumped by every forget(): a row read before it is not cached after it. */
  #generation = 0;
  static readonly MAX_ENTRIES = 10_000;
  /** A key's last use is stamped at most this often per process. */
  static readonly TOUCH_EVERY_MS = 60_000;

  constructor(db: Executor, ttlMs = 2_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  async authenticate(key: string): Promise<Principal> {
    if (!looksLikeKey(key)) throw unauthenticated(malformed(key));
    const prefix = key.slice(0, KEY_PREFIX_LENGTH);
    const row = await this.#lookup(prefix);
    if (row === undefined) throw unauthenticated("unknown API key");
    if (!keyMatches(key, row.hash)) throw new AuthenticationFailed("unknown API key", prefix);
    if (row.revoked_at !== null) throw new AuthenticationFailed("this API key was revoked", prefix);
    this.#touch(row.id);
    return { keyId: row.id, accountId: row.account_id, scopes: row.scopes };
  }

  /**
   * Stamps the key's last use, at most once a minute per key in this process (and the statement
   * skips a stamp another process made within the minute). The request does not wait for it, and
   * a stamp lost to an error is harmless: the next minute's use stamps it.
   */
  #touch(keyId: string): void {
    const now = Date.now();
    const last = this.#touched.get(keyId);
    if (last !== undefined && now - last < Authenticator.TOUCH_EVERY_MS) return;
    if (this.#touched.size >= Authenticator.MAX_ENTRIES) this.#touched.clear();
    this.#touched.set(keyId, now);
    touchApiKey(this.#db, keyId).catch(() => undefined);
  }

  /**
   * Whether the key authenticated earlier (by its prefix and id) is still valid: for long-lived
   * connections, which check now and then instead of holding the key itself.
   */
  async isActive(prefix: string, keyId: string): Promise<boolean> {
    const row = await this.#lookup(prefix);
    return row !== undefined && row.id === keyId && row.revoked_at === null;
  }

  forget(prefix: string): void {
    this.#generation++;
    this.#cache.delete(prefix);
  }

  async #lookup(prefix: string): Promise<Cached["row"]> {
    const hit = this.#cache.get(prefix);
    if (hit !== undefined && Date.now() - hit.at < this.#ttlMs) return hit.row;
    const generation = this.#generation;
    const row = await findApiKeyByPrefix(this.#db, prefix);
    // A revocation heard while this read ran may postdate it: the row is used once, not kept.
    if (this.#ttlMs > 0 && generation === this.#generation) {
      if (this.#cache.size >= Authenticator.MAX_ENTRIES) this.#cache.clear();
      this.#cache.set(prefix, { at: Date.now(), row });
    }
    return row;
  }
}
