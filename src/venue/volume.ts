// A market's traded quantity over the last 24 hours, in lots (the engine's integers), kept as one
// sum per minute in a ring: adding a trade and reading the total cost O(1) (amortised), however
// many trades the day had. The window is the current minute and the 1,439 before it.

const MINUTE_MS = 60_000;
const MINUTES = 1_440;

export class RollingVolume {
  readonly #lots = new Array<number>(MINUTES).fill(0);
  /** The newest minute the ring holds (minutes since the epoch). */
  #minute = Number.NEGATIVE_INFINITY;
  #total = 0;

  add(atMs: number, lots: number): void {
    this.#advance(atMs);
    const slot = this.#minute % MINUTES;
    this.#lots[slot] = (this.#lots[slot] ?? 0) + lots;
    this.#total += lots;
  }

  total(atMs: number): number {
    this.#advance(atMs);
    return this.#total;
  }

  /** Moves the window to `atMs`'s minute, dropping the minutes that left it; never backwards. */
  #advance(atMs: number): void {
    const minute = Math.floor(atMs / MINUTE_MS);
    if (minute <= this.#minute) return;
    if (minute - this.#minute >= MINUTES) {
      this.#lots.fill(0);
      this.#total = 0;
    } else {
      for (let m = this.#minute + 1; m <= minute; m++) {
        const slot = m % MINUTES;
        this.#total -= this.#lots[slot] ?? 0;
        this.#lots[slot] = 0;
      }
    }
    this.#minute = minute;
  }
}
