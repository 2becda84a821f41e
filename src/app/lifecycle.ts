// Start and stop order of a process: SIGTERM/SIGINT drain, then close everything in the one order
// SHUTDOWN_ORDER declares, within a bounded time; a second signal exits at once.
import type { Logger } from "../platform/logger.ts";

/**
 * What a process closes, in the order it closes them:
 * - the venue (in `start`) first: it flushes its reports to the API while the API still runs;
 * - the HTTP server next, so that in-flight requests finish while the rest still runs;
 * - the fast path after the HTTP server (whose requests start its work), before the pools it uses;
 * - the worker, then a worker's own metrics server;
 * - the Redis tier, the venue client and the blob store, which the above may still use;
 * - the database last: every other part may use it until it has closed.
 */
export const SHUTDOWN_ORDER = [
  "venue",
  "http",
  "fast path",
  "worker",
  "metrics server",
  "redis",
  "venue client",
  "blob store",
  "database",
] as const;

export type Component = (typeof SHUTDOWN_ORDER)[number];

export type Closer = { name: string; close: () => Promise<void> };

/** The closers of one process, registered by component as it starts, listed in SHUTDOWN_ORDER. */
export class Closers {
  readonly #byName = new Map<Component, () => Promise<void>>();

  add(name: Component, close: () => Promise<void>): void {
    if (this.#byName.has(name)) throw new Error(`a closer for ${name} is already registered`);
    this.#byName.set(name, close);
  }

  /** In shutdown order. */
  list(): Closer[] {
    return SHUTDOWN_ORDER.flatMap((name) => {
      const close = this.#byName.get(name);
      return close === undefined ? [] : [{ name, close }];
    });
  }

  /** Closes all in shutdown order, each once even if one fails; rethrows the first failure. */
  async closeAll(): Promise<void> {
    let failure: unknown;
    for (const c of this.list()) {
      this.#byName.delete(c.name as Component);
      await c.close().catch((error: unknown) => {
        failure ??= error;
      });
    }
    if (failure !== undefined) throw failure;
  }
}

export interface ShutdownOptions {
  /** How long closing may take in all; past it the process exits with status 1. */
  graceMs: number;
  /** Called at the signal: readiness turns 503. */
  beforeClose?: () => void;
  /** Called after `drainDelayMs`, before the first closer. */
  afterDrain?: () => void;
  /** How long to keep serving after the signal, so that load balancers notice. */
  drainDelayMs?: number;
  /** Where the signals come from (the process unless a test says otherwise). */
  signals?: NodeJS.EventEmitter;
  /** How to exit when closing overruns or a second signal comes (process.exit unless a test says otherwise). */
  exit?: (code: number) => void;
}

/**
 * On the first signal: `beforeClose`, then `drainDelayMs` of still serving, then the closers in
 * order. Every closer runs under the deadline of the whole closing phase, `graceMs`: a closer that
 * never ends (a pool waiting for a database that has gone) must not keep the process alive, so
 * past the deadline the process exits with status 1 and says so.
 */
export function onShutdown(log: Logger, closers: Closer[], o: ShutdownOptions): Promise<void> {
  const signals = o.signals ?? process;
  const exit = o.exit ?? ((code: number) => process.exit(code));
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        log.warn({ signal }, "second signal: exiting now");
        exit(1);
        return;
      }
      stopping = true;
      log.info({ signal }, "shutting down");
      o.beforeClose?.();
      if ((o.drainDelayMs ?? 0) > 0) await new Promise((r) => setTimeout(r, o.drainDelayMs));
      o.afterDrain?.();
      if (await closeWithin(log, closers, o.graceMs)) {
        log.info("stopped");
      } else {
        log.error(
          { grace_ms: o.graceMs },
          "shutdown did not finish within SHUTDOWN_GRACE_MS: exiting without closing the rest",
        );
        exit(1);
      }
      resolve();
    };
    signals.on("SIGTERM", (s: string) => void stop(s));
    signals.on("SIGINT", (s: string) => void stop(s));
  });
}

/** Runs the closers in order within `ms` in all; false when one was still running at the deadline. */
async function closeWithin(log: Logger, closers: Closer[], ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (const c of closers) {
    let finished = false;
    try {
      await withDeadline(log, c.name, Math.max(0, end - Date.now()), async () => {
        await c.close();
        finished = true;
      });
    } catch (error) {
      log.error({ err: error, component: c.name }, "failed to close cleanly");
      process.exitCode = 1;
      continue;
    }
    if (!finished) return false;
    log.debug({ component: c.name }, "closed");
  }
  return true;
}

/** Resolves with `run()`, or after `ms` with a warning, whichever is first. */
export async function withDeadline(
  log: Logger,
  what: string,
  ms: number,
  run: () => Promise<void>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn({ ms }, `${what} did not finish within the grace period; closing anyway`);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
