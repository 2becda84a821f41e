// GET /api/v1/stream: the WebSocket of docs/streams.md. The key comes in the Authorization header or, for
// browsers, in a first message { "op": "auth", "key" }. Account events carry a per-account seq;
// { "op": "resume", "after_seq": N } replays what the client missed, then it goes on live.
// Market data: { "op": "subscribe" | "unsubscribe", "channel": "ticker" | "trades" | "book", "symbol" }.
// Over 300 lines: the protocol's handling of one connection (auth, resume, subscriptions, close
// codes) reads as one state machine here.
import websocket from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { z } from "zod";
import { KEY_PREFIX_LENGTH } from "../../modules/accounts/api-keys.ts";
import type { Authenticator, Principal } from "../../modules/accounts/authenticator.ts";
import type { InstrumentCatalog } from "../../modules/instruments/instruments.service.ts";
import type { MarketData } from "../../modules/market/market-data.ts";
import { DomainError, type ErrorCode } from "../../modules/shared/errors.ts";
import type { MarketListener, StreamHub } from "../../modules/streams/hub.ts";
import { CLOSE, closeFor, type Session, type StreamSocket } from "../../modules/streams/session.ts";
import type { MarketChannel } from "../../platform/pubsub.ts";
import { bearerToken } from "../auth.ts";
import type { RateLimits } from "../rate-limits.ts";

export interface StreamOptions {
  hub: StreamHub;
  authenticator: Authenticator;
  limits: RateLimits;
  catalog: InstrumentCatalog;
  market: MarketData;
  heartbeatMs: number;
  authTimeoutMs: number;
  maxBufferBytes: number;
  onConnections: (delta: number) => void;
  onDisconnect: (reason: string) => void;
  onMarketMessage: () => void;
  /** Levels per side of the book snapshot sent on subscribe (the feed's depth). */
  bookDepth: number;
}

const op = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("auth"),
    key: z.string().min(1).max(200),
    after_seq: z.coerce.bigint().min(0n).optional(),
  }),
  z.object({ op: z.literal("resume"), after_seq: z.coerce.bigint().min(0n) }),
  z.object({
    op: z.enum(["subscribe", "unsubscribe"]),
    channel: z.enum(["ticker", "trades", "book"]),
    symbol: z.string().min(1).max(20),
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
const errorMessage = (code: ErrorCode, text: string) => message("error", { code, message: text });

export async function streamRoutes(app: FastifyInstance, o: StreamOptions): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 16_384 } });

  app.get(
    "/api/v1/stream",
    {
      websocket: true,
      schema: {
        tags: ["streams"],
        summary: "WebSocket stream of account events and market data",
        description:
          'Upgrade to a WebSocket. Authenticate with \'Authorization: Bearer <key>\' or a first message {"op":"auth","key":"..."} within STREAM_AUTH_TIMEOUT_MS. After authentication the server sends {"type":"authenticated","account_id","seq"} (the account\'s last event) and then every new event as {"type":"order.updated"|"order.filled"|"fill.created"|"balance.updated","seq","data"}, seq increasing by exactly one. {"op":"resume","after_seq":N} replays every event after N, then continues live (events already received live may come again). To resume without that overlap, resume at connection: ?after_seq=N on the URL, or "after_seq" in the auth message: the greeting, then every event after N, then live, each seq once. Market data: {"op":"subscribe","channel":"ticker"|"trades"|"book","symbol"} → {"type":"subscribed",...}, a snapshot for ticker and book, then {"type":channel,"symbol","data"}. Close codes: 4401 unauthenticated (also when the key of an open stream is revoked: at once, or within STREAM_HEARTBEAT_MS + 2 s while Redis is down), 4403 key lacks the read scope, 4408 no authentication in time, 4429 slow consumer (send buffer over STREAM_MAX_BUFFER_BYTES) or too many failed authentications, 1001 server shutting down (reconnect and resume), 1011 internal error, 1013 try again later (rate limiting unavailable and failing closed, or the database out of reach). Market data needs an authenticated connection too. The server pings every STREAM_HEARTBEAT_MS and drops a client that missed a pong.',
      },
    },
    (socket, request) => new Connection(socket, request, o).start(),
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
  #timers: NodeJS.Timeout[] = [];
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

  constructor(ws: WebSocket, request: FastifyRequest, o: StreamOptions) {
    this.#ws = ws;
    this.#request = request;
    this.#o = o;
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
    // Messages are handled one at a time, in order: a resume sent right after auth waits for it.
    this.#ws.on("message", (data, isBinary) => {
      if (isBinary) return this.#send(errorMessage("BAD_REQUEST", "send JSON text messages"));
      const text = data.toString();
      this.#run(() => this.#handle(text));
    });
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
      // A resume at connection: /api/v1/stream?after_seq=N.
      const raw = new URL(this.#request.url, "http://x").searchParams.get("after_seq");
      const after = raw !== null && /^\d{1,18}$/.test(raw) ? BigInt(raw) : undefined;
      this.#run(() => this.#authenticate(key, after));
      return;
    }
    const timeout = setTimeout(() => {
      if (this.#session === undefined)
        this.#close(CLOSE.authTimeout, "authentication timeout", "auth_timeout");
    }, this.#o.authTimeoutMs);
    this.#timers.push(timeout);
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
      return await this.#authenticate(parsed.key, parsed.after_seq);
    }
    const session = this.#session;
    if (session === undefined) return this.#send(errorMessage("UNAUTHENTICATED", "authenticate first"));
    if ("channel" in parsed) return await this.#market(parsed.op, parsed.channel, parsed.symbol);
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
    const ip = this.#request.ip;
    let refusal: Awaited<ReturnType<RateLimits["authRefusal"]>>;
    try {
      refusal = await this.#o.limits.authRefusal(ip);
    } catch (error) {
      // Rate limiting is down and fails closed (RATE_LIMIT_FAIL_OPEN=false): come back later.
      if (!(error instanceof DomainError)) throw error;
      return this.#close(CLOSE.tryAgainLater, error.message, "unavailable");
    }
    if (refusal !== undefined) {
      return this.#close(CLOSE.slowConsumer, "too many failed authentications", "auth_rate_limited");
    }
    let principal: Principal;
    try {
      principal = await this.#o.authenticator.authenticate(key);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.#o.limits.authFailed(ip);
      return this.#close(CLOSE.unauthenticated, error.message, "unauthenticated");
    }
    if (!principal.scopes.includes("read")) {
      return this.#close(CLOSE.forbidden, "this API key lacks the 'read' scope", "forbidden");
    }
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    const { session, last } = await this.#o.hub.open(principal.accountId, this.#socket, {
      keyId: principal.keyId,
      afterSeq,
      greeting: (last) => message("authenticated", { account_id: principal.accountId, seq: Number(last) }),
    });
    this.#session = session;
    this.#key = { prefix: key.slice(0, KEY_PREFIX_LENGTH), id: principal.keyId };
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

  async #market(action: "subscribe" | "unsubscribe", channel: MarketChannel, symbol: string): Promise<void> {
    const key = `${channel}:${symbol}`;
    if (action === "unsubscribe") {
      const m = this.#markets.get(key);
      if (m !== undefined) this.#o.hub.unfollow(channel, symbol, m.listener);
      this.#markets.delete(key);
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
    const path = `${encodeURIComponent(symbol)}/${channel === "book" ? `book?depth=${this.#o.bookDepth}` : "ticker"}`;
    const snapshot = (await this.#o.market.get(path).catch(() => undefined)) as
      | Record<string, unknown>
      | undefined;
    if (snapshot === undefined) return;
    // The same shape as the feed's pushes: the symbol is beside the data, not in it.
    const { symbol: _, ...data } = snapshot;
    this.#send(message(channel, { symbol, data }));
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
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    if (this.#session !== undefined) this.#o.hub.leave(this.#session);
    for (const m of this.#markets.values()) this.#o.hub.unfollow(m.channel, m.symbol, m.listener);
    this.#markets.clear();
  }
}
