// Delivery of execution reports to the OMS: signed webhooks, in the order the engine produced
// them (so in order per order), in batches, retried with capped exponential backoff and jitter
// until acknowledged. Faults for tests and chaos runs: dropped and duplicated deliveries.
import { request } from "undici";
import type { Logger } from "../platform/logger.ts";
import { SIGNATURE_HEADER, sign } from "../platform/webhook-signature.ts";
import type { ExecutionReport } from "./reports.ts";

export interface DeliveryOptions {
  url: string;
  secret: string;
  maxBatch: number;
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

  constructor(o: DeliveryOptions, log: Logger) {
    this.#o = o;
    this.#log = log;
  }

  enqueue(reports: ExecutionReport[]): void {
    if (reports.length === 0) return;
    this.#queue.push(...reports);
    if (!this.#sending) void this.#run();
    this.#wake?.();
  }

  get pending(): number {
    return this.#queue.length;
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
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
