// Pages of `GET /orders` as the JSON bytes the API sends, cached by version. Every change of an
// order (placement, routing, fill, cancel, replace, expiry) moves its account's `event_seq` in the
// same transaction, so (account, query, event_seq) names one exact page: a page is served only
// when the account's current `event_seq` is the one its rows were read with, so it is never stale
// and nothing needs invalidating. A hit costs the read of `event_seq` (batched with the other
// requests of the moment, see SequenceReader); the page query runs when the page is new or changed.
import { LRUCache } from "lru-cache";
import { SequenceReader } from "../events/events.service.ts";
import { normalize } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { listOrdersAt, type OrderFilter, type OrderPageRow } from "./orders.repository.ts";
import { quantityOf } from "./orders.views.ts";

// A string as JSON.stringify writes it: only quotes, backslashes, control characters and (lone)
// surrogates need escaping, and for those JSON.stringify does it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const str = (s: string) => (ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
const strOrNull = (s: string | null) => (s === null ? "null" : str(s));
/** NUMERIC text canonicalised as orderView does (digits, "-" and "." only: nothing to escape). */
const num = (s: string) => `"${normalize(s)}"`;
const numOrNull = (s: string | null) => (s === null ? "null" : num(s));
/**
 * PostgreSQL's UTC timestamp text ("2026-11-26 12:00:00.123456", the fraction without trailing
 * zeros, or none) as `Date#toISOString()` writes the Date that pg would have parsed from it: its
 * milliseconds are the fraction's first three digits (pg's parser truncates the microseconds).
 */
export const isoFromUtcText = (t: string) =>
  `"${t.slice(0, 10)}T${t.slice(11, 19)}.${t.length > 20 ? `${t.slice(20, 23)}00`.slice(0, 3) : "000"}Z"`;

/**
 * The page's JSON text, `{"data":[…],"next_cursor":…}`: byte for byte what the route's response
 * schema writes for `toPage(rows.map(orderView), limit)` (same fields, order and escaping).
 */
export function renderPage(rows: OrderPageRow[], limit: number): string {
  const n = Math.min(rows.length, limit);
  let out = '{"data":[';
  for (let i = 0; i < n; i++) {
    const r = rows[i] as OrderPageRow;
    out += `${i === 0 ? "" : ","}{"id":${str(r.id)},"client_order_id":${strOrNull(r.client_order_id)},"symbol":${str(r.symbol)},"side":${str(r.side)},"order_type":${str(r.order_type)},"time_in_force":${str(r.time_in_force)},"quantity":"${quantityOf(r)}","price":${numOrNull(r.price)},"trigger_price":${numOrNull(r.trigger_price)},"trail_price":${numOrNull(r.trail_price)},"trail_percent":${numOrNull(r.trail_percent)},"hwm":${numOrNull(r.hwm)},"order_class":${str(r.order_class)},"parent_order_id":${strOrNull(r.parent_order_id)},"status":${str(r.status)},"filled_quantity":${num(r.filled_quantity)},"average_fill_price":${numOrNull(r.average_fill_price)},"reject_reason":${strOrNull(r.reject_reason)},"created_at":${isoFromUtcText(r.created_at)},"updated_at":${isoFromUtcText(r.updated_at)},"post_only":${r.post_only},"expire_at":${r.expire_at === null ? "null" : isoFromUtcText(r.expire_at)},"notional":${numOrNull(r.notional)}}`;
  }
  const last = rows[n - 1];
  return `${out}],"next_cursor":${rows.length > limit && last !== undefined ? str(last.id) : "null"}}`;
}

/** The parts of a validated query that choose the page (none of them can contain "|"). */
const pageKey = (accountId: string, f: OrderFilter) =>
  `${accountId}|${f.symbol ?? ""}|${f.status ?? ""}|${f.side ?? ""}|${f.cursor ?? ""}|${f.limit}`;

interface Entry {
  /** The account's event_seq in the snapshot the page was read from. */
  seq: string;
  page: Buffer;
}

export class OrderPages {
  readonly #db: Executor;
  readonly #seqs: SequenceReader;
  readonly #pages: LRUCache<string, Entry>;
  readonly #onLookup: (hit: boolean) => void;

  /**
   * `maxBytes`: the most bytes of pages (their JSON, plus keys) the process keeps; the least
   * recently used go first. One entry per account and query: the latest version read.
   */
  constructor(o: { db: Executor; maxBytes: number; onLookup?: (hit: boolean) => void }) {
    this.#db = o.db;
    this.#seqs = new SequenceReader(o.db);
    this.#pages = new LRUCache<string, Entry>({
      maxSize: o.maxBytes,
      sizeCalculation: (entry, key) => entry.page.length + key.length + 64,
    });
    this.#onLookup = o.onLookup ?? (() => {});
  }

  /** The page as UTF-8 JSON bytes, to be sent as they are. */
  async json(accountId: string, f: OrderFilter): Promise<Buffer> {
    const key = pageKey(accountId, f);
    const cached = this.#pages.get(key);
    // Read after this request arrived: every change committed before it is counted in `seq`.
    if (cached !== undefined && (await this.#seqs.read(accountId)) === cached.seq) {
      this.#onLookup(true);
      return cached.page;
    }
    this.#onLookup(false);
    // Rows and sequence from one snapshot (one statement): the page is exactly version `seq`.
    const { seq, rows } = await listOrdersAt(this.#db, accountId, f);
    const page = Buffer.from(renderPage(rows, f.limit));
    // An empty page comes without a sequence number: it is not kept (asking again costs the query).
    if (seq !== undefined) {
      // A concurrent miss may have stored a newer version meanwhile: keep the newer.
      const now = this.#pages.peek(key);
      if (now === undefined || BigInt(now.seq) < BigInt(seq)) this.#pages.set(key, { seq, page });
    }
    return page;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#pages.calculatedSize;
  }
}
