// Start and stop order of a process: SIGTERM/SIGINT drain and close everything in reverse order;
// a second signal exits at once.
import type { Logger } from "../platform/logger.ts";

export type Closer = { name: string; close: () => Promise<void> };

/**
 * On the first signal: `beforeClose` (readiness turns 503), then `drainDelayMs` of still serving
 * so load balancers notice, then the closers in order.
 */
export function onShutdown(
  log: Logger,
  closers: Closer[],
  o: { beforeClose?: () => void; afterDrain?: () => void; drainDelayMs?: number } = {},
): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        log.warn({ signal }, "second signal: exiting now");
        process.exit(1);
      }
      stopping = true;
      log.info({ signal }, "shutting down");
      o.beforeClose?.();
      if ((o.drainDelayMs ?? 0) > 0) await new Promise((r) => setTimeout(r, o.drainDelayMs));
      o.afterDrain?.();
      for (const c of closers) {
        try {
          await c.close();
          log.debug({ component: c.name }, "closed");
        } catch (error) {
          log.error({ err: error, component: c.name }, "failed to close cleanly");
          process.exitCode = 1;
        }
      }
      log.info("stopped");
      resolve();
    };
    process.on("SIGTERM", (s) => void stop(s));
    process.on("SIGINT", (s) => void stop(s));
  });
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
