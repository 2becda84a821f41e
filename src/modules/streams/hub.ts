// The stream hub of one API process: which sessions follow which account and market channel,
// one pub/sub subscription per channel in use, and a catch-up tick. Pub/sub is the fast path and
// may lose messages (Redis down, a writer killed between COMMIT and publish); the tick compares
// each followed account's last sequence number in PostgreSQL with its sessions' cursors and
// sends what they miss, so no client waits longer than one tick for a committed event.
import type { Logger } from "../../platform/logger.ts";
import { channels, type MarketChannel, type PubSub, type Unsubscribe } from "../../platform/pubsub.ts";
import { lastSequences, listEventsAfter } from "../events/events.service.ts";
import type { Executor } from "../shared/executor.ts";
import { CLOSE, type EventSource, Session, type StreamSocket } from "./session.ts";
import { decodeBatch, toWire } from "./wire.ts";

interface Followed<T> {
  members: Set<T>;
  unsubscribe: Promise<Unsubscribe | undefined>;
}

export interface HubOptions {
  db: Executor;
  pubsub: PubSub;
  log: Logger;
  catchUpMs: number;
  maxBufferBytes: number;
  onSent?: (type: string, count: number) => void;
}

/** Waits for a subscription while Redis is down at most this long; it completes later by itself. */
const settledWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

/** A market-data subscriber: a function that takes the message text. */
export type MarketListener = (text: string) => void;

export class StreamHub {
  readonly #o: HubOptions;
  readonly #accounts = new Map<string, Followed<Session>>();
  readonly #markets = new Map<string, Followed<MarketListener>>();
  readonly #timer: NodeJS.Timeout;
  #ticking = false;

  constructor(o: HubOptions) {
    this.#o = o;
    this.#timer = setInterval(() => void this.#tick(), o.catchUpMs);
    this.#timer.unref();
  }

  /** The account's events from the log, as sent to clients. */
  source(accountId: string): EventSource {
    return async (afterSeq, limit) =>
      (await listEventsAfter(this.#o.db, accountId, afterSeq, limit)).map(toWire);
  }

  async lastSeq(accountId: string): Promise<bigint> {
    return (await lastSequences(this.#o.db, [accountId])).get(accountId) ?? 0n;
  }

  /**
   * Starts a session live after the account's current last event. Subscribes first and reads the
   * sequence after, so an event is either at or below the cursor, or arrives on the channel (or
   * at the next tick, when the subscription was late).
   */
  async open(
    accountId: string,
    socket: StreamSocket,
    o: {
      /** The API key the client authenticated with (see closeKey). */
      keyId: string;
      /** Start after this event instead of the last one (a resume at connection). */
      afterSeq?: bigint | undefined;
      /** The first message, given the account's last seq; sent before any event. */
      greeting: (last: bigint) => string;
    },
  ): Promise<{ session: Session; last: bigint }> {
    let followed = this.#accounts.get(accountId);
    if (followed === undefined) {
      const members = new Set<Session>();
      const unsubscribe = this.#subscribe(channels.account(accountId), (message) => {
        const events = decodeBatch(message);
        for (const s of members) this.#guard(s.offer(events));
      });
      followed = { members, unsubscribe };
      this.#accounts.set(accountId, followed);
    }
    await settledWithin(followed.unsubscribe, 1_000);
    const last = await this.lastSeq(accountId);
    const cursor = o.afterSeq !== undefined && o.afterSeq <= last ? o.afterSeq : last;
    const session = new Session({
      accountId,
      keyId: o.keyId,
      socket,
      source: this.source(accountId),
      cursor,
      maxBufferBytes: this.#o.maxBufferBytes,
      onSent: (n) => this.#o.onSent?.("event", n),
    });
    // Queued before the session can receive a live event: greeting, then the replay, then live.
    this.#guard(session.sendControl(o.greeting(last)));
    if (cursor < last) this.#guard(session.catchUp(last));
    followed.members.add(session);
    return { session, last };
  }

  leave(session: Session): void {
    const followed = this.#accounts.get(session.accountId);
    if (followed === undefined || !followed.members.delete(session) || followed.members.size > 0) return;
    this.#accounts.delete(session.accountId);
    void followed.unsubscribe.then((off) => off?.()).catch(() => undefined);
  }

  async follow(channel: MarketChannel, symbol: string, listener: MarketListener): Promise<void> {
    const name = channels.market(channel, symbol);
    let followed = this.#markets.get(name);
    if (followed === undefined) {
      const members = new Set<MarketListener>();
      const unsubscribe = this.#subscribe(name, (message) => {
        const text = `{"type":${JSON.stringify(channel)},"symbol":${JSON.stringify(symbol)},"data":${message}}`;
        for (const l of members) l(text);
      });
      followed = { members, unsubscribe };
      this.#markets.set(name, followed);
    }
    followed.members.add(listener);
    await settledWithin(followed.unsubscribe, 1_000);
  }

  unfollow(channel: MarketChannel, symbol: string, listener: MarketListener): void {
    const name = channels.market(channel, symbol);
    const followed = this.#markets.get(name);
    if (followed === undefined || !followed.members.delete(listener) || followed.members.size > 0) return;
    this.#markets.delete(name);
    void followed.unsubscribe.then((off) => off?.()).catch(() => undefined);
  }

  /** Closes the sessions of a revoked key (4401); the client must not reconnect with it. */
  closeKey(keyId: string): void {
    for (const f of this.#accounts.values()) {
      for (const s of f.members) {
        if (s.keyId === keyId) s.close(CLOSE.unauthenticated, "this API key was revoked");
      }
    }
  }

  /** Closes every session (1001, going away): clients reconnect elsewhere and resume. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const f of this.#accounts.values()) {
      for (const s of f.members) s.close(CLOSE.goingAway, "server shutting down");
    }
    const all = [...this.#accounts.values(), ...this.#markets.values()];
    this.#accounts.clear();
    this.#markets.clear();
    await Promise.allSettled(all.map(async (f) => (await f.unsubscribe)?.()));
  }

  /** Subscribes; a bus that is down is not fatal (the tick covers accounts; market data waits). */
  #subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe | undefined> {
    return this.#o.pubsub
      .subscribe(channel, (message) => {
        try {
          handler(message);
        } catch (error) {
          this.#o.log.error({ channel, error: String(error) }, "bad pub/sub message dropped");
        }
      })
      .catch((error: unknown) => {
        this.#o.log.warn({ channel, error: String(error) }, "pub/sub subscription failed");
        return undefined;
      });
  }

  async #tick(): Promise<void> {
    if (this.#ticking || this.#accounts.size === 0) return;
    this.#ticking = true;
    try {
      const last = await lastSequences(this.#o.db, [...this.#accounts.keys()]);
      for (const [accountId, followed] of this.#accounts) {
        const seq = last.get(accountId) ?? 0n;
        for (const s of followed.members) if (s.cursor < seq) this.#guard(s.catchUp(seq));
      }
    } catch (error) {
      this.#o.log.warn({ error: String(error) }, "stream catch-up failed; retrying at the next tick");
    } finally {
      this.#ticking = false;
    }
  }

  #guard(work: Promise<void>): void {
    work.catch((error: unknown) => this.#o.log.error({ error: String(error) }, "stream session failed"));
  }
}
