// One stream per signed-in tab, shared by the market panels and the account tables: each panel
// adds its listener and its subscriptions; the stream resumes and re-subscribes after a drop.
import {
  type AccountEvent,
  BourseStream,
  type MarketMessage,
  type StreamState,
  type Subscription,
} from "@bourse/client";

type Listener<T> = (value: T) => void;

export class Feed {
  readonly stream: BourseStream;
  #market = new Set<Listener<MarketMessage>>();
  #events = new Set<Listener<AccountEvent>>();
  #greetings = new Set<Listener<number>>();
  #states = new Set<(state: StreamState, closeCode?: number) => void>();

  constructor(key: string) {
    this.stream = new BourseStream({
      url: location.origin,
      key,
      backoff: { initialMs: 250, maxMs: 5_000 },
      onMarket: (m) => {
        for (const l of this.#market) l(m);
      },
      onEvent: (e) => {
        for (const l of this.#events) l(e);
      },
      onAuthenticated: (g) => {
        for (const l of this.#greetings) l(g.head_seq);
      },
      onState: (s, detail) => {
        for (const l of this.#states) l(s, detail?.code);
      },
    });
  }

  onMarket(l: Listener<MarketMessage>): () => void {
    this.#market.add(l);
    return () => this.#market.delete(l);
  }
  onEvent(l: Listener<AccountEvent>): () => void {
    this.#events.add(l);
    return () => this.#events.delete(l);
  }
  onGreeting(l: Listener<number>): () => void {
    this.#greetings.add(l);
    return () => this.#greetings.delete(l);
  }
  onState(l: (state: StreamState, closeCode?: number) => void): () => void {
    this.#states.add(l);
    return () => this.#states.delete(l);
  }

  /** Follows a public channel until the returned function is called. */
  follow(s: Subscription): () => void {
    this.stream.subscribe(s);
    return () => this.stream.unsubscribe(s);
  }

  close(): void {
    this.stream.close();
  }
}
