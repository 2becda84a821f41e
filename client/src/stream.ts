// The stream of docs/streams.md for Node 24 (global WebSocket) and browsers: authenticates with an
// { op: "auth" } message, keeps the seq of the last account event delivered and resumes after it
// on every reconnect (at connection, so each seq arrives once), reconnects with backoff, and
// subscribes again to the public channels it followed.
import type { Activity, Balance, Fill, Order } from "./http.ts";

export type AccountEvent =
  | { type: "order.updated" | "order.filled"; seq: number; data: Order }
  | { type: "fill.created"; seq: number; data: Fill }
  | { type: "balance.updated"; seq: number; data: Balance }
  | { type: "activity.created"; seq: number; data: Activity };

export type Channel = "ticker" | "book" | "trades" | "candles";

export interface Candle {
  t: string;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
  n: number;
}

export type MarketMessage =
  | {
      type: "ticker";
      symbol: string;
      data: { bid: string | null; ask: string | null; last: string | null; volume_24h: string; ts: string };
    }
  | { type: "book"; symbol: string; data: { bids: [string, string][]; asks: [string, string][]; ts: string } }
  | {
      type: "trades";
      symbol: string;
      data: { id: number | string; price: string; quantity: string; side: string; ts: string }[];
    }
  | { type: "candle"; symbol: string; interval: string; data: Candle; closed: boolean };

export interface Subscription {
  channel: Channel;
  symbol: string;
  /** candles only: 1m, 5m, 15m, 1h or 1d */
  interval?: string;
}

export type StreamState = "connecting" | "open" | "closed";

export interface StreamOptions {
  /** The API's base URL (http[s]://host:port) or the stream's ws[s]:// URL. */
  url: string;
  /** An API key with the read scope; without one only public channels flow. */
  key?: string;
  /** Resume after this seq (one you stored); without it the first connection starts live. */
  afterSeq?: number;
  onEvent?: (event: AccountEvent) => void;
  /** The greeting of each authentication: the account and its last seq at that moment. */
  onAuthenticated?: (greeting: { account_id: string; head_seq: number }) => void;
  onMarket?: (message: MarketMessage) => void;
  /** Errors the server sends and connection states, for a status line. */
  onError?: (error: { code: string; message: string }) => void;
  onState?: (state: StreamState, detail?: { code: number; reason: string }) => void;
  /** Reconnection delays: doubling from `initialMs` up to `maxMs`, with jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** A WebSocket class of your own; the global one by default. */
  WebSocket?: typeof WebSocket;
}

/** Closes after which reconnecting cannot help (bad key, no scope, bad URL). */
const FINAL_CLOSES = new Set([4401, 4403, 1008]);

const streamUrl = (url: string) => {
  const u = new URL(url);
  if (u.protocol === "http:" || u.protocol === "https:") {
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    u.pathname = `${u.pathname.replace(/\/$/, "")}/api/v1/stream`;
  }
  return u.toString();
};

const subscriptionKey = (s: Subscription) => `${s.channel}:${s.symbol}:${s.interval ?? ""}`;

export class BourseStream {
  #o: StreamOptions;
  #url: string;
  #socket: WebSocket | undefined;
  #subscriptions = new Map<string, Subscription>();
  #lastSeq: number | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #state: StreamState = "closed";

  constructor(o: StreamOptions) {
    this.#o = o;
    this.#url = streamUrl(o.url);
    this.#lastSeq = o.afterSeq;
    this.#connect();
  }

  /** The seq of the last account event delivered (or the greeting's head_seq before any). */
  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  get state(): StreamState {
    return this.#state;
  }

  subscribe(s: Subscription): void {
    this.#subscriptions.set(subscriptionKey(s), s);
    this.#send({ op: "subscribe", ...s });
  }

  unsubscribe(s: Subscription): void {
    if (!this.#subscriptions.delete(subscriptionKey(s))) return;
    this.#send({ op: "unsubscribe", ...s });
  }

  /** Stops for good: no reconnect. */
  close(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000, "client closed");
    this.#setState("closed");
  }

  #setState(state: StreamState, detail?: { code: number; reason: string }) {
    this.#state = state;
    this.#o.onState?.(state, detail);
  }

  #send(message: object) {
    if (this.#socket?.readyState === 1) this.#socket.send(JSON.stringify(message));
  }

  #connect() {
    const Socket = this.#o.WebSocket ?? globalThis.WebSocket;
    this.#setState("connecting");
    const socket = new Socket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#o.key !== undefined) {
        const resume = this.#lastSeq === undefined ? {} : { after_seq: this.#lastSeq };
        socket.send(JSON.stringify({ op: "auth", key: this.#o.key, ...resume }));
      }
      for (const s of this.#subscriptions.values()) socket.send(JSON.stringify({ op: "subscribe", ...s }));
      this.#attempt = 0;
      this.#setState("open");
    };
    socket.onmessage = (message: MessageEvent) => {
      if (typeof message.data === "string") this.#receive(JSON.parse(message.data));
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#setState("closed", { code: event.code, reason: event.reason });
      if (this.#stopped || FINAL_CLOSES.has(event.code)) return;
      const { initialMs, maxMs } = this.#o.backoff ?? { initialMs: 250, maxMs: 10_000 };
      const delay = Math.min(maxMs, initialMs * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
      this.#attempt += 1;
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  #receive(m: {
    type: string;
    seq?: number;
    head_seq?: number;
    account_id?: string;
    code?: string;
    message?: string;
  }) {
    if (m.type === "authenticated") {
      if (this.#lastSeq === undefined) this.#lastSeq = m.head_seq;
      this.#o.onAuthenticated?.({ account_id: m.account_id ?? "", head_seq: m.head_seq ?? 0 });
    } else if (typeof m.seq === "number") {
      // A resume at connection sends each seq once; this only guards against a replay overlap.
      if (this.#lastSeq !== undefined && m.seq <= this.#lastSeq) return;
      this.#lastSeq = m.seq;
      this.#o.onEvent?.(m as AccountEvent);
    } else if (m.type === "error") {
      this.#o.onError?.({ code: m.code ?? "", message: m.message ?? "" });
    } else if (m.type === "ticker" || m.type === "book" || m.type === "trades" || m.type === "candle") {
      this.#o.onMarket?.(m as MarketMessage);
    }
  }
}
