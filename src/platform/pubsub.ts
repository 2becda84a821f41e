// Publish/subscribe of short messages between processes: Redis channels in production, an
// in-process bus in embedded mode (one process only). Delivery is at most once: whatever must not
// be lost lives in PostgreSQL, and subscribers catch up from there (see modules/streams).
export type MessageHandler = (message: string) => void;

export interface PubSub {
  /** Sends to every subscriber of the channel, in every process. Rejects when the bus is down. */
  publish(channel: string, message: string): Promise<void>;
  /** Starts delivering the channel's messages to the handler; resolves once subscribed. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
}

export type Unsubscribe = () => Promise<void>;

/** Channel names, one place: per account events, per market-data stream, revoked API keys. */
export const channels = {
  account: (accountId: string) => `events:${accountId}`,
  market: (channel: MarketChannel, symbol: string) => `market:${channel}:${symbol}`,
  revokedKeys: "keys:revoked",
};

export type MarketChannel = "ticker" | "trades" | "book" | "candles";

/** Handlers per channel, with the first subscription and the last unsubscription reported. */
export class Subscriptions {
  readonly #handlers = new Map<string, Set<MessageHandler>>();

  /** Returns true when this is the channel's first handler. */
  add(channel: string, handler: MessageHandler): boolean {
    let set = this.#handlers.get(channel);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(channel, set);
    }
    set.add(handler);
    return first;
  }

  /** Returns true when the channel has no handler left. */
  remove(channel: string, handler: MessageHandler): boolean {
    const set = this.#handlers.get(channel);
    if (set === undefined) return false;
    set.delete(handler);
    if (set.size > 0) return false;
    this.#handlers.delete(channel);
    return true;
  }

  deliver(channel: string, message: string): void {
    const set = this.#handlers.get(channel);
    if (set === undefined) return;
    for (const handler of set) handler(message);
  }

  get channels(): string[] {
    return [...this.#handlers.keys()];
  }
}

/** The in-process bus: valid for one process only (embedded mode and tests). */
export class MemoryPubSub implements PubSub {
  readonly #subs = new Subscriptions();

  async publish(channel: string, message: string): Promise<void> {
    // Delivered on a later tick, as a network bus would: a publisher never runs subscriber code.
    queueMicrotask(() => this.#subs.deliver(channel, message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    this.#subs.add(channel, handler);
    return async () => {
      this.#subs.remove(channel, handler);
    };
  }

  async close(): Promise<void> {}
}
