// The candlestick chart (TradingView's lightweight-charts): the bars of GET …/candles, then the
// current bar from the stream's `candles` channel as it changes. Prices become numbers here, for
// drawing only: nothing computed from them goes back to the API.
import { type Candle, unwrap } from "@bourse/client";
import {
  CandlestickSeries,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from "lightweight-charts";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Feed } from "./feed.ts";
import { api } from "./session.ts";

export const INTERVALS = ["1m", "5m", "15m", "1h", "1d"] as const;
type Interval = (typeof INTERVALS)[number];

const bar = (c: Candle) => ({
  time: Math.floor(Date.parse(c.t) / 1000) as UTCTimestamp,
  open: Number(c.o),
  high: Number(c.h),
  low: Number(c.l),
  close: Number(c.c),
});

/** The most recent bars, oldest first; none when the read fails (the stream still draws the current bar). */
const history = (symbol: string, interval: Interval): Promise<Candle[]> =>
  unwrap(
    api().GET("/api/v1/market/{symbol}/candles", {
      params: { path: { symbol }, query: { interval, limit: 500 } },
    }),
  )
    .then((r) => r.data)
    .catch(() => []);

export function Chart(p: { feed: Feed; symbol: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | undefined>(undefined);
  const series = useRef<ISeriesApi<"Candlestick"> | undefined>(undefined);
  const [interval, setInterval] = useState<Interval>("1m");
  const [bars, setBars] = useState(0);

  useEffect(() => {
    if (box.current === null) return;
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    chart.current = createChart(box.current, {
      autoSize: true,
      // The built-in logo injects a <style> element, which the console's CSP refuses: the
      // attribution the library's licence asks for is the link under the chart instead.
      layout: {
        background: { color: "transparent" },
        textColor: dark ? "#d8dde6" : "#1d2633",
        attributionLogo: false,
      },
      grid: { vertLines: { visible: false }, horzLines: { color: dark ? "#2a3340" : "#e6e9ee" } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    series.current = chart.current.addSeries(CandlestickSeries, {
      upColor: "#1a9c5b",
      downColor: "#d64545",
      wickUpColor: "#1a9c5b",
      wickDownColor: "#d64545",
      borderVisible: false,
    });
    return () => chart.current?.remove();
  }, []);

  useEffect(() => {
    let current = true;
    const seen = new Set<number>();
    series.current?.setData([]);
    setBars(0);
    void history(p.symbol, interval).then((candles) => {
      if (!current) return;
      const data = candles.map(bar);
      for (const d of data) seen.add(d.time);
      series.current?.setData(data);
      setBars(seen.size);
      chart.current?.timeScale().scrollToRealTime();
    });
    const off = p.feed.onMarket((m) => {
      if (m.type !== "candle" || m.symbol !== p.symbol || m.interval !== interval) return;
      const b = bar(m.data);
      // The chart takes updates of its last bar or a newer one only.
      const last = series.current?.data().at(-1);
      if (last !== undefined && (last.time as number) > b.time) return;
      series.current?.update(b);
      seen.add(b.time);
      setBars(seen.size);
    });
    const unfollow = p.feed.follow({ channel: "candles", symbol: p.symbol, interval });
    return () => {
      current = false;
      off();
      unfollow();
    };
  }, [p.symbol, interval, p.feed]);

  return (
    <section class="panel chart-panel" aria-labelledby="chart-title">
      <div class="panel-head">
        <h2 id="chart-title">{p.symbol}</h2>
        <fieldset class="intervals">
          <legend class="visually-hidden">Interval</legend>
          {INTERVALS.map((i) => (
            <button key={i} type="button" aria-pressed={i === interval} onClick={() => setInterval(i)}>
              {i}
            </button>
          ))}
        </fieldset>
      </div>
      <figure class="chart" aria-label="Price chart" data-bars={bars}>
        <div ref={box} class="chart-canvas" />
        {bars === 0 ? <p class="empty chart-empty">No bars yet for this interval.</p> : null}
        <figcaption class="attribution">
          Chart by{" "}
          <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer">
            TradingView
          </a>{" "}
          Lightweight Charts
        </figcaption>
      </figure>
    </section>
  );
}
