// Teardown that runs at the end of a block, on failure, and when the harness gets SIGINT/SIGTERM.

type Cleanup = () => Promise<void>;
const pending = new Set<Cleanup>();

/** Runs (or waits for) every registered teardown, newest first. */
export async function cleanupAll(): Promise<void> {
  for (const c of [...pending].reverse()) await c().catch(() => undefined);
}

/** Registers `fn` to run once: after `body`, on failure, or from cleanupAll(); every caller waits for it. */
export async function withCleanup<T>(fn: Cleanup, body: () => Promise<T>): Promise<T> {
  let running: Promise<void> | undefined;
  const once: Cleanup = () => {
    running ??= fn().finally(() => pending.delete(once));
    return running;
  };
  pending.add(once);
  try {
    return await body();
  } finally {
    await once();
  }
}
