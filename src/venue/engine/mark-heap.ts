// The waiting trailing stops of one side, ordered by how soon a trade betters their mark: a sell's
// high-water mark is bettered by any higher trade, so the lowest mark comes first; a buy's
// low-water mark by any lower trade, so the highest comes first. A trade then walks only the stops
// it betters, not every trailing stop. A binary heap written here because the engine imports
// nothing outside its folder. Stops that stopped waiting (fired, cancelled) are dropped lazily,
// when they reach the top, or all at once when they outnumber the waiting ones (`compact`).
import type { OrderNode } from "./order.ts";

const markOf = (node: OrderNode): number => node.trail?.hwm ?? 0;

export class MarkHeap {
  readonly #nodes: OrderNode[] = [];
  /** +1: lowest mark first (sells); -1: highest first (buys). */
  readonly #direction: 1 | -1;

  constructor(direction: 1 | -1) {
    this.#direction = direction;
  }

  get size(): number {
    return this.#nodes.length;
  }

  peek(): OrderNode | undefined {
    return this.#nodes[0];
  }

  push(node: OrderNode): void {
    const nodes = this.#nodes;
    nodes.push(node);
    let i = nodes.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  pop(): OrderNode | undefined {
    const nodes = this.#nodes;
    const top = nodes[0];
    const last = nodes.pop();
    if (top === undefined || last === undefined || nodes.length === 0) return top;
    nodes[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < nodes.length && this.#before(left, first)) first = left;
      if (right < nodes.length && this.#before(right, first)) first = right;
      if (first === i) return top;
      this.#swap(i, first);
      i = first;
    }
  }

  /** Drops the nodes `keep` refuses and restores the order (the dead ones left by lazy drops). */
  compact(keep: (node: OrderNode) => boolean): void {
    const kept = this.#nodes.filter(keep);
    this.#nodes.length = 0;
    for (const node of kept) this.push(node);
  }

  #before(a: number, b: number): boolean {
    return (
      this.#direction * markOf(this.#nodes[a] as OrderNode) <
      this.#direction * markOf(this.#nodes[b] as OrderNode)
    );
  }

  #swap(a: number, b: number): void {
    const nodes = this.#nodes;
    const t = nodes[a] as OrderNode;
    nodes[a] = nodes[b] as OrderNode;
    nodes[b] = t;
  }
}
