// Every setting, declared once. Nothing else in the code reads process.env.
import { existsSync, readFileSync } from "node:fs";
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

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: int(1024, 65535, 8000),
    DATA_DIR: z.string().min(1).default("./.data"),
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// URL",
    }),
    DB_POOL_MAX: int(1, 200, 20),
    DB_STATEMENT_TIMEOUT_MS: int(100, 600_000, 10_000),
    DB_CONNECTION_TIMEOUT_MS: int(100, 120_000, 5_000),
    DB_IDLE_TIMEOUT_MS: int(1_000, 3_600_000, 60_000),
    DB_MAX_LIFETIME_S: int(0, 86_400, 1_800),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
    ADMIN_TOKEN: optionalString,
    BODY_LIMIT_BYTES: int(1_024, 10_485_760, 65_536),
    CORS_ORIGINS: optionalString.transform((v) =>
      v === undefined
        ? []
        : v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    ),
    SHUTDOWN_GRACE_MS: int(0, 300_000, 10_000),
    SHUTDOWN_DRAIN_DELAY_MS: int(0, 60_000, 0),
    TRUST_PROXY: bool(false),
    WORKER_CONCURRENCY: int(1, 100, 8),
    WORKER_METRICS_PORT: int(0, 65535, 0),
    WORKER_FETCH_BATCH: int(1, 1_000, 16),
    PLACEMENT_BATCH_MAX: int(1, 1_000, 100),
    PLACEMENT_BATCH_CONCURRENCY: int(1, 50, 2),
    WORKER_POLL_INTERVAL_MS: int(100, 60_000, 2_000),
    VENUE_URL: z.url().default("http://127.0.0.1:8001"),
    VENUE_HOST: z.string().min(1).default("127.0.0.1"),
    VENUE_PORT: int(0, 65535, 8001),
    OMS_WEBHOOK_URL: z.url().optional(),
    OMS_MARKET_DATA_URL: z.url().optional(),
    VENUE_TIMEOUT_MS: int(50, 60_000, 2_000),
    VENUE_CONNECT_TIMEOUT_MS: int(50, 60_000, 1_000),
    VENUE_RETRIES: int(0, 10, 2),
    VENUE_MAX_CONCURRENT: int(1, 1_000, 64),
    VENUE_MAX_RPS: int(1, 100_000, 2_000),
    VENUE_BREAKER_THRESHOLD: int(1, 1_000, 10),
    VENUE_BREAKER_OPEN_MS: int(100, 600_000, 5_000),
    ROUTE_RETRY_BASE_MS: int(10, 60_000, 1_000),
    ROUTE_RETRY_MAX_MS: int(100, 3_600_000, 300_000),
    ROUTE_MAX_RETRIES: int(0, 50, 5),
    FAST_PATH: bool(true),
    FAST_PATH_FALLBACK_MS: int(100, 600_000, 5_000),
    FAST_PATH_MAX_PENDING: int(1, 10_000, 64),
    REFERENCE_PRICE_REFRESH_MS: int(0, 3_600_000, 5_000),
    LIQUIDITY_ENABLED: bool(true),
    LIQUIDITY_SEED: int(0, 2_147_483_647, 42),
    LIQUIDITY_REFRESH_MS: int(50, 3_600_000, 1_000),
    VENUE_ANSWERED_COPY_DELAY_MS: int(0, 60_000, 1_000),
    VENUE_FAULT_LATENCY_MS: int(0, 60_000, 0),
    VENUE_FAULT_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
    VENUE_FAULT_TIMEOUT_RATE: z.coerce.number().min(0).max(1).default(0),
    VENUE_FAULT_DROP_WEBHOOK_RATE: z.coerce.number().min(0).max(1).default(0),
    VENUE_FAULT_DUPLICATE_WEBHOOK_RATE: z.coerce.number().min(0).max(1).default(0),
    VENUE_WEBHOOK_SECRET: optionalString,
    SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//.test(v), {
      message: "must be an smtp:// or smtps:// URL",
    }),
    MAIL_FROM: z.string().min(3).default("Bourse <no-reply@bourse.local>"),
    VENUE_WEBHOOK_TOLERANCE_MS: int(1_000, 3_600_000, 300_000),
    DEMO_DEPOSIT_USD: z
      .string()
      .regex(/^\d+(\.\d+)?$/, "must be a decimal number")
      .default("100000"),
    BLOB_DIR: optionalString,
    S3_BUCKET: optionalString.refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), {
      message: "must be a bucket name: 3-63 lowercase letters, digits, '.' and '-'",
    }),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ENDPOINT: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
      message: "must be an http:// or https:// URL",
    }),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: bool(false),
    S3_SIGNED_URL_EXPIRES_S: int(1, 604_800, 300),
    REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
      message: "must be a redis:// or rediss:// URL",
    }),
    REDIS_PREFIX: z.string().max(64).default("bourse:"),
    REDIS_CONNECT_TIMEOUT_MS: int(100, 60_000, 2_000),
    REDIS_COMMAND_TIMEOUT_MS: int(10, 60_000, 500),
    CACHE_ORDER_TTL_S: int(1, 86_400, 300),
    CACHE_MARKET_TTL_MS: int(0, 60_000, 500),
    CACHE_GUARD_MS: int(100, 3_600_000, 30_000),
    CACHE_MAX_ENTRIES: int(100, 10_000_000, 50_000),
    RATE_LIMIT_TRADING_MAX: int(0, 1_000_000_000, 200),
    RATE_LIMIT_TRADING_WINDOW_S: int(1, 86_400, 60),
    RATE_LIMIT_READ_MAX: int(0, 1_000_000_000, 1_200),
    RATE_LIMIT_READ_WINDOW_S: int(1, 86_400, 60),
    RATE_LIMIT_AUTH_FAILURES_MAX: int(0, 1_000_000, 20),
    RATE_LIMIT_AUTH_WINDOW_S: int(1, 86_400, 300),
    RATE_LIMIT_FAIL_OPEN: bool(true),
    STREAM_HEARTBEAT_MS: int(1_000, 600_000, 15_000),
    STREAM_AUTH_TIMEOUT_MS: int(100, 60_000, 5_000),
    STREAM_MAX_BUFFER_BYTES: int(1_024, 1_073_741_824, 1_048_576),
    STREAM_CATCHUP_MS: int(50, 60_000, 1_000),
    MARKET_DATA_INTERVAL_MS: int(0, 60_000, 250),
    MARKET_DATA_DEPTH: int(1, 100, 10),
  })
  .superRefine((c, ctx) => {
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
  "ADMIN_TOKEN" | "DATABASE_URL" | "VENUE_WEBHOOK_SECRET" | "SMTP_URL" | "S3_SECRET_ACCESS_KEY" | "REDIS_URL"
> & {
  REDIS_URL: Secret | undefined;
  SMTP_URL: Secret | undefined;
  S3_SECRET_ACCESS_KEY: Secret | undefined;
  ADMIN_TOKEN: Secret | undefined;
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
  "DATABASE_URL",
  "VENUE_WEBHOOK_SECRET",
  "SMTP_URL",
  "S3_SECRET_ACCESS_KEY",
  "REDIS_URL",
];

/** Parses every setting at once; throws ConfigError listing every problem. Values of secrets never appear. */
/**
 * What production requires of the role that runs: a database for everything but the venue (which
 * keeps none), the admin token where admin routes are served.
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
