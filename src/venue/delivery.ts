// Delivery of execution reports to the OMS: signed webhooks, in the order the engine produced
// them (so in order per order), in batches, retried with capped exponential backoff and jitter
// until acknowledged. Faults for tests and chaos runs: dropped and duplicated deliveries.
//
// Copies of reports the venue has already answered a submit with, for an order that the same
// submit finished (so no later report of it can exist), wait about `answeredDelayMs` (at least
// three quarters of it) before they join the queue. By then the OMS has recorded the answer, so
// each copy is acknowledged without waiting on the OMS's lock of the order, and the copies go out
// many per call instead of one call per order. They are still delivered: a lost answer is
// repaired by its copy.
import { request } from "undici";
import type { Logger } from "../platform/logger.ts";
import { SIGNATURE_HEADER, sign } from "../platform/webhook-signature.ts";
import type { ExecutionReport } from "./reports.ts";

export interface DeliveryOptions {
  url: string;
  secret: string;
  maxBatch: number;
  /** How long copies of answered reports wait before they are queued (0: queued at once). */
  answeredDelayMs: number;
  /** Probability of pretending a batch was delivered (the reconciler must repair it). */
  dropRate: number;
  /** Probability of sending a batch twice. */
  duplicateRate: number;
  random: () => number;
}

export class ReportDelivery {
  readonly #o: DeliveryOptions;
  readonly #log: Logger;
  #queue: ExecutionReport[] = [];
  #sending = false;
  #stopped = false;
  #wake: (() => void) | undefined;
  /** Copies of answered reports, oldest first, with the time each group may be queued. */
  #held: { due: number; reports: ExecutionReport[] }[] = [];
  #heldTimer: NodeJS.Timeout | undefined;

  constructor(o: DeliveryOptions, log: Logger) {
    this.#o = o;
    this.#log = log;
  }

  /**
   * Queues `reports`; `answered` are copies of reports already returned to a submit, about orders
   * that submit finished: held `answeredDelayMs` first.
   */
  enqueue(reports: ExecutionReport[], answered: readonly ExecutionReport[] = []): void {
    if (answered.length > 0) {
      if (this.#o.answeredDelayMs > 0) this.#hold([...answered]);
      else reports = [...reports, ...answered];
    }
    if (reports.length === 0) return;
    this.#queue.push(...reports);
    if (!this.#sending) void this.#run();
    this.#wake?.();
  }

  get pending(): number {
    return this.#queue.length + this.#held.reduce((n, h) => n + h.reports.length, 0);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#heldTimer);
    this.#wake?.();
  }

  #hold(reports: ExecutionReport[]): void {
    this.#held.push({ due: Date.now() + this.#o.answeredDelayMs, reports });
    if (this.#heldTimer === undefined) this.#schedule(this.#o.answeredDelayMs);
  }

  #schedule(delayMs: number): void {
    this.#heldTimer = setTimeout(() => this.#release(), Math.max(0, delayMs));
    this.#heldTimer.unref();
  }

  /**
   * Queues the held copies that are due, as one batch, and waits for the next ones. Copies due
   * within a quarter of the delay go too: held close together, they go out in one call.
   */
  #release(): void {
    this.#heldTimer = undefined;
    if (this.#stopped) return;
    const now = Date.now();
    const until = now + this.#o.answeredDelayMs / 4;
    const due: ExecutionReport[] = [];
    while (this.#held.length > 0 && (this.#held[0]?.due ?? now) <= until) {
      due.push(...(this.#held.shift()?.reports ?? []));
    }
    const next = this.#held[0];
    if (next !== undefined) this.#schedule(next.due - now);
    this.enqueue(due);
  }

  async #run(): Promise<void> {
    this.#sending = true;
    let failures = 0;
    while (!this.#stopped && this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#o.maxBatch);
      try {
        if (this.#o.random() >= this.#o.dropRate) {
          await this.#send(batch);
          if (this.#o.random() < this.#o.duplicateRate) await this.#send(batch);
        }
        this.#queue.splice(0, batch.length);
        failures = 0;
      } catch (error) {
        failures++;
        const delay = Math.min(30_000, 100 * 2 ** Math.min(failures, 9)) * (0.5 + this.#o.random() / 2);
        this.#log.warn(
          { error: String(error), failures, delay },
          "execution report delivery failed; retrying",
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => {
            if (this.#stopped) {
              clearTimeout(timer);
              resolve();
            }
          };
        });
      }
    }
    this.#sending = false;
  }

  async #send(reports: ExecutionReport[]): Promise<void> {
    const body = JSON.stringify({ reports });
    const response = await request(this.#o.url, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(this.#o.secret, body) },
      body,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`OMS answered ${response.statusCode}`);
  }
}
