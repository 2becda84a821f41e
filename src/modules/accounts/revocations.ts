// Revoked API keys, told to every process over pub/sub: each forgets the key's cached row and
// closes what the key holds open (its streams), so a revocation takes effect everywhere at once
// instead of when caches expire. Delivery is at most once: a process that misses the message
// (the bus down) still refuses the key when its cached row expires, and its streams re-check
// their key on every heartbeat.
import type { Logger } from "../../platform/logger.ts";
import { channels, type PubSub, type Unsubscribe } from "../../platform/pubsub.ts";
import type { Authenticator } from "./authenticator.ts";

export interface RevokedKey {
  id: string;
  prefix: string;
}

/**
 * How long start() and close() wait for the subscription: with the bus down it completes later
 * by itself, or never if the process stops first.
 */
const SUBSCRIBE_WAIT_MS = 1_000;

const atMost = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);

export class KeyRevocations {
  readonly #pubsub: PubSub;
  readonly #authenticator: Authenticator;
  readonly #log: Logger;
  readonly #onRevoked: (key: RevokedKey) => void;
  #unsubscribe: Promise<Unsubscribe | undefined> | undefined;

  constructor(o: {
    pubsub: PubSub;
    authenticator: Authenticator;
    log: Logger;
    /** What else this process drops when a key is revoked (its streams). */
    onRevoked: (key: RevokedKey) => void;
  }) {
    this.#pubsub = o.pubsub;
    this.#authenticator = o.authenticator;
    this.#log = o.log;
    this.#onRevoked = o.onRevoked;
  }

  /** Listens for the revocations of every process. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#pubsub
      .subscribe(channels.revokedKeys, (message) => this.#heard(message))
      .catch((error: unknown) => {
        this.#log.warn(
          { error: String(error) },
          "revoked-key subscription failed; relying on the key cache TTL",
        );
        return undefined;
      });
    await atMost(this.#unsubscribe, SUBSCRIBE_WAIT_MS);
  }

  /** A key this process revoked: dropped here at once, then told to the others. */
  async revoked(key: RevokedKey): Promise<void> {
    this.#apply(key);
    try {
      await this.#pubsub.publish(channels.revokedKeys, JSON.stringify({ id: key.id, prefix: key.prefix }));
    } catch (error) {
      this.#log.warn(
        { error: String(error), key_id: key.id },
        "revoked key not published; other processes refuse it when their cached row expires",
      );
    }
  }

  async close(): Promise<void> {
    const pending = this.#unsubscribe;
    this.#unsubscribe = undefined;
    if (pending === undefined) return;
    const off = await atMost(pending, SUBSCRIBE_WAIT_MS);
    await off?.();
  }

  #heard(message: string): void {
    let key: RevokedKey;
    try {
      const parsed = JSON.parse(message) as Partial<RevokedKey>;
      if (typeof parsed.id !== "string" || typeof parsed.prefix !== "string") throw new Error("not a key");
      key = { id: parsed.id, prefix: parsed.prefix };
    } catch (error) {
      this.#log.error({ error: String(error) }, "bad revoked-key message dropped");
      return;
    }
    this.#apply(key);
  }

  #apply(key: RevokedKey): void {
    this.#authenticator.forget(key.prefix);
    this.#onRevoked(key);
  }
}
