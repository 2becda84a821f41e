// The `candles` channel of one API process: per symbol one pub/sub subscription to the bars the
// market-data route changed; per symbol and interval the current bar, sent to its subscribers at
// most once per `throttleMs` (the last state wins) and once more with `closed: true` when its
// bucket has ended: as soon as a later bar arrives, or `closeGraceMs` after the bucket's end,
// re-read from PostgreSQL so that a close missed on pub/sub is still right.
import type { Logger } from "../../platform/logger.ts";
import { channels, type PubSub, type Unsubscribe } from "../../platform/pubsub.ts";
import { INTERVAL_MS, type Interval } from "../market/candles.bars.ts";
import { candleAt, latestCandle } from "../market/candles.repository.ts";
import { type CandleUpdate, type CandleView, candleView } from "../market/candles.service.ts";
import type { Executor } from "../shared/executor.ts";

export type CandleListener = (text: string) => void;

interface Slot {
  listeners: Set<CandleListener>;
  /** Subscribers waiting for their snapshot: the slot stays while there are any. */
  joining: number;
  current: CandleView | undefined;
  sentAt: number;
  /** Open time of the last bar sent closed. */
  closedT: string | undefined;
  trailing: NodeJS.Timeout | undefined;
  closer: { t: string; timer: NodeJS.Timeout } | undefined;
}

interface Followed {
  slots: Map<Interval, Slot>;
  unsubscribe: Promise<Unsubscribe | undefined>;
}

const MAX_TIMER_MS = 2_147_483_647;

const endOf = (bar: CandleView, interval: Interval) => Date.parse(bar.t) + INTERVAL_MS[interval];

export class CandleRelay {
  readonly #db: Executor;
  readonly #pubsub: PubSub;
  readonly #log: Logger;
  readonly #throttleMs: number;
  readonly #closeGraceMs: number;
  readonly #now: () => number;
  readonly #symbols = new Map<string, Followed>();

  constructor(o: {
    db: Executor;
    pubsub: PubSub;
    log: Logger;
    throttleMs?: number;
    closeGraceMs?: number;
    /** The clock that decides when a bucket has ended (tests move it). */
    now?: () => number;
  }) {
    this.#db = o.db;
    this.#pubsub = o.pubsub;
    this.#log = o.log;
    this.#throttleMs = o.throttleMs ?? 1_000;
    this.#closeGraceMs = o.closeGraceMs ?? 2_000;
    this.#now = o.now ?? Date.now;
  }

  /** Adds a subscriber and sends it the latest bar (a snapshot), if the symbol has one. */
  async follow(symbol: string, interval: Interval, listener: CandleListener): Promise<void> {
    let followed = this.#symbols.get(symbol);
    if (followed === undefined) {
      const slots = new Map<Interval, Slot>();
      const unsubscribe = this.#pubsub
        .subscribe(channels.market("candles", symbol), (message) => this.#receive(symbol, slots, message))
        .catch((error: unknown) => {
          this.#log.warn({ symbol, error: String(error) }, "candles subscription failed");
          return undefined;
        });
      followed = { slots, unsubscribe };
      this.#symbols.set(symbol, followed);
    }
    let slot = followed.slots.get(interval);
    if (slot === undefined) {
      slot = {
        listeners: new Set(),
        joining: 0,
        current: undefined,
        sentAt: 0,
        closedT: undefined,
        trailing: undefined,
        closer: undefined,
      };
      followed.slots.set(interval, slot);
    }
    // Subscribed before the read: a change committed after it arrives on the channel. The listener
    // joins after the read, so the snapshot is its first message and it gets no copy of it.
    slot.joining++;
    try {
      await Promise.race([followed.unsubscribe, new Promise((r) => setTimeout(r, 1_000).unref())]);
      const latest = await latestCandle(this.#db, symbol, interval);
      if (latest !== undefined) this.#adopt(symbol, interval, slot, candleView(latest));
    } catch (error) {
      slot.joining--;
      // Leaves as any subscriber does, so a slot nobody follows is not kept.
      slot.listeners.add(listener);
      this.unfollow(symbol, interval, listener);
      throw error;
    }
    slot.joining--;
    slot.listeners.add(listener);
    const bar = slot.current;
    if (bar === undefined) return;
    const closed = slot.closedT === bar.t || endOf(bar, interval) + this.#closeGraceMs <= this.#now();
    listener(this.#text(symbol, interval, bar, closed));
  }

  unfollow(symbol: string, interval: Interval, listener: CandleListener): void {
    const followed = this.#symbols.get(symbol);
    const slot = followed?.slots.get(interval);
    if (followed === undefined || slot === undefined || !slot.listeners.delete(listener)) return;
    if (slot.listeners.size > 0 || slot.joining > 0) return;
    this.#stop(slot);
    followed.slots.delete(interval);
    if (followed.slots.size > 0) return;
    this.#symbols.delete(symbol);
    void followed.unsubscribe.then((off) => off?.()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const all = [...this.#symbols.values()];
    this.#symbols.clear();
    for (const f of all) for (const slot of f.slots.values()) this.#stop(slot);
    await Promise.allSettled(all.map(async (f) => (await f.unsubscribe)?.()));
  }

  #receive(symbol: string, slots: Map<Interval, Slot>, message: string): void {
    let updates: CandleUpdate[];
    try {
      updates = JSON.parse(message) as CandleUpdate[];
    } catch (error) {
      this.#log.error({ symbol, error: String(error) }, "bad candles message dropped");
      return;
    }
    for (const { interval, ...bar } of updates) {
      const slot = slots.get(interval);
      if (slot !== undefined) this.#adopt(symbol, interval, slot, bar);
    }
  }

  /** Takes a bar newer than (or as new as) the current one; a later bucket closes the current one. */
  #adopt(symbol: string, interval: Interval, slot: Slot, bar: CandleView): void {
    const current = slot.current;
    if (current !== undefined) {
      if (bar.t < current.t) return;
      if (bar.t === current.t && bar.n < current.n) return;
      if (bar.t === current.t && bar.n === current.n && bar.v === current.v) return;
      if (bar.t > current.t) this.#sendClosed(symbol, interval, slot, current);
    }
    slot.current = bar;
    if (slot.closedT === bar.t) return;
    // Its bucket is over (a late delivery, or a snapshot of a quiet market): closed at once.
    if (endOf(bar, interval) + this.#closeGraceMs <= this.#now()) {
      this.#sendClosed(symbol, interval, slot, bar);
      return;
    }
    this.#armCloser(symbol, interval, slot, bar);
    const wait = slot.sentAt + this.#throttleMs - this.#now();
    if (wait <= 0) {
      this.#sendOpen(symbol, interval, slot);
    } else if (slot.trailing === undefined) {
      slot.trailing = setTimeout(() => {
        slot.trailing = undefined;
        this.#sendOpen(symbol, interval, slot);
      }, wait);
      slot.trailing.unref();
    }
  }

  #sendOpen(symbol: string, interval: Interval, slot: Slot): void {
    const bar = slot.current;
    if (bar === undefined || slot.closedT === bar.t) return;
    slot.sentAt = this.#now();
    this.#broadcast(slot, this.#text(symbol, interval, bar, false));
  }

  #sendClosed(symbol: string, interval: Interval, slot: Slot, bar: CandleView): void {
    if (slot.closedT === bar.t) return;
    slot.closedT = bar.t;
    clearTimeout(slot.trailing);
    slot.trailing = undefined;
    if (slot.closer?.t === bar.t) {
      clearTimeout(slot.closer.timer);
      slot.closer = undefined;
    }
    this.#broadcast(slot, this.#text(symbol, interval, bar, true));
  }

  /** At the bucket's end (and the grace), the stored bar goes out closed. */
  #armCloser(symbol: string, interval: Interval, slot: Slot, bar: CandleView): void {
    if (slot.closer?.t === bar.t) return;
    if (slot.closer !== undefined) clearTimeout(slot.closer.timer);
    // At most what a timer takes: a bar stamped far ahead by a venue's clock is checked again then.
    const delay = Math.min(
      MAX_TIMER_MS,
      Math.max(0, endOf(bar, interval) + this.#closeGraceMs - this.#now()),
    );
    const timer = setTimeout(() => {
      slot.closer = undefined;
      if (endOf(bar, interval) + this.#closeGraceMs > this.#now())
        this.#armCloser(symbol, interval, slot, bar);
      else void this.#closeFromStore(symbol, interval, slot, bar.t);
    }, delay);
    timer.unref();
    slot.closer = { t: bar.t, timer };
  }

  async #closeFromStore(symbol: string, interval: Interval, slot: Slot, t: string): Promise<void> {
    let stored: CandleView | undefined;
    try {
      const row = await candleAt(this.#db, symbol, interval, new Date(t));
      stored = row === undefined ? undefined : candleView(row);
    } catch (error) {
      this.#log.warn({ symbol, interval, error: String(error) }, "closing candle read failed; sent as known");
    }
    const current = slot.current;
    if (current === undefined || current.t !== t) return;
    const final = stored !== undefined && stored.n >= current.n ? stored : current;
    slot.current = final;
    this.#sendClosed(symbol, interval, slot, final);
  }

  #stop(slot: Slot): void {
    clearTimeout(slot.trailing);
    if (slot.closer !== undefined) clearTimeout(slot.closer.timer);
    slot.trailing = undefined;
    slot.closer = undefined;
  }

  #broadcast(slot: Slot, text: string): void {
    for (const l of slot.listeners) l(text);
  }

  #text(symbol: string, interval: Interval, bar: CandleView, closed: boolean): string {
    return JSON.stringify({ type: "candle", symbol, interval, data: bar, closed });
  }
}
