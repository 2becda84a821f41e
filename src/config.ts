// Every setting, declared once. Nothing else in the code reads process.env. Longer than a file
// should be because each setting carries its description here, the one place that knows it:
// docs/configuration.md is generated from this file (npm run docs:config).
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { parse as parseDotenv } from "dotenv";
import { z } from "zod";

/** A secret string that never prints: logs, errors and JSON all show "[redacted]". */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[redacted]";
  }
}

const PLACEHOLDERS = new Set(["", "change-me", "changeme", "admin", "secret", "password", "placeholder"]);

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1" || v === "yes");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** TRUST_PROXY, as Fastify's `trustProxy` takes it (see src/http/server.ts for the hop count). */
export type TrustProxy = boolean | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** An IP address, a CIDR, or one of proxy-addr's named ranges. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .default("false")
  .transform((v, ctx): TrustProxy => {
    const word = v.toLowerCase();
    if (["", "false", "0", "no"].includes(word)) return false;
    if (["true", "yes"].includes(word)) return true;
    if (/^\d+$/.test(v)) {
      if (Number(v) <= 32) return Number(v);
      ctx.addIssue({
        code: "custom",
        message: "is a hop count above 32: give the number of proxies in front",
      });
      return z.NEVER;
    }
    const entries = v
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length === 0) return entries;
    ctx.addIssue({
      code: "custom",
      message: `must be false, the number of proxies in front, or their comma-separated addresses/CIDRs (not an address: ${bad.map((e) => `'${e}'`).join(", ")})`,
    });
    return z.NEVER;
  });

// Each setting's description is its row in docs/configuration.md (`npm run docs:config` writes the
// page from these groups); bounds, enum values and defaults come from the schema itself.
const service = {
  NODE_ENV: z
    .enum(["development", "test", "production"])
    .default("development")
    .describe(
      "`production` requires `DATABASE_URL` and `REDIS_URL` (every role but `venue`), an `ADMIN_TOKEN` (`start` and `api`, which serve the admin routes) and a `VENUE_WEBHOOK_SECRET` (every role but `migrate` and `check`). With `LOG_FORMAT=auto` it also switches logs to JSON.",
    ),
  HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe("address the API listens on; `0.0.0.0` in containers"),
  PORT: int(1024, 65535, 8000).describe("API port"),
  DATA_DIR: z
    .string()
    .min(1)
    .default("./.data")
    .describe(
      "embedded PostgreSQL cluster, its password and `credentials.json`; in every mode also the default home of `blobs/` (reports, see `BLOB_DIR`) and `mail/` (e-mails as `.eml` files when `SMTP_URL` is unset)",
    ),
  DATABASE_URL: optionalString
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// URL",
    })
    .describe(
      "`postgres://` or `postgresql://` URL. Unset: embedded PostgreSQL from `DATA_DIR` (not allowed in production). Secret.",
    ),
  DB_POOL_MAX: int(1, 200, 20).describe(
    "connections per process, shared by the API and the worker in that process; all opened when the process starts (the worker's queue adds its own)",
  ),
  DB_STATEMENT_TIMEOUT_MS: int(100, 600_000, 10_000).describe(
    "`statement_timeout` of every connection, except those of `bourse migrate`, which have none",
  ),
  DB_CONNECTION_TIMEOUT_MS: int(100, 120_000, 5_000).describe("how long to wait for a new connection"),
  DB_IDLE_TIMEOUT_MS: int(1_000, 3_600_000, 60_000).describe(
    "an idle connection is closed after this, and opened again when needed",
  ),
  DB_MAX_LIFETIME_S: int(0, 86_400, 1_800).describe(
    "connections are recycled after this many seconds (`0` = never)",
  ),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error"])
    .default("info")
    .describe(
      "the lowest level logged. Each finished request is one line: a 4xx at `info`, a 5xx at `error`, a success at `debug`",
    ),
  LOG_FORMAT: z
    .enum(["auto", "json", "pretty"])
    .default("auto")
    .describe("`auto`: pretty on a terminal outside production, JSON otherwise"),
  ADMIN_TOKEN: optionalString.describe(
    "bearer token of `/api/v1/admin/*`. Unset: admin routes answer 401, except in embedded mode, which uses the token in `credentials.json` (generated on first start). Set in embedded mode: it is used and written to `credentials.json`. Production: at least 24 characters, not a placeholder. Secret.",
  ),
  METRICS_TOKEN: optionalString.describe(
    "bearer token that `GET /metrics` on the API's port requires (`Authorization: Bearer <token>`; Prometheus: `authorization: { credentials: … }`). Unset: `/metrics` is open, except in production, where the API's port does not serve it at all (404). Production: at least 24 characters, not a placeholder. Secret.",
  ),
  BODY_LIMIT_BYTES: int(1_024, 10_485_760, 65_536).describe(
    "largest request body; larger gets 413 `PAYLOAD_TOO_LARGE`",
  ),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 600_000, 30_000).describe(
    "the API's listener closes a connection whose request (head and body) has not fully arrived within this, answering 408: a slow or stalled upload holds no memory or socket for longer. Does not limit the time to answer, nor a WebSocket once upgraded",
  ),
  HTTP_CONNECTION_TIMEOUT_MS: int(1_000, 3_600_000, 120_000).describe(
    "the API's listener closes a connection on which nothing has moved for this long (idle keep-alive connections close sooner, after 72 s). Keep it above your load balancer's idle timeout",
  ),
  CORS_ORIGINS: optionalString
    .transform((v) =>
      v === undefined
        ? []
        : v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .describe("comma-separated origins allowed by CORS; unset or empty: no CORS headers"),
  SHUTDOWN_GRACE_MS: int(0, 300_000, 10_000).describe(
    "on SIGTERM, how long closing may take in all (after `SHUTDOWN_DRAIN_DELAY_MS`); past it the process logs that shutdown did not finish and exits 1 without closing the rest",
  ),
  SHUTDOWN_DRAIN_DELAY_MS: int(0, 60_000, 0).describe(
    "on SIGTERM, how long `api`/`start` keep serving with `/readyz` answering 503 before closing begins, so a load balancer notices",
  ),
  TRUST_PROXY: trustProxy.describe(
    "which proxies in front to trust with `X-Forwarded-*`: `false` (none), their comma-separated addresses or CIDRs (`10.0.0.0/8, 192.168.1.7`; also `loopback`, `linklocal`, `uniquelocal`), or their number (`1`: trust the peer, and the right-most `X-Forwarded-For` entry is the client; safe only if clients cannot reach the API but through those proxies). Set it behind a load balancer: the failed-authentication and public-route limits and the stream's connection caps count per client address, and without it every client has the balancer's. `true` believes any client's `X-Forwarded-For` (its left-most entry): refused in production, warned about elsewhere.",
  ),
  PLACEMENT_BATCH_MAX: int(1, 1_000, 100).describe("most orders placed in one transaction"),
  PLACEMENT_BATCH_CONCURRENCY: int(1, 50, 2).describe(
    "placement transactions in flight per process, each on its own pool connection",
  ),
  WORKER_CONCURRENCY: int(1, 100, 8).describe("jobs run at once per worker process"),
  WORKER_POLL_INTERVAL_MS: int(100, 60_000, 2_000).describe(
    "fallback poll interval of the job queue; new jobs normally arrive by LISTEN/NOTIFY",
  ),
  WORKER_METRICS_PORT: int(0, 65535, 0).describe(
    "a `worker` (without the API) serves `GET /metrics` and `/healthz` on `HOST` at this port (`0` = none)",
  ),
  WORKER_FETCH_BATCH: int(1, 1_000, 16).describe(
    "jobs a worker fetches and locks per query (graphile-worker's local queue); unstarted ones go back to the queue at shutdown (see `.env.example`)",
  ),
  DEMO_DEPOSIT_USD: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "must be a decimal number")
    .default("100000")
    .describe("USD credited to the demo account on the first embedded start (plus 2 BTC, 20 ETH, 200 SOL)"),
};

const venue = {
  VENUE_URL: z
    .url()
    .default("http://127.0.0.1:8001")
    .describe(
      "where `api` and `worker` reach the venue's HTTP API. `start` ignores it and uses the venue it runs itself.",
    ),
  VENUE_HOST: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .describe("address the venue listens on (`venue`, `start`); `0.0.0.0` in containers"),
  VENUE_PORT: int(0, 65535, 8001).describe(
    "the venue's port (`0` = any free port). `start` in embedded mode always takes a free port.",
  ),
  OMS_WEBHOOK_URL: z
    .url()
    .optional()
    .describe(
      "where the venue posts execution reports: the API's `…/internal/venue/executions`. Required by `venue`; `start` defaults it to its own API (`http://HOST:PORT/internal/venue/executions`).",
    ),
  VENUE_WEBHOOK_SECRET: optionalString.describe(
    "secret shared by the venue and the OMS, which sign with it (HMAC-SHA256) the webhooks, every call to the venue's API and its answers. Required by `venue`, `api`, `worker`; `start` makes one per start when unset. Production: also 32+ characters, no placeholder. Use 32+ random bytes. Secret.",
  ),
  VENUE_WEBHOOK_TOLERANCE_MS: int(1_000, 3_600_000, 300_000).describe(
    "how far a signed timestamp may be from the receiver's clock (a webhook at the API, a request at the venue, an answer at the OMS); older or newer is refused (replay protection)",
  ),
  MARKET_DATA_INTERVAL_MS: int(0, 60_000, 250).describe(
    "how often the venue (`venue`, `start`) pushes the tickers, books and new trades that changed to the API, which publishes them to stream subscribers (`0` = off)",
  ),
  MARKET_DATA_DEPTH: int(1, 100, 10).describe("book levels per side in those pushes"),
  OMS_MARKET_DATA_URL: z
    .url()
    .optional()
    .describe(
      "where the venue pushes market data (signed like its reports). Unset: `market-data` resolved against `OMS_WEBHOOK_URL`, i.e. `…/internal/venue/market-data`.",
    ),
  VENUE_TIMEOUT_MS: int(50, 60_000, 2_000).describe(
    "time limit of one venue call, for the response headers and again for the body; a timeout is a transient failure",
  ),
  VENUE_CONNECT_TIMEOUT_MS: int(50, 60_000, 1_000).describe("time limit to open a connection to the venue"),
  VENUE_RETRIES: int(0, 10, 2).describe(
    "retries of one venue call after a transient failure (5xx, 429, timeout, connection error), with exponential backoff from 50 ms to 2 s. Order calls are idempotent at the venue, so every call is retried.",
  ),
  VENUE_MAX_CONCURRENT: int(1, 1_000, 64).describe(
    "venue calls in flight per process; up to 10× as many wait, more fail at once as transient",
  ),
  VENUE_MAX_RPS: int(1, 100_000, 2_000).describe(
    "venue calls started per second per process, a token bucket",
  ),
  VENUE_BREAKER_THRESHOLD: int(1, 1_000, 10).describe(
    "consecutive transient failures that open the circuit breaker; while open, venue calls fail at once",
  ),
  VENUE_BREAKER_OPEN_MS: int(100, 600_000, 5_000).describe(
    "how long the breaker stays open before it lets one trial call through",
  ),
  VENUE_MARKET_DATA_MAX_CONCURRENT: int(1, 1_000, 16).describe(
    "market-data venue calls in flight per process (public routes, stream snapshots, reference prices). Market data has a venue client of its own, with its own breaker, so its failures never stop order calls",
  ),
  VENUE_MARKET_DATA_MAX_RPS: int(1, 100_000, 200).describe(
    "market-data venue calls started per second per process, a token bucket apart from `VENUE_MAX_RPS`",
  ),
  ROUTE_RETRY_BASE_MS: int(10, 60_000, 1_000).describe(
    "routing: delay before the first re-submission after a transient failure; it doubles each time, with ±50 % jitter",
  ),
  ROUTE_RETRY_MAX_MS: int(100, 3_600_000, 300_000).describe("routing: largest delay between submissions"),
  ROUTE_MAX_RETRIES: int(0, 50, 5).describe(
    "routing: re-submissions before the order ends `failed` and its hold is released; with the defaults, six tries ~1, 2, 4, 8 and 16 s apart",
  ),
  FAST_PATH: bool(true).describe(
    "API processes route each placement batch right after its commit, and settle each webhook's reports right after storing them; a routed batch writes no job (workers rescue what a dead process left); a settled batch's job waits as the fallback and is withdrawn when the work is done. `false`: workers do all of it",
  ),
  FAST_PATH_FALLBACK_MS: int(100, 600_000, 5_000).describe(
    "how long a fast-path commit's work is left to its API process: after it, workers route pending orders that have no routing job, and run a settlement's delayed job; the time to recover the work of an API process that died after its commit",
  ),
  FAST_PATH_MAX_PENDING: int(1, 10_000, 64).describe(
    "fast-path batches in flight per process and kind; past it, commits queue their jobs to run at once",
  ),
  REFERENCE_PRICE_REFRESH_MS: int(0, 3_600_000, 5_000).describe(
    "how often each worker process sets every instrument's reference price to the venue's mid, rounded to the tick (`0` turns it off). The reference price sizes the holds and the protection prices of market and stop orders.",
  ),
  LIQUIDITY_ENABLED: bool(true).describe(
    "run the venue's liquidity provider; without it, only accounts' own orders make the book",
  ),
  LIQUIDITY_SEED: int(0, 2_147_483_647, 42).describe(
    "seed of the liquidity provider's random walk: the same seed walks the same way",
  ),
  LIQUIDITY_REFRESH_MS: int(50, 3_600_000, 1_000).describe(
    "how often the liquidity provider moves its mid and re-quotes",
  ),
  CANDLES_BACKFILL_HOURS: int(0, 48, 6).describe(
    "`start` with the liquidity provider on: hours of synthetic 1-minute bars (a seeded random walk ending at the reference price) written at start-up for each instrument that has no bar yet, so a new data folder's chart is not empty; marked by the instrument's `candles_synthetic_until` (`0` = off)",
  ),
  VENUE_ANSWERED_COPY_DELAY_MS: int(0, 60_000, 1_000).describe(
    "how long the venue holds webhook copies of reports it already returned to a submit that finished the order, so they arrive after the OMS recorded the answer, many per call (`0`: at once)",
  ),
  VENUE_FAULT_LATENCY_MS: int(0, 60_000, 0).describe(
    "fault injection (tests, chaos runs): added to every venue request",
  ),
  VENUE_FAULT_ERROR_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe("fault injection: share of venue requests answered 503 without being processed"),
  VENUE_FAULT_TIMEOUT_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe(
      "fault injection: share of venue requests processed, then answered only after `VENUE_TIMEOUT_MS` + 500 ms (the caller times out)",
    ),
  VENUE_FAULT_DROP_WEBHOOK_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe(
      "fault injection: share of webhook batches the venue drops as if delivered (only the reconciler brings them back)",
    ),
  VENUE_FAULT_DUPLICATE_WEBHOOK_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe("fault injection: share of webhook batches the venue sends twice"),
};

const redis = {
  REDIS_URL: optionalString
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
      message: "must be a redis:// or rediss:// URL",
    })
    .describe(
      "`redis://` or `rediss://` URL, shared by every process. Unset: in-process stand-ins (an LRU cache, in-memory rate-limit windows, an in-process bus), valid for one process only; not allowed in production. Secret.",
    ),
  REDIS_PREFIX: z
    .string()
    .max(64)
    .default("bourse:")
    .describe("prepended to every key and channel, so deployments can share a Redis"),
  REDIS_CONNECT_TIMEOUT_MS: int(100, 60_000, 2_000).describe(
    "time limit to connect; a process waits this long for Redis at start, then starts without it and connects when it can",
  ),
  REDIS_COMMAND_TIMEOUT_MS: int(10, 60_000, 500).describe(
    "time limit of one command; while Redis is unreachable commands fail at once and the caller falls back",
  ),
  CACHE_ORDER_TTL_S: int(1, 86_400, 300).describe(
    "lifetime of a cached `GET /api/v1/orders/{id}`; a change of the order drops it sooner",
  ),
  CACHE_MARKET_TTL_MS: int(0, 60_000, 500).describe("lifetime of cached market data (`0` = not cached)"),
  CACHE_GUARD_MS: int(100, 3_600_000, 30_000).describe(
    "how long a key's version outlives an invalidation; must be above `DB_CONNECTION_TIMEOUT_MS` + `DB_STATEMENT_TIMEOUT_MS`",
  ),
  CACHE_MAX_ENTRIES: int(100, 10_000_000, 50_000).describe(
    "size of the in-process cache used without `REDIS_URL`",
  ),
  RATE_LIMIT_TRADING_MAX: int(0, 1_000_000_000, 200).describe(
    "requests per window per key on routes that need the `trade` scope (`0` = no limit)",
  ),
  RATE_LIMIT_TRADING_WINDOW_S: int(1, 86_400, 60).describe("that window"),
  RATE_LIMIT_READ_MAX: int(0, 1_000_000_000, 1_200).describe(
    "requests per window per key on routes that need the `read` scope (`0` = no limit)",
  ),
  RATE_LIMIT_READ_WINDOW_S: int(1, 86_400, 60).describe("that window"),
  RATE_LIMIT_AUTH_FAILURES_MAX: int(0, 1_000_000, 20).describe(
    "failed authentications (a wrong, unknown or revoked key or admin token; a request without a bearer token in `Authorization` is no failure) per client address, and per key prefix, in the window; past it further failing attempts from that address or for that key get 429, while valid credentials are never refused for it (`0` = no limit)",
  ),
  RATE_LIMIT_AUTH_WINDOW_S: int(1, 86_400, 300).describe("that window"),
  RATE_LIMIT_PUBLIC_MAX: int(0, 1_000_000_000, 600).describe(
    "requests per window per client address on the public routes (`/api/v1/instruments`, `/api/v1/market/*`) (`0` = no limit)",
  ),
  RATE_LIMIT_PUBLIC_WINDOW_S: int(1, 86_400, 60).describe("that window"),
  RATE_LIMIT_FAIL_OPEN: bool(true).describe(
    "when Redis does not answer: `true` admits requests unchecked (metric `rate_limit_fail_open_total`, a warning), while failed authentications are still counted, per process; `false` answers 503 `UNAVAILABLE`",
  ),
  STREAM_HEARTBEAT_MS: int(1_000, 600_000, 15_000).describe(
    "the server pings each stream client this often and drops one that missed the previous pong",
  ),
  STREAM_AUTH_TIMEOUT_MS: int(100, 60_000, 5_000).describe(
    'a client without an `Authorization` header must send `{"op":"auth"}` or subscribe to market data within this (of opening, or of unsubscribing from its last channel), or is closed with 4408',
  ),
  STREAM_MAX_BUFFER_BYTES: int(1_024, 1_073_741_824, 1_048_576).describe(
    "a client with more unsent bytes than this is closed with 4429",
  ),
  STREAM_CATCHUP_MS: int(50, 60_000, 1_000).describe(
    "how often each API process sends its clients, from PostgreSQL, the events pub/sub did not deliver",
  ),
  STREAM_MAX_CONNECTIONS_PER_ADDRESS: int(0, 1_000_000, 100).describe(
    "open stream connections per client address in each API process; one more is closed with 4429 (`0` = no cap)",
  ),
  STREAM_MAX_CONNECTIONS_PER_KEY: int(0, 1_000_000, 20).describe(
    "open stream connections per API key in each API process; one more is closed with 4429 once authenticated (`0` = no cap)",
  ),
  STREAM_MESSAGES_PER_S: int(1, 100_000, 10).describe(
    "messages a stream client may send per second, after a burst of `STREAM_MESSAGE_BURST`; past it the client gets a `RATE_LIMITED` error and is closed with 4429",
  ),
  STREAM_MESSAGE_BURST: int(1, 100_000, 20).describe("messages a stream client may send at once"),
};

const reports = {
  BLOB_DIR: optionalString.describe(
    "folder of the blob store, where generated reports are kept when `S3_BUCKET` is unset; unset: `DATA_DIR/blobs`",
  ),
  S3_BUCKET: optionalString
    .refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), {
      message: "must be a bucket name: 3-63 lowercase letters, digits, '.' and '-'",
    })
    .describe(
      "S3 bucket for reports (AWS S3, MinIO, R2); downloads then redirect to signed URLs. Unset: the folder store (`BLOB_DIR`), in production too, with a warning at start, which suits one host only (API and worker must share the folder)",
    ),
  S3_REGION: z.string().min(1).default("us-east-1").describe("the bucket's region (`auto` for R2)"),
  S3_ENDPOINT: optionalString
    .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: "must be an http:// or https:// URL",
    })
    .describe("`http(s)://` URL of an S3-compatible service (MinIO, R2); unset: AWS"),
  S3_ACCESS_KEY_ID: optionalString.describe(
    "S3 access key; set both keys or neither (neither: the AWS SDK's default chain, e.g. an instance or task role)",
  ),
  S3_SECRET_ACCESS_KEY: optionalString.describe(
    "S3 secret key, with `S3_ACCESS_KEY_ID`; refused as a placeholder in production. Secret.",
  ),
  S3_FORCE_PATH_STYLE: bool(false).describe(
    "address the bucket in the path (`http://host/bucket/key`) instead of the host name; MinIO needs `true`",
  ),
  S3_SIGNED_URL_EXPIRES_S: int(1, 604_800, 300).describe("lifetime of a signed report download URL"),
  SMTP_URL: optionalString
    .refine((v) => v === undefined || /^smtps?:\/\//.test(v), {
      message: "must be an smtp:// or smtps:// URL",
    })
    .describe(
      "`smtp://` or `smtps://` URL (credentials in it) of the server that sends fill confirmations. Unset: each e-mail is written to `DATA_DIR/mail/fill-<fill id>.eml` instead. Secret.",
    ),
  MAIL_FROM: z.string().min(3).default("Bourse <no-reply@bourse.local>").describe("the `From` of e-mails"),
};

/** The settings in the groups, and the order, that docs/configuration.md shows them in. */
export const settingGroups = [
  { title: "Service", note: "", settings: service },
  {
    title: "The venue and the way to it",
    note: "`VENUE_*` client settings apply to every process that calls the venue (`api`, `worker`, `start`); the venue's own settings to `venue` and `start`.",
    settings: venue,
  },
  {
    title: "Redis, cache, rate limits, streams",
    note: "Used by `api`, `worker` and `start`; not by `venue`.",
    settings: redis,
  },
  { title: "Reports and e-mail", note: "", settings: reports },
] as const;

const schema = z.object({ ...service, ...venue, ...redis, ...reports }).superRefine((c, ctx) => {
  // A cache fill must find the version its read saw: the version has to outlive the slowest read.
  if (c.CACHE_GUARD_MS <= c.DB_STATEMENT_TIMEOUT_MS + c.DB_CONNECTION_TIMEOUT_MS) {
    ctx.addIssue({
      code: "custom",
      path: ["CACHE_GUARD_MS"],
      message: `must be longer than DB_STATEMENT_TIMEOUT_MS + DB_CONNECTION_TIMEOUT_MS (${c.DB_STATEMENT_TIMEOUT_MS + c.DB_CONNECTION_TIMEOUT_MS} ms), the longest a read can take`,
    });
  }
  if ((c.S3_ACCESS_KEY_ID === undefined) !== (c.S3_SECRET_ACCESS_KEY === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [c.S3_ACCESS_KEY_ID === undefined ? "S3_ACCESS_KEY_ID" : "S3_SECRET_ACCESS_KEY"],
      message: "must be set together with the other S3 key (or leave both unset for the AWS default chain)",
    });
  }
  if (c.NODE_ENV !== "production") return;
  if (c.TRUST_PROXY === true) {
    ctx.addIssue({
      code: "custom",
      path: ["TRUST_PROXY"],
      message:
        "must not be true when NODE_ENV=production: it takes the client's address from the left-most X-Forwarded-For entry, which any client writes itself; set the proxies' addresses or CIDRs (e.g. 10.0.0.0/8), or their number (e.g. 1)",
    });
  }
  if (c.S3_SECRET_ACCESS_KEY !== undefined && PLACEHOLDERS.has(c.S3_SECRET_ACCESS_KEY.toLowerCase())) {
    ctx.addIssue({
      code: "custom",
      path: ["S3_SECRET_ACCESS_KEY"],
      message: "is a placeholder; set the real secret when NODE_ENV=production",
    });
  }
});

export type RawConfig = z.output<typeof schema>;
export type Config = Omit<
  RawConfig,
  | "ADMIN_TOKEN"
  | "METRICS_TOKEN"
  | "DATABASE_URL"
  | "VENUE_WEBHOOK_SECRET"
  | "SMTP_URL"
  | "S3_SECRET_ACCESS_KEY"
  | "REDIS_URL"
> & {
  REDIS_URL: Secret | undefined;
  SMTP_URL: Secret | undefined;
  S3_SECRET_ACCESS_KEY: Secret | undefined;
  ADMIN_TOKEN: Secret | undefined;
  METRICS_TOKEN: Secret | undefined;
  DATABASE_URL: Secret | undefined;
  VENUE_WEBHOOK_SECRET: Secret | undefined;
  /** True when no DATABASE_URL is given: PostgreSQL is started from DATA_DIR by this process. */
  embedded: boolean;
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads `.env` (if present) under the process environment: real variables win. */
export function readEnvironment(
  env: NodeJS.ProcessEnv,
  dotenvPath = ".env",
): Record<string, string | undefined> {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  return { ...fromFile, ...env };
}

const SECRET_NAMES = [
  "ADMIN_TOKEN",
  "METRICS_TOKEN",
  "DATABASE_URL",
  "VENUE_WEBHOOK_SECRET",
  "SMTP_URL",
  "S3_SECRET_ACCESS_KEY",
  "REDIS_URL",
];

/** Parses every setting at once; throws ConfigError listing every problem. Values of secrets never appear. */
/**
 * What production requires of the role that runs: a database for everything but the venue (which
 * keeps none), the admin token where admin routes are served, and the venue's secret wherever the
 * venue is run or called, since its API takes nothing unsigned.
 */
function productionProblems(c: RawConfig, role: string | undefined): string[] {
  if (c.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (role !== "venue" && c.DATABASE_URL === undefined) {
    problems.push(
      "DATABASE_URL is required when NODE_ENV=production (embedded PostgreSQL is for development only)",
    );
  }
  // migrate and check never touch Redis; the venue keeps no shared state.
  if (!["venue", "migrate", "check"].includes(role ?? "") && c.REDIS_URL === undefined) {
    problems.push(
      "REDIS_URL is required when NODE_ENV=production (the in-process cache, rate limits and pub/sub are for one process only)",
    );
  }
  const servesAdmin = role === undefined || role === "start" || role === "api";
  const token = c.ADMIN_TOKEN;
  if (servesAdmin && (token === undefined || PLACEHOLDERS.has(token.toLowerCase()) || token.length < 24)) {
    problems.push(
      "ADMIN_TOKEN must be set to a random value of at least 24 characters when NODE_ENV=production",
    );
  }
  const usesVenue = !["migrate", "check"].includes(role ?? "");
  const secret = c.VENUE_WEBHOOK_SECRET;
  if (usesVenue && (secret === undefined || PLACEHOLDERS.has(secret.toLowerCase()) || secret.length < 32)) {
    problems.push(
      "VENUE_WEBHOOK_SECRET must be set to a random value of at least 32 characters when NODE_ENV=production (openssl rand -base64 32), the same for the venue, api and worker",
    );
  }
  // Optional, but a guessable one would open what its absence keeps closed.
  const metrics = c.METRICS_TOKEN;
  if (metrics !== undefined && (PLACEHOLDERS.has(metrics.toLowerCase()) || metrics.length < 24)) {
    problems.push(
      "METRICS_TOKEN must be a random value of at least 24 characters when NODE_ENV=production (or unset: no /metrics on the API port)",
    );
  }
  return problems;
}

/** `role` is the command that will run (start, api, worker, venue, …); undefined checks for all. */
export function parseConfig(source: Record<string, string | undefined>, role?: string): Config {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(settings)";
      const secret = SECRET_NAMES.includes(name);
      const got = !secret && typeof source[name] === "string" ? ` (got '${source[name]}')` : "";
      return `${name} ${issue.message}${got}`;
    });
    throw new ConfigError(problems);
  }
  const c = result.data;
  const problems = productionProblems(c, role);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...c,
    ADMIN_TOKEN: c.ADMIN_TOKEN === undefined ? undefined : new Secret(c.ADMIN_TOKEN),
    METRICS_TOKEN: c.METRICS_TOKEN === undefined ? undefined : new Secret(c.METRICS_TOKEN),
    DATABASE_URL: c.DATABASE_URL === undefined ? undefined : new Secret(c.DATABASE_URL),
    VENUE_WEBHOOK_SECRET:
      c.VENUE_WEBHOOK_SECRET === undefined ? undefined : new Secret(c.VENUE_WEBHOOK_SECRET),
    SMTP_URL: c.SMTP_URL === undefined ? undefined : new Secret(c.SMTP_URL),
    S3_SECRET_ACCESS_KEY:
      c.S3_SECRET_ACCESS_KEY === undefined ? undefined : new Secret(c.S3_SECRET_ACCESS_KEY),
    REDIS_URL: c.REDIS_URL === undefined ? undefined : new Secret(c.REDIS_URL),
    embedded: c.DATABASE_URL === undefined,
  };
}

let loaded: Config | undefined;

/** The process's configuration, parsed once. */
export function loadConfig(role?: string): Config {
  loaded ??= parseConfig(readEnvironment(process.env), role);
  return loaded;
}
