// GET /api/v1/stream: the WebSocket of docs/streams.md. The key comes in the Authorization header or, for
// browsers, in a first message { "op": "auth", "key" }. Account events carry a per-account seq;
// { "op": "resume", "after_seq": N } replays what the client missed, then it goes on live.
// Market data, public (no key needed, as on the REST API):
// { "op": "subscribe" | "unsubscribe", "channel": "ticker" | "trades" | "book", "symbol" }, and
// "channel": "candles" with an "interval".
// Over 300 lines: the protocol's handling of one connection (auth, resume, subscriptions, close
// codes) reads as one state machine here.
import websocket from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { z } from "zod";
import { KEY_PREFIX_LENGTH } from "../../modules/accounts/api-keys.ts";
import {
  AuthenticationFailed,
  type Authenticator,
  type Principal,
} from "../../modules/accounts/authenticator.ts";
import type { InstrumentCatalog } from "../../modules/instruments/instruments.service.ts";
import { INTERVALS, type Interval, isInterval } from "../../modules/market/candles.bars.ts";
import type { MarketData } from "../../modules/market/market-data.ts";
import { DomainError, type ErrorCode } from "../../modules/shared/errors.ts";
import type { CandleListener, CandleRelay } from "../../modules/streams/candles.ts";
import { ConnectionCounts, type MessageRate } from "../../modules/streams/caps.ts";
import type { MarketListener, StreamHub } from "../../modules/streams/hub.ts";
import { CLOSE, closeFor, type Session, type StreamSocket } from "../../modules/streams/session.ts";
import type { MarketChannel } from "../../platform/pubsub.ts";
import { TokenBucket } from "../../platform/token-bucket.ts";
import { bearerToken } from "../auth.ts";
import type { RateLimits } from "../rate-limits.ts";

export interface StreamOptions {
  hub: StreamHub;
  authenticator: Authenticator;
  limits: RateLimits;
  catalog: InstrumentCatalog;
  market: MarketData;
  /** The `candles` channel. */
  candles: CandleRelay;
  heartbeatMs: number;
  authTimeoutMs: number;
  maxBufferBytes: number;
  onConnections: (delta: number) => void;
  onDisconnect: (reason: string) => void;
  onMarketMessage: () => void;
  /** Levels per side of the book snapshot sent on subscribe (the feed's depth). */
  bookDepth: number;
  /** Open connections per client address and per key in this process; 0: no cap. */
  connectionsPerAddress: number;
  connectionsPerKey: number;
  /** Messages a client may send, per connection. */
  messages: MessageRate;
}

/**
 * Messages of one connection received but not yet handled. Handling is one at a time, so a client
 * that sends faster than its messages are handled (resumes read PostgreSQL) would queue without
 * end; past this it is closed.
 */
const MAX_QUEUED_MESSAGES = 32;

const op = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("auth"),
    key: z.string().min(1).max(200),
    after_seq: z.coerce.bigint().min(0n).optional(),
  }),
  z.object({ op: z.literal("resume"), after_seq: z.coerce.bigint().min(0n) }),
  z.object({
    op: z.enum(["subscribe", "unsubscribe"]),
    channel: z.enum(["ticker", "trades", "book", "candles"]),
    symbol: z.string().min(1).max(20),
    // candles only; checked where the channel is handled, so a bad one gets a message that says so
    interval: z.string().max(20).optional(),
  }),
  z.object({ op: z.literal("ping") }),
]);
type Op = z.infer<typeof op>;

/** The metric label of a close the session starts. */
const CLOSE_REASONS: Record<number, string> = {
  [CLOSE.slowConsumer]: "slow_consumer",
  [CLOSE.goingAway]: "shutdown",
  [CLOSE.tryAgainLater]: "unavailable",
  // The session closes with 4401 only when its key is revoked (KeyRevocations).
  [CLOSE.unauthenticated]: "revoked",
};

/** A close reason fits in 123 bytes of UTF-8 (RFC 6455); ws throws on a longer one. */
export function closeReason(reason: string): string {
  let fitted = reason;
  while (Buffer.byteLength(fitted) > 123) fitted = fitted.slice(0, -1);
  return fitted;
}

const message = (type: string, fields: object = {}) => JSON.stringify({ type, ...fields });
const TOO_MANY_FROM_ADDRESS = "too many stream connections from this address";
const TOO_MANY_FOR_KEY = "too many stream connections for this API key";
const errorMessage = (code: ErrorCode, text: string) => message("error", { code, message: text });

export async function streamRoutes(app: FastifyInstance, o: StreamOptions): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 16_384 } });
  const counts = new ConnectionCounts();

  app.get(
    "/api/v1/stream",
    {
      websocket: true,
      schema: {
        tags: ["streams"],
        summary: "WebSocket stream of account events and market data",
        description:
          'Upgrade to a WebSocket. Authenticate with \'Authorization: Bearer <key>\' or a message {"op":"auth","key":"..."}; a connection that within STREAM_AUTH_TIMEOUT_MS has neither authenticated nor subscribed to market data is closed with 4408. After authentication the server sends {"type":"authenticated","account_id","head_seq"} (head_seq: the seq of the account\'s last event; the greeting is no event and has no seq) and then every new event as {"type":"order.updated"|"order.filled"|"fill.created"|"balance.updated","seq","data"}, seq increasing by exactly one. {"op":"resume","after_seq":N} replays every event after N, then continues live (events already received live may come again). To resume without that overlap, resume at connection: ?after_seq=N on the URL (with the key in the header or in the auth message), or "after_seq" in the auth message: the greeting, then every event after N, then live, each seq once. A URL after_seq and a different one in the auth message are refused with a VALIDATION_ERROR error; a URL after_seq that is not a whole number gets a VALIDATION_ERROR error and the close 1008. An event is the same text live and replayed, the fields of its data in the order of the REST view. Market data: {"op":"subscribe","channel":"ticker"|"trades"|"book","symbol"} → {"type":"subscribed",...}, a snapshot for ticker and book, then {"type":channel,"symbol","data"}. Candles: {"op":"subscribe","channel":"candles","symbol","interval":"1m"|"5m"|"15m"|"1h"|"1d"} → {"type":"subscribed","channel":"candles","symbol","interval"}, the latest bar at once (a snapshot), then {"type":"candle","symbol","interval","data":{"t","o","h","l","c","v","n"},"closed":false} as it changes (at most once a second per symbol and interval), and once more with "closed":true when its bucket ends (a bucket without trades has no bar); an unknown interval gets a VALIDATION_ERROR error. Close codes: 4401 unauthenticated (also when the key of an open stream is revoked: at once, or within STREAM_HEARTBEAT_MS + 2 s while Redis is down), 4403 key lacks the read scope, 4408 neither authentication nor a market subscription in time, 4429 slow consumer (send buffer over STREAM_MAX_BUFFER_BYTES), too many failed authentications, too many connections from the address (STREAM_MAX_CONNECTIONS_PER_ADDRESS) or for the key (STREAM_MAX_CONNECTIONS_PER_KEY), too many messages (over STREAM_MESSAGE_BURST, then STREAM_MESSAGES_PER_S; a RATE_LIMITED error first) or a resume at connection over the key\'s read limit, 1001 server shutting down (reconnect and resume), 1008 after_seq on the URL not a whole number, 1011 internal error, 1013 try again later (rate limiting unavailable and failing closed, or the database out of reach). Every replay (resume, or after_seq at connection) counts against the key\'s read rate limit; a resume over it is answered with a RATE_LIMITED error. Market data needs no authentication: a connection may stay without a key while it follows at least one market channel, and authenticate later to add the account\'s events. The server pings every STREAM_HEARTBEAT_MS and drops a client that missed a pong.',
      },
    },
    (socket, request) => new Connection(socket, request, o, counts).start(),
  );
}

/** At most this much is held in one write (see Connection's `#write`). */
const HOLD_BYTES = 16_384;

/** One WebSocket connection, from authentication to close. */
class Connection {
  readonly #ws: WebSocket;
  readonly #request: FastifyRequest;
  readonly #o: StreamOptions;
  #session: Session | undefined;
  #authenticating = false;
  readonly #markets = new Map<string, { channel: MarketChannel; symbol: string; listener: MarketListener }>();
  readonly #candles = new Map<string, { symbol: string; interval: Interval; listener: CandleListener }>();
  #timers: NodeJS.Timeout[] = [];
  #authTimer: NodeJS.Timeout | undefined;
  #alive = true;
  /**
   * The authenticated key, re-checked on every heartbeat: a revocation closes the stream at once
   * through the hub, and this check covers a process that missed that message.
   */
  #key: { prefix: string; id: string } | undefined;
  #closing = false;
  #cleaned = false;
  #inbox: Promise<void> = Promise.resolve();
  /** Writes are held (corked) until the end of this tick. */
  #holding = false;
  /** The socket as the session sees it: its closes go through this connection. */
  readonly #socket: StreamSocket;
  readonly #counts: ConnectionCounts;
  /** The holders (address, key) this connection is counted against, released at cleanup. */
  readonly #held: string[] = [];
  readonly #bucket: TokenBucket;
  #queued = 0;
  /**
   * `?after_seq=N` of the upgrade request. A resume at connection starts there whichever way the
   * key comes (header or auth message): the URL is a documented way to resume, never ignored.
   */
  #urlAfterSeq: bigint | undefined;

  constructor(ws: WebSocket, request: FastifyRequest, o: StreamOptions, counts: ConnectionCounts) {
    this.#ws = ws;
    this.#request = request;
    this.#o = o;
    this.#counts = counts;
    this.#bucket = new TokenBucket(o.messages);
    this.#socket = {
      send: (text) => this.#write(text),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      close: (code, reason) => this.#close(code, reason, CLOSE_REASONS[code] ?? "error"),
    };
  }

  start(): void {
    this.#o.onConnections(1);
    this.#ws.on("close", () => this.#cleanup());
    this.#ws.on("error", () => this.#ws.terminate());
    this.#ws.on("pong", () => {
      this.#alive = true;
    });
    if (!this.#hold(`address:${this.#request.ip}`, this.#o.connectionsPerAddress)) {
      this.#close(CLOSE.slowConsumer, TOO_MANY_FROM_ADDRESS, "connection_cap");
      return;
    }
    const raw = new URL(this.#request.url, "http://x").searchParams.get("after_seq");
    if (raw !== null) {
      if (!/^\d{1,18}$/.test(raw)) {
        const rule = "after_seq must be a whole number of 0 or more";
        this.#send(errorMessage("VALIDATION_ERROR", `${rule} (got '${raw.slice(0, 40)}')`));
        this.#close(CLOSE.policyViolation, rule, "bad_request");
        return;
      }
      this.#urlAfterSeq = BigInt(raw);
    }
    // Messages are handled one at a time, in order: a resume sent right after auth waits for it.
    this.#ws.on("message", (data, isBinary) => this.#receive(data.toString(), isBinary));
    const heartbeat = setInterval(() => {
      if (!this.#alive) {
        this.#o.onDisconnect("heartbeat");
        this.#ws.terminate();
        return;
      }
      this.#alive = false;
      this.#ws.ping();
      this.#checkKey();
    }, this.#o.heartbeatMs);
    this.#timers.push(heartbeat);
    const key = bearerToken(this.#request);
    if (key !== undefined) {
      this.#run(() => this.#authenticate(key, this.#urlAfterSeq));
      return;
    }
    this.#armAuthTimeout();
  }

  /**
   * Market data is public, so a connection may stay without a key while it follows a market
   * channel; one with neither is closed after STREAM_AUTH_TIMEOUT_MS, counted from its opening or
   * from the unsubscribe that left it without a channel, so idle anonymous sockets do not pile up.
   */
  #armAuthTimeout(): void {
    clearTimeout(this.#authTimer);
    this.#authTimer = setTimeout(() => {
      if (this.#session === undefined && this.#markets.size + this.#candles.size === 0)
        this.#close(CLOSE.authTimeout, "authentication timeout", "auth_timeout");
    }, this.#o.authTimeoutMs);
  }

  /** Counts this connection against a holder's cap; false when the holder is at it. */
  #hold(holder: string, max: number): boolean {
    if (!this.#counts.acquire(holder, max)) return false;
    this.#held.push(holder);
    return true;
  }

  /** A client's message: within its rate and the queue's bound, queued behind the ones before. */
  #receive(text: string, isBinary: boolean): void {
    if (this.#closing) return;
    if (!this.#bucket.tryTake()) {
      const { perSecond, burst } = this.#o.messages;
      const limit = `at most ${burst} messages at once, then ${perSecond} per second`;
      this.#refuse(limit, "too many messages", "message_rate");
    } else if (isBinary) {
      this.#send(errorMessage("BAD_REQUEST", "send JSON text messages"));
    } else if (this.#queued >= MAX_QUEUED_MESSAGES) {
      const wait = "too many messages waiting; wait for the answers before sending more";
      this.#refuse(wait, "too many messages waiting", "message_queue");
    } else {
      this.#queued++;
      this.#run(async () => {
        try {
          if (!this.#closing) await this.#handle(text);
        } finally {
          this.#queued--;
        }
      });
    }
  }

  /** A RATE_LIMITED error, then the close (4429). */
  #refuse(message: string, reason: string, metric: string): void {
    this.#send(errorMessage("RATE_LIMITED", message));
    this.#close(CLOSE.slowConsumer, reason, metric);
  }

  /**
   * Queues work after what came before; a failure closes the connection (1013 when the database is
   * out of reach, 1011 otherwise), never the process.
   */
  #run(work: () => Promise<void>): void {
    this.#inbox = this.#inbox.then(work).catch((error: unknown) => {
      this.#request.log.error({ error: String(error) }, "stream connection failed");
      const { code, reason } = closeFor(error);
      this.#close(code, reason, CLOSE_REASONS[code] ?? "error");
    });
  }

  async #handle(text: string): Promise<void> {
    let parsed: Op;
    try {
      parsed = op.parse(JSON.parse(text));
    } catch {
      return this.#send(
        errorMessage("BAD_REQUEST", "expected {op: auth|resume|subscribe|unsubscribe|ping, ...} as JSON"),
      );
    }
    if (parsed.op === "ping") return this.#send(message("pong"));
    if (parsed.op === "auth") {
      if (this.#session !== undefined || this.#authenticating) {
        return this.#send(errorMessage("BAD_REQUEST", "already authenticated"));
      }
      // Two different starting points cannot both be honoured: refused, rather than one dropped.
      const url = this.#urlAfterSeq;
      if (parsed.after_seq !== undefined && url !== undefined && parsed.after_seq !== url) {
        const both = `after_seq is ${url} on the URL and ${parsed.after_seq} in the auth message; give one`;
        return this.#send(errorMessage("VALIDATION_ERROR", both));
      }
      return await this.#authenticate(parsed.key, parsed.after_seq ?? url);
    }
    // Market data is public, as on the REST API: no key needed.
    if ("channel" in parsed) {
      if (parsed.channel === "candles") return await this.#candle(parsed.op, parsed.symbol, parsed.interval);
      return await this.#market(parsed.op, parsed.channel, parsed.symbol);
    }
    const session = this.#session;
    if (session === undefined) return this.#send(errorMessage("UNAUTHENTICATED", "authenticate first"));
    // A replay reads the log from PostgreSQL: it costs the key a read, as a REST read does.
    if (!(await this.#admitReplay())) return;
    const last = await this.#o.hub.lastSeq(session.accountId);
    if (parsed.after_seq > last) {
      return this.#send(
        errorMessage("VALIDATION_ERROR", `after_seq ${parsed.after_seq} is after the last event (${last})`),
      );
    }
    await session.resume(parsed.after_seq, last);
  }

  async #authenticate(key: string, afterSeq?: bigint): Promise<void> {
    this.#authenticating = true;
    let principal: Principal;
    try {
      principal = await this.#o.authenticator.authenticate(key);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return await this.#failed(error);
    }
    if (!principal.scopes.includes("read")) {
      return this.#close(CLOSE.forbidden, "this API key lacks the 'read' scope", "forbidden");
    }
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (!this.#hold(`key:${principal.keyId}`, this.#o.connectionsPerKey)) {
      return this.#close(CLOSE.slowConsumer, TOO_MANY_FOR_KEY, "connection_cap");
    }
    this.#key = { prefix: key.slice(0, KEY_PREFIX_LENGTH), id: principal.keyId };
    if (afterSeq !== undefined && !(await this.#admitReplay())) {
      return this.#close(
        CLOSE.slowConsumer,
        "too many requests for this API key; resume later",
        "rate_limited",
      );
    }
    const { session, last } = await this.#o.hub.open(principal.accountId, this.#socket, {
      keyId: principal.keyId,
      afterSeq,
      // `head_seq`, not `seq`: the greeting is no event, and a client must not take it for one.
      greeting: (last) =>
        message("authenticated", { account_id: principal.accountId, head_seq: Number(last) }),
    });
    this.#session = session;
    if (this.#ws.readyState !== this.#ws.OPEN) return this.#cleanup();
    if (afterSeq !== undefined && afterSeq > last) {
      this.#send(
        errorMessage(
          "VALIDATION_ERROR",
          `after_seq ${afterSeq} is after the last event (${last}); live from ${last}`,
        ),
      );
    }
  }

  /** A failed key counts as on the HTTP routes (valid keys are never refused for failures). */
  async #failed(error: DomainError): Promise<void> {
    const keyPrefix = error instanceof AuthenticationFailed ? error.keyPrefix : undefined;
    let refusal: Awaited<ReturnType<RateLimits["authFailed"]>>;
    try {
      refusal = await this.#o.limits.authFailed(this.#request.ip, keyPrefix);
    } catch (unavailable) {
      // Rate limiting is down and fails closed (RATE_LIMIT_FAIL_OPEN=false): come back later.
      if (!(unavailable instanceof DomainError)) throw unavailable;
      return this.#close(CLOSE.tryAgainLater, unavailable.message, "unavailable");
    }
    if (refusal !== undefined) {
      return this.#close(CLOSE.slowConsumer, "too many failed authentications", "auth_rate_limited");
    }
    return this.#close(CLOSE.unauthenticated, error.message, "unauthenticated");
  }

  /**
   * Counts a replay against the key's read limit. Refused: an error message and false. Limiting
   * unavailable and failing closed: the connection closes with 1013 and false.
   */
  async #admitReplay(): Promise<boolean> {
    const keyId = this.#key?.id;
    if (keyId === undefined) return true;
    let verdict: Awaited<ReturnType<RateLimits["takeRead"]>>;
    try {
      verdict = await this.#o.limits.takeRead(keyId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.#close(CLOSE.tryAgainLater, error.message, "unavailable");
      return false;
    }
    if (verdict === undefined || verdict.allowed) return true;
    this.#send(errorMessage("RATE_LIMITED", this.#o.limits.keyRefusal(verdict, "read")));
    return false;
  }

  async #market(action: "subscribe" | "unsubscribe", channel: MarketChannel, symbol: string): Promise<void> {
    const key = `${channel}:${symbol}`;
    if (action === "unsubscribe") {
      const m = this.#markets.get(key);
      if (m !== undefined) this.#o.hub.unfollow(channel, symbol, m.listener);
      this.#markets.delete(key);
      if (this.#session === undefined && this.#markets.size + this.#candles.size === 0)
        this.#armAuthTimeout();
      return this.#send(message("unsubscribed", { channel, symbol }));
    }
    const listed = await this.#o.catalog.get(symbol).catch(() => undefined);
    if (listed === undefined) return this.#send(errorMessage("UNKNOWN_SYMBOL", `'${symbol}' is not listed`));
    if (this.#markets.has(key)) return this.#send(message("subscribed", { channel, symbol }));
    const listener: MarketListener = (text) => {
      this.#o.onMarketMessage();
      this.#send(text);
    };
    this.#markets.set(key, { channel, symbol, listener });
    await this.#o.hub.follow(channel, symbol, listener);
    this.#send(message("subscribed", { channel, symbol }));
    if (channel === "trades") return;
    // A snapshot first, so a quiet market does not leave the client empty-handed.
    const venueSymbol = encodeURIComponent(symbol);
    const snapshot = (await (channel === "book"
      ? this.#o.market.book(venueSymbol, this.#o.bookDepth)
      : this.#o.market.get(`${venueSymbol}/ticker`)
    ).catch(() => undefined)) as Record<string, unknown> | undefined;
    if (snapshot === undefined) return;
    // The same shape as the feed's pushes: the symbol is beside the data, not in it.
    const { symbol: _, ...data } = snapshot;
    this.#send(message(channel, { symbol, data }));
  }

  /** The `candles` channel: the latest bar at once (a snapshot), then its changes and its close. */
  async #candle(
    action: "subscribe" | "unsubscribe",
    symbol: string,
    interval: string | undefined,
  ): Promise<void> {
    if (interval === undefined || !isInterval(interval)) {
      const got = interval === undefined ? "none" : `'${interval.slice(0, 20)}'`;
      return this.#send(
        errorMessage("VALIDATION_ERROR", `interval must be one of ${INTERVALS.join(", ")} (got ${got})`),
      );
    }
    const key = `${symbol}:${interval}`;
    const fields = { channel: "candles", symbol, interval };
    if (action === "unsubscribe") {
      const c = this.#candles.get(key);
      if (c !== undefined) this.#o.candles.unfollow(symbol, interval, c.listener);
      this.#candles.delete(key);
      if (this.#session === undefined && this.#markets.size + this.#candles.size === 0)
        this.#armAuthTimeout();
      return this.#send(message("unsubscribed", fields));
    }
    const listed = await this.#o.catalog.get(symbol).catch(() => undefined);
    if (listed === undefined) return this.#send(errorMessage("UNKNOWN_SYMBOL", `'${symbol}' is not listed`));
    if (this.#candles.has(key)) return this.#send(message("subscribed", fields));
    const listener: CandleListener = (text) => {
      this.#o.onMarketMessage();
      this.#send(text);
    };
    this.#candles.set(key, { symbol, interval, listener });
    // Acknowledged first: the snapshot is sent as the listener joins.
    this.#send(message("subscribed", fields));
    await this.#o.candles.follow(symbol, interval, listener);
    // Closed while the snapshot was read: the cleanup ran before the listener had joined.
    if (this.#cleaned) this.#o.candles.unfollow(symbol, interval, listener);
  }

  /** Sends outside the event sequence, dropping a client whose buffer is over the bound. */
  #send(text: string): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (this.#ws.bufferedAmount > this.#o.maxBufferBytes) {
      this.#close(CLOSE.slowConsumer, "slow consumer: send buffer over the limit", "slow_consumer");
      return;
    }
    this.#write(text);
  }

  /**
   * Sends a message, holding the socket's writes until this tick ends: the events of one commit
   * (four for a fill) leave in one write instead of one write each. A long catch-up page goes out
   * in pieces of HOLD_BYTES, so that bytes held here never count against a client that reads
   * (the slow-consumer bound looks at the unsent bytes). ws writes to the upgraded request's
   * socket, `request.raw.socket`.
   */
  #write(text: string): void {
    const raw = this.#request.raw.socket;
    if (!this.#holding) {
      this.#holding = true;
      raw.cork();
      process.nextTick(() => {
        this.#holding = false;
        raw.uncork();
      });
    } else if (raw.writableLength >= Math.min(HOLD_BYTES, this.#o.maxBufferBytes / 4)) {
      raw.uncork();
      raw.cork();
    }
    this.#ws.send(text);
  }

  /** Closes with 4401 once the key is revoked, should the revocation's message not have come. */
  #checkKey(): void {
    const key = this.#key;
    if (key === undefined || this.#closing) return;
    this.#o.authenticator.isActive(key.prefix, key.id).then(
      (active) => {
        if (!active) this.#close(CLOSE.unauthenticated, "this API key was revoked", "revoked");
      },
      // The database unreachable for a moment is no reason to drop the client; check next time.
      (error: unknown) => this.#request.log.warn({ error: String(error) }, "stream key check failed"),
    );
  }

  #close(code: number, reason: string, metric: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#o.onDisconnect(metric);
    const said = closeReason(reason);
    this.#session?.close(code, said);
    this.#ws.close(code, said);
    // A client that does not answer the close handshake (or reads nothing) is cut off.
    this.#timers.push(setTimeout(() => this.#ws.terminate(), 2_000));
  }

  #cleanup(): void {
    if (this.#cleaned) return;
    this.#cleaned = true;
    this.#o.onConnections(-1);
    for (const holder of this.#held.splice(0)) this.#counts.release(holder);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    clearTimeout(this.#authTimer);
    if (this.#session !== undefined) this.#o.hub.leave(this.#session);
    for (const m of this.#markets.values()) this.#o.hub.unfollow(m.channel, m.symbol, m.listener);
    this.#markets.clear();
    for (const c of this.#candles.values()) this.#o.candles.unfollow(c.symbol, c.interval, c.listener);
    this.#candles.clear();
  }
}
