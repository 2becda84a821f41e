// Work run right after the commit that made it, in the process that committed it, instead of
// waiting for a worker to fetch its job. Two kinds:
// - with a job (settlement of a large webhook): the job is still written in the same
//   transaction, keyed and delayed by `fallbackMs`; when the work here has ended, the job is
//   withdrawn; if this process dies (or the work fails) first, a worker runs the job after the
//   delay. So the work is as durable as the job.
// - without a job (routing): the rows the commit wrote say what is left to do (pending orders),
//   and a sweeper in the workers takes over what is still left after `fallbackMs` (see
//   modules/trading/rescue.ts). Nothing is written or withdrawn for the work itself.
// Either way the hop through the queue is skipped whenever nothing went wrong, and whatever takes
// over must tolerate work already done (routing and settlement check the state they act on).
import { randomUUID } from "node:crypto";
import pLimit, { type LimitFunction } from "p-limit";
import type { Logger } from "./logger.ts";

export interface FastPathOptions {
  /** What the work is, for logs. */
  name: string;
  /** Withdraws the job with this key (queue.ts `removeJob` on the pool); none: the work has no job. */
  withdraw?: (jobKey: string) => Promise<void>;
  /** How long the job waits before a worker may run it. */
  fallbackMs: number;
  /** Claims held at once; past it, commits queue their job to run at once (the queue takes the load). */
  maxPending: number;
  /** Work items run at the same time. */
  concurrency: number;
  /** Counts outcomes: done here, failed here (its job runs), or full (no claim; the job runs at once). */
  count?: (result: "done" | "failed" | "full") => void;
}

/** The job options of a commit whose work this process will run. */
export interface Claim {
  jobKey: string;
  runAt: Date;
}

export class FastPath {
  readonly #o: FastPathOptions;
  readonly #log: Logger;
  readonly #limit: LimitFunction;
  readonly #running = new Set<Promise<void>>();
  #pending = 0;
  #closed = false;

  constructor(o: FastPathOptions, log: Logger) {
    this.#o = o;
    this.#log = log;
    this.#limit = pLimit(o.concurrency);
  }

  /**
   * Before a transaction: a claim when this process will run its work (queue the job with the
   * claim's key and run time, or, without a job, none), undefined when it is full or closing
   * (queue the job as usual).
   * Every claim ends in `#run` (committed) or `#release` (rolled back or nothing to do).
   */
  #claim(): Claim | undefined {
    if (this.#closed) return undefined;
    if (this.#pending >= this.#o.maxPending) {
      this.#o.count?.("full");
      return undefined;
    }
    this.#pending++;
    return {
      jobKey: `fast:${this.#o.name}:${randomUUID()}`,
      runAt: new Date(Date.now() + this.#o.fallbackMs),
    };
  }

  #release(): void {
    this.#pending--;
  }

  /**
   * After COMMIT: runs the work, then withdraws the job. Work that throws leaves the job in
   * place (or, without a job, what it left to the sweeper), taken over after the delay. Never
   * throws.
   */
  #run(claim: Claim, work: () => Promise<void>): void {
    const p = this.#limit(async () => {
      try {
        await work();
      } catch (error) {
        this.#o.count?.("failed");
        this.#log.warn(
          { err: error, job_key: claim.jobKey },
          `${this.#o.name} failed in process; its fallback takes it over after the delay`,
        );
        return;
      }
      this.#o.count?.("done");
      await this.#o.withdraw?.(claim.jobKey).catch((error: unknown) => {
        // The job then runs after the delay and finds the work done.
        this.#log.warn({ err: error, job_key: claim.jobKey }, `${this.#o.name}: withdrawing its job failed`);
      });
    }).finally(() => {
      this.#release();
      this.#running.delete(p);
    });
    this.#running.add(p);
  }

  /**
   * `write` (a transaction) with a claim if one is free; after it commits, the work `after` names
   * for its result runs here (`after` answers undefined when the commit left nothing to do).
   */
  async around<T>(
    write: (claim: Claim | undefined) => Promise<T>,
    after: (result: T) => (() => Promise<void>) | undefined,
  ): Promise<T> {
    const claim = this.#claim();
    let result: T;
    try {
      result = await write(claim);
    } catch (error) {
      if (claim !== undefined) this.#release();
      throw error;
    }
    if (claim !== undefined) {
      const work = after(result);
      if (work === undefined) this.#release();
      else this.#run(claim, work);
    }
    return result;
  }

  /** Takes no new claims and waits for the work already claimed to end. */
  async drain(): Promise<void> {
    this.#closed = true;
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
