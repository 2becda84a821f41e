// One stream client: its cursor in the account's event log and the order of what it is sent.
// Everything it is sent passes through one queue, so live events, catch-ups from PostgreSQL and
// replays never interleave: the client sees seq N+1 after N, never a gap and never twice.
import { dependencyDown } from "../../platform/unreachable.ts";
import type { WireEvent } from "./wire.ts";

/** The part of a WebSocket a session needs (ws's WebSocket satisfies it). */
export interface StreamSocket {
  send(text: string): void;
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

/** Reads the account's events after a sequence number, oldest first. */
export type EventSource = (afterSeq: bigint, limit: number) => Promise<WireEvent[]>;

export const CLOSE = {
  goingAway: 1001,
  /** The upgrade request itself is wrong (a malformed `after_seq`): reconnecting as is fails again. */
  policyViolation: 1008,
  internalError: 1011,
  tryAgainLater: 1013,
  unauthenticated: 4401,
  forbidden: 4403,
  authTimeout: 4408,
  slowConsumer: 4429,
} as const;

const PAGE = 500;

/** The close reason when the database (or another service the stream reads) is out of reach. */
export const UNREACHABLE = "a service this stream needs is unreachable; reconnect and resume shortly";

/** How a stream closes on an error: 1013 (try again later) when a service it needs is out of reach, else 1011. */
export const closeFor = (error: unknown): { code: number; reason: string } =>
  dependencyDown(error)
    ? { code: CLOSE.tryAgainLater, reason: UNREACHABLE }
    : { code: CLOSE.internalError, reason: "internal error" };

export class SlowConsumer extends Error {}

export class Session {
  readonly accountId: string;
  /** The API key the client authenticated with: revoking it closes the session. */
  readonly keyId: string;
  readonly #socket: StreamSocket;
  readonly #source: EventSource;
  readonly #maxBuffer: number;
  readonly #onSent: (count: number) => void;
  #cursor: bigint;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(o: {
    accountId: string;
    keyId: string;
    socket: StreamSocket;
    source: EventSource;
    /** The last event the client has (it starts live after it). */
    cursor: bigint;
    maxBufferBytes: number;
    onSent?: (count: number) => void;
  }) {
    this.accountId = o.accountId;
    this.keyId = o.keyId;
    this.#socket = o.socket;
    this.#source = o.source;
    this.#cursor = o.cursor;
    this.#maxBuffer = o.maxBufferBytes;
    this.#onSent = o.onSent ?? (() => {});
  }

  get cursor(): bigint {
    return this.#cursor;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Live events from pub/sub: sent when they follow the cursor; a gap is filled from the log first. */
  offer(events: WireEvent[]): Promise<void> {
    return this.#enqueue(async () => {
      for (const e of events) {
        if (e.seq <= this.#cursor) continue;
        if (e.seq !== this.#cursor + 1n) await this.#catchUp(e.seq);
        if (e.seq === this.#cursor + 1n) this.#send(e);
      }
    });
  }

  /** Sends whatever the log holds after the cursor, up to `upTo` (the catch-up tick, resumes). */
  catchUp(upTo: bigint): Promise<void> {
    return this.#enqueue(async () => {
      if (upTo > this.#cursor) await this.#catchUp(upTo);
    });
  }

  /** The client's resume: replays every event after `afterSeq`, then goes on live. */
  resume(afterSeq: bigint, last: bigint): Promise<void> {
    return this.#enqueue(async () => {
      this.#cursor = afterSeq;
      await this.#catchUp(last);
    });
  }

  /** A message outside the event sequence (acks, errors, market data), in queue order. */
  sendControl(text: string): Promise<void> {
    return this.#enqueue(async () => this.#write(text));
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close(code, reason);
  }

  async #catchUp(upTo: bigint): Promise<void> {
    while (!this.#closed && this.#cursor < upTo) {
      const page = await this.#source(this.#cursor, PAGE);
      if (page.length === 0) return;
      for (const e of page) {
        if (e.seq === this.#cursor + 1n) this.#send(e);
      }
      if (page.length < PAGE) return;
      await this.#drained();
    }
  }

  #send(e: WireEvent): void {
    this.#write(e.text);
    this.#cursor = e.seq;
    this.#onSent(1);
  }

  #write(text: string): void {
    if (this.#closed) return;
    if (this.#socket.bufferedAmount > this.#maxBuffer) throw new SlowConsumer();
    this.#socket.send(text);
  }

  /** During a long replay, waits for the socket to drain rather than buffer the whole log. */
  async #drained(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.#socket.bufferedAmount > this.#maxBuffer / 2) {
      if (Date.now() > deadline) throw new SlowConsumer();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      if (this.#closed) return;
      try {
        await task();
      } catch (error) {
        if (error instanceof SlowConsumer) {
          this.close(CLOSE.slowConsumer, "slow consumer: send buffer over the limit");
        } else {
          const { code, reason } = closeFor(error);
          this.close(code, reason);
          throw error;
        }
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
