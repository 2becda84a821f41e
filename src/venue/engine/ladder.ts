// The price levels of one side of a book (or of a stop book), sorted by key with the best level
// LAST. Nearly all activity is at or near the touch, so adding or removing a level there moves few
// array slots, and taking the best level is an index read.
import { Level, type OrderNode } from "./order.ts";

export class Ladder {
  /**
   * +1: the highest price is best (bids; sell stops, which fire as the price falls to them).
   * -1: the lowest price is best (asks; buy stops, which fire as the price rises to them).
   */
  readonly direction: 1 | -1;
  readonly levels: Level[] = [];
  orderCount = 0;

  constructor(direction: 1 | -1) {
    this.direction = direction;
  }

  best(): Level | undefined {
    return this.levels[this.levels.length - 1];
  }

  /**
   * True when the best level is at `price` or better than it: an order on the other side limited
   * at `price` can trade with it, or (stop books) a last trade at `price` fires it.
   */
  reaches(price: number): boolean {
    const best = this.levels[this.levels.length - 1];
    return best !== undefined && best.key >= this.direction * price;
  }

  /**
   * Queues the order at the back of its level. Returns false, changing nothing, when the level's
   * total would leave the safe-integer range (a fresh level always has room).
   */
  append(node: OrderNode, price: number): boolean {
    const level = this.levelAt(price);
    if (level.total > Number.MAX_SAFE_INTEGER - node.remaining) return false;
    level.append(node);
    this.orderCount += 1;
    return true;
  }

  remove(node: OrderNode): void {
    const level = node.level;
    if (level === null) return;
    level.unlink(node);
    this.orderCount -= 1;
    if (level.count === 0) this.dropLevel(level);
  }

  /** Takes the best level's head off the book, for matching and stop triggering. */
  shiftBest(level: Level, node: OrderNode): void {
    level.unlink(node);
    this.orderCount -= 1;
    if (level.count === 0) this.levels.pop();
  }

  private levelAt(price: number): Level {
    const key = this.direction * price;
    const last = this.levels[this.levels.length - 1];
    if (last !== undefined && last.key === key) return last;
    const index = this.search(key);
    const found = this.levels[index];
    if (found !== undefined && found.key === key) return found;
    const level = new Level(price, key);
    if (index === this.levels.length) this.levels.push(level);
    else this.levels.splice(index, 0, level);
    return level;
  }

  private dropLevel(level: Level): void {
    const lastIndex = this.levels.length - 1;
    if (this.levels[lastIndex] === level) {
      this.levels.pop();
      return;
    }
    const index = this.search(level.key);
    if (this.levels[index] === level) this.levels.splice(index, 1);
  }

  /** Index of the first level whose key is >= key (levels.length if none). */
  private search(key: number): number {
    const levels = this.levels;
    let low = 0;
    let high = levels.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const level = levels[mid];
      if (level !== undefined && level.key < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
