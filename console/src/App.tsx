// The console: sign-in, then the trading view (market, ticket, account) or the admin view.
import { type Instrument, unwrap } from "@bourse/client";
import { useEffect, useMemo, useState } from "preact/hooks";
import { Account } from "./Account.tsx";
import { Admin } from "./Admin.tsx";
import { useAccount } from "./account.ts";
import { Chart } from "./Chart.tsx";
import { Feed } from "./feed.ts";
import { BookTable, TickerBar, TradesTable, useMarket } from "./Market.tsx";
import { SignIn } from "./SignIn.tsx";
import { api, storedKey, storeKey } from "./session.ts";
import { Ticket } from "./Ticket.tsx";

export function App() {
  const [key, setKey] = useState(storedKey());
  const [view, setView] = useState<"trade" | "admin">("trade");
  if (key === undefined) {
    return (
      <SignIn
        onKey={(k) => {
          storeKey(k);
          setKey(k);
        }}
      />
    );
  }
  const signOut = () => {
    storeKey(undefined);
    setKey(undefined);
  };
  return (
    <>
      <header class="top">
        <h1>Bourse</h1>
        <nav aria-label="Views">
          <button type="button" aria-pressed={view === "trade"} onClick={() => setView("trade")}>
            Trade
          </button>
          <button type="button" aria-pressed={view === "admin"} onClick={() => setView("admin")}>
            Admin
          </button>
        </nav>
        <button type="button" class="sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      {view === "trade" ? <Trade apiKey={key} /> : <Admin />}
    </>
  );
}

function Trade(p: { apiKey: string }) {
  const feed = useMemo(() => new Feed(p.apiKey), [p.apiKey]);
  useEffect(() => () => feed.close(), [feed]);
  const [state, setState] = useState<{ state: string; closeCode?: number }>({ state: feed.stream.state });
  useEffect(() => feed.onState((s, closeCode) => setState({ state: s, closeCode })), [feed]);
  const [instruments, setInstruments] = useState<Instrument[]>([]);
  const [symbol, setSymbol] = useState("BTC-USD");
  useEffect(() => {
    void unwrap(api().GET("/api/v1/instruments"))
      .then((r) => {
        setInstruments(r.data);
        const first = r.data[0];
        if (first !== undefined && !r.data.some((i) => i.symbol === symbol)) setSymbol(first.symbol);
      })
      // The picker keeps the default instrument; the stream's status line shows a server that is down.
      .catch(() => undefined);
  }, []);
  const account = useAccount(p.apiKey, feed);
  const market = useMarket(feed, symbol);
  return (
    <main class="trade">
      <div class="market-bar">
        <label for="instrument">Instrument</label>
        <select id="instrument" value={symbol} onChange={(e) => setSymbol(e.currentTarget.value)}>
          {instruments.map((i) => (
            <option key={i.symbol} value={i.symbol}>
              {i.symbol}
            </option>
          ))}
        </select>
        <TickerBar ticker={market.ticker} />
        <p class={`connection connection-${state.state}`} role="status" aria-label="Stream">
          {streamText(state.state, state.closeCode)}
        </p>
      </div>
      <div class="trade-grid">
        <Chart feed={feed} symbol={symbol} />
        <Ticket apiKey={p.apiKey} instruments={instruments} symbol={symbol} onSymbol={setSymbol} />
        <BookTable book={market.book} />
        <TradesTable trades={market.trades} />
      </div>
      <Account apiKey={p.apiKey} state={account} />
    </main>
  );
}

/** The stream's state for the status line; a refused key (revoked, or without read) does not come back. */
function streamText(state: string, closeCode: number | undefined): string {
  if (state === "open") return "Live";
  if (closeCode === 4401) return "The API key was refused: sign out and in again";
  if (closeCode === 4403) return "This API key lacks the read scope: no live updates";
  return state === "connecting" ? "Connecting…" : "Reconnecting…";
}
