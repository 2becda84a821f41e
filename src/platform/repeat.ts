// Work run every `everyMs` until stopped, never twice at once: a run that overruns the interval
// delays the next (node:timers/promises' interval skips the ticks it missed). The timer does not
// keep the process alive; `stop` waits for a run in progress. A run that throws goes to `failed`,
// and the next runs as usual.
import { setInterval as ticks } from "node:timers/promises";

export interface Repeating {
  stop(): Promise<void>;
}

export function repeat(
  everyMs: number,
  work: () => Promise<void>,
  failed: (error: unknown) => void,
): Repeating {
  const stopping = new AbortController();
  const loop = (async () => {
    try {
      for await (const _ of ticks(everyMs, undefined, { signal: stopping.signal, ref: false })) {
        await work().catch(failed);
      }
    } catch (error) {
      if (!stopping.signal.aborted) throw error;
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
