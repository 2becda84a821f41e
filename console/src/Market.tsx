// Market data for the chosen instrument: ticker, the book's top levels and the recent trades,
// from the stream's public channels (snapshots on subscribe, then changes).
import type { MarketMessage } from "@bourse/client";
import { useEffect, useState } from "preact/hooks";
import type { Feed } from "./feed.ts";
import { dash, label, time } from "./format.ts";

type Ticker = Extract<MarketMessage, { type: "ticker" }>["data"];
type Book = Extract<MarketMessage, { type: "book" }>["data"];
type Trade = Extract<MarketMessage, { type: "trades" }>["data"][number];

const DEPTH = 10;
const TRADES_SHOWN = 30;

/** Newest first, each trade once (a live trade may also be in the page read meanwhile). */
const newestTrades = (newer: readonly Trade[], older: readonly Trade[]): Trade[] =>
  [...new Map([...newer, ...older].map((t) => [t.id, t] as const)).values()].slice(0, TRADES_SHOWN);

export function useMarket(feed: Feed, symbol: string) {
  const [ticker, setTicker] = useState<Ticker | undefined>();
  const [book, setBook] = useState<Book | undefined>();
  const [trades, setTrades] = useState<Trade[]>([]);
  useEffect(() => {
    setTicker(undefined);
    setBook(undefined);
    setTrades([]);
    // An answer for the symbol shown before this one is dropped.
    let current = true;
    void fetch(`/api/v1/market/${encodeURIComponent(symbol)}/trades?limit=${TRADES_SHOWN}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ data: Trade[] }>) : { data: [] }))
      .then((r) => {
        if (current) setTrades((now) => newestTrades(now, r.data));
      })
      .catch(() => undefined);
    const off = feed.onMarket((m) => {
      if (m.symbol !== symbol) return;
      if (m.type === "ticker") setTicker(m.data);
      else if (m.type === "book") setBook(m.data);
      else if (m.type === "trades") setTrades((now) => newestTrades([...m.data].reverse(), now));
    });
    const follows = (["ticker", "book", "trades"] as const).map((channel) =>
      feed.follow({ channel, symbol }),
    );
    return () => {
      current = false;
      off();
      for (const unfollow of follows) unfollow();
    };
  }, [feed, symbol]);
  return { ticker, book, trades };
}

export function TickerBar(p: { ticker: Ticker | undefined }) {
  const t = p.ticker;
  return (
    <dl class="ticker" aria-label="Ticker">
      <div>
        <dt>Last</dt>
        <dd>{dash(t?.last)}</dd>
      </div>
      <div>
        <dt>Bid</dt>
        <dd class="side-buy">{dash(t?.bid)}</dd>
      </div>
      <div>
        <dt>Ask</dt>
        <dd class="side-sell">{dash(t?.ask)}</dd>
      </div>
      <div>
        <dt>24 h volume</dt>
        <dd>{dash(t?.volume_24h)}</dd>
      </div>
    </dl>
  );
}

export function BookTable(p: { book: Book | undefined }) {
  const asks = (p.book?.asks ?? []).slice(0, DEPTH).reverse();
  const bids = (p.book?.bids ?? []).slice(0, DEPTH);
  return (
    <section class="panel book">
      <h2 id="book-title">Order book</h2>
      <table aria-labelledby="book-title">
        <thead>
          <tr>
            <th scope="col">Side</th>
            <th scope="col">Price</th>
            <th scope="col">Quantity</th>
          </tr>
        </thead>
        <tbody>
          {asks.map(([price, qty]) => (
            <tr key={`a${price}`} class="ask">
              <td>Ask</td>
              <td class="num side-sell">{price}</td>
              <td class="num">{qty}</td>
            </tr>
          ))}
          {bids.map(([price, qty]) => (
            <tr key={`b${price}`} class="bid">
              <td>Bid</td>
              <td class="num side-buy">{price}</td>
              <td class="num">{qty}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TradesTable(p: { trades: Trade[] }) {
  return (
    <section class="panel trades">
      <h2 id="trades-title">Recent trades</h2>
      <div class="scroll">
        <table aria-labelledby="trades-title">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Side</th>
              <th scope="col">Price</th>
              <th scope="col">Quantity</th>
            </tr>
          </thead>
          <tbody>
            {p.trades.map((t) => (
              <tr key={t.id}>
                <td>{time(t.ts)}</td>
                <td class={`side-${t.side}`}>{label(t.side)}</td>
                <td class="num">{t.price}</td>
                <td class="num">{t.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
