// A trailing stop's mark can move with every trade; the OMS hears of it at most once per interval
// per order. The first move goes out at once; later ones within the interval wait, each replacing
// the one before, and the latest goes out when the interval is over (unless the order ended
// first: its fills and its close tell the rest).
import type { ExecutionReport } from "./reports.ts";

/** How often, at most, the OMS hears of one order's trail (it turns each into an `order.updated`). */
export const TRAIL_REPORT_INTERVAL_MS = 1_000;

interface Held {
  report: ExecutionReport;
  timer: NodeJS.Timeout;
}

export class TrailReports {
  readonly #send: (report: ExecutionReport) => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  /** When each order's last trail report went out. */
  readonly #sentAt = new Map<string, number>();
  readonly #held = new Map<string, Held>();

  constructor(send: (report: ExecutionReport) => void, o: { intervalMs?: number; now?: () => number } = {}) {
    this.#send = send;
    this.#intervalMs = o.intervalMs ?? TRAIL_REPORT_INTERVAL_MS;
    this.#now = o.now ?? Date.now;
  }

  /** True when the report may go out now; otherwise it is held, and `send` gets it later. */
  offer(report: ExecutionReport): boolean {
    const id = report.order_id;
    const now = this.#now();
    const last = this.#sentAt.get(id);
    const held = this.#held.get(id);
    if (held === undefined && (last === undefined || now - last >= this.#intervalMs)) {
      this.#sentAt.set(id, now);
      return true;
    }
    if (held !== undefined) {
      held.report = report;
      return false;
    }
    const timer = setTimeout(() => this.#release(id), (last ?? now) + this.#intervalMs - now);
    timer.unref();
    this.#held.set(id, { report, timer });
    return false;
  }

  #release(id: string): void {
    const held = this.#held.get(id);
    if (held === undefined) return;
    this.#held.delete(id);
    this.#sentAt.set(id, this.#now());
    this.#send(held.report);
  }

  /** The order ended: a held move is dropped. */
  end(orderId: string): void {
    const held = this.#held.get(orderId);
    if (held !== undefined) clearTimeout(held.timer);
    this.#held.delete(orderId);
    this.#sentAt.delete(orderId);
  }

  close(): void {
    for (const held of this.#held.values()) clearTimeout(held.timer);
    this.#held.clear();
    this.#sentAt.clear();
  }
}
