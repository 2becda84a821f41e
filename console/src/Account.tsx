// The account's tables: open orders (Cancel; Replace for limit orders), the order history (paged),
// fills, positions and balances, all kept current by the stream (account.ts).
import { BourseError, type Order, unwrap } from "@bourse/client";
import { useEffect, useState } from "preact/hooks";
import { type AccountState, openOrders } from "./account.ts";
import { dash, dateTime, label, time } from "./format.ts";
import { ORDER_CLASSES } from "./order-types.ts";
import { Replace } from "./Replace.tsx";
import { api } from "./session.ts";

const PAGE = 20;

export function Account(p: { apiKey: string; state: AccountState }) {
  return (
    <div class="account">
      <OpenOrders apiKey={p.apiKey} orders={openOrders(p.state)} />
      <Positions apiKey={p.apiKey} state={p.state} />
      <Balances state={p.state} />
      <Orders apiKey={p.apiKey} state={p.state} />
      <Fills state={p.state} />
      <Activities state={p.state} />
    </div>
  );
}

function OpenOrders(p: { apiKey: string; orders: Order[] }) {
  const [message, setMessage] = useState<string | undefined>();
  const [replacing, setReplacing] = useState<Order | undefined>();
  const cancel = async (o: Order) => {
    setMessage(undefined);
    try {
      await unwrap(api(p.apiKey).POST("/api/v1/orders/{id}/cancel", { params: { path: { id: o.id } } }));
    } catch (error) {
      setMessage(error instanceof BourseError ? error.message : String(error));
    }
  };
  return (
    <section class="panel wide">
      <h2 id="open-orders-title">Open orders</h2>
      <div class="scroll">
        <table aria-labelledby="open-orders-title">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Type</th>
              <th scope="col">Class</th>
              <th scope="col">Quantity</th>
              <th scope="col">Price</th>
              <th scope="col">Filled</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.orders.map((o) => (
              <tr
                key={o.id}
                data-order-id={o.id}
                data-parent-id={o.parent_order_id ?? undefined}
                class={o.parent_order_id === null ? undefined : "leg"}
              >
                <td>{time(o.created_at)}</td>
                <td>{o.symbol}</td>
                <td class={`side-${o.side}`}>{label(o.side)}</td>
                <td>{label(o.order_type)}</td>
                <td>{classText(o)}</td>
                <td class="num">{o.quantity}</td>
                <td class="num">{priceText(o)}</td>
                <td class="num">{o.filled_quantity}</td>
                <td>{o.status}</td>
                <td class="actions">
                  <button type="button" onClick={() => void cancel(o)}>
                    Cancel
                  </button>
                  {o.order_type === "limit" && o.parent_order_id === null ? (
                    <button type="button" onClick={() => setReplacing(o)}>
                      Replace
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.orders.length === 0 ? <p class="empty">No open orders.</p> : null}
      {message === undefined ? null : (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      {replacing === undefined ? null : (
        <Replace apiKey={p.apiKey} order={replacing} onDone={() => setReplacing(undefined)} />
      )}
    </section>
  );
}

/** A class's parent by its class; a leg by its role (the take-profit is its limit order). */
function classText(o: Order): string {
  if (o.parent_order_id !== null) return o.order_type === "limit" ? "↳ Take-profit leg" : "↳ Stop-loss leg";
  return ORDER_CLASSES.find((c) => c.value === o.order_class)?.label ?? o.order_class;
}

/** The limit price, else the trigger; a trailing stop without a trigger yet shows its trail. */
function priceText(o: Order): string {
  if (o.price !== null) return o.price;
  if (o.trigger_price !== null) return o.trigger_price;
  if (o.trail_percent !== null) return `trail ${o.trail_percent} %`;
  if (o.trail_price !== null) return `trail ${o.trail_price}`;
  return "—";
}

/** The history, newest first: the first page follows the stream, older pages are read as asked. */
function Orders(p: { apiKey: string; state: AccountState }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ data: Order[]; next: string | null }>({ data: [], next: null });
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    // A page asked for before the last click is dropped when it arrives.
    let current = true;
    void unwrap(api(p.apiKey).GET("/api/v1/orders", { params: { query: { limit: PAGE, cursor } } }))
      .then((r) => {
        if (current) setPage({ data: r.data, next: r.next_cursor ?? null });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [cursor, p.apiKey]);
  const first = cursor === undefined;
  const live = new Map(page.data.map((o) => [o.id, o]));
  for (const o of p.state.orders.values()) {
    if (live.has(o.id) || first) live.set(o.id, o);
  }
  const rows = [...live.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const shown = first ? rows.slice(0, PAGE) : rows;
  return (
    <section class="panel wide">
      <h2 id="orders-title">Orders</h2>
      <div class="scroll">
        <table aria-labelledby="orders-title">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Type</th>
              <th scope="col">Class</th>
              <th scope="col">Quantity</th>
              <th scope="col">Price</th>
              <th scope="col">Filled</th>
              <th scope="col">Avg price</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={o.id} data-order-id={o.id}>
                <td>{dateTime(o.created_at)}</td>
                <td>{o.symbol}</td>
                <td class={`side-${o.side}`}>{label(o.side)}</td>
                <td>{label(o.order_type)}</td>
                <td>{classText(o)}</td>
                <td class="num">{o.quantity}</td>
                <td class="num">{priceText(o)}</td>
                <td class="num">{o.filled_quantity}</td>
                <td class="num">{dash(o.average_fill_price)}</td>
                <td title={o.reject_reason ?? undefined}>{o.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Orders pages">
        <button type="button" disabled={first} onClick={() => setCursors([undefined])}>
          Newest
        </button>
        <button type="button" disabled={first} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={page.next === null}
          onClick={() => page.next !== null && setCursors([...cursors, page.next])}
        >
          Older
        </button>
      </nav>
    </section>
  );
}

function Fills(p: { state: AccountState }) {
  return (
    <section class="panel wide">
      <h2 id="fills-title">Fills</h2>
      <div class="scroll">
        <table aria-labelledby="fills-title">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Quantity</th>
              <th scope="col">Price</th>
              <th scope="col">Fee</th>
              <th scope="col">Liquidity</th>
            </tr>
          </thead>
          <tbody>
            {p.state.fills.map((f) => (
              <tr key={f.id}>
                <td>{dateTime(f.executed_at)}</td>
                <td>{f.symbol}</td>
                <td class={`side-${f.side}`}>{label(f.side)}</td>
                <td class="num">{f.quantity}</td>
                <td class="num">{f.price}</td>
                <td class="num">
                  {f.fee} {f.fee_asset}
                </td>
                <td>{f.liquidity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A flat position (quantity 0) stays listed for its realized P&L, without Close. */
const isFlat = (quantity: string) => /^-?0*(\.0*)?$/.test(quantity);

function Activities(p: { state: AccountState }) {
  return (
    <section class="panel wide">
      <h2 id="activities-title">Activities</h2>
      <div class="scroll">
        <table aria-labelledby="activities-title">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Type</th>
              <th scope="col">Asset</th>
              <th scope="col">Amount</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {p.state.activities.map((a) => (
              <tr key={a.id}>
                <td>{dateTime(a.created_at)}</td>
                <td>{label(a.type)}</td>
                <td>{a.asset}</td>
                <td class={`num ${a.amount.startsWith("-") ? "loss" : "gain"}`}>{a.amount}</td>
                <td>{a.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.state.activities.length === 0 ? <p class="empty">No activities yet.</p> : null}
    </section>
  );
}

function Positions(p: { apiKey: string; state: AccountState }) {
  // The last Close error per symbol, shown in its row until the next Close of that row.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [closing, setClosing] = useState<string | undefined>();
  const close = async (symbol: string) => {
    setClosing(symbol);
    setErrors(({ [symbol]: _, ...rest }) => rest);
    try {
      await unwrap(api(p.apiKey).DELETE("/api/v1/positions/{symbol}", { params: { path: { symbol } } }));
    } catch (error) {
      const message =
        error instanceof BourseError ? error.message : "The API could not be reached. Try again.";
      setErrors((e) => ({ ...e, [symbol]: message }));
    } finally {
      setClosing(undefined);
    }
  };
  return (
    <section class="panel">
      <h2 id="positions-title">Positions</h2>
      <div class="scroll">
        <table aria-labelledby="positions-title">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Quantity</th>
              <th scope="col">Entry price</th>
              <th scope="col">Market price</th>
              <th scope="col">Unrealized P&amp;L</th>
              <th scope="col">Realized P&amp;L</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.state.positions.map((x) => (
              <tr key={x.symbol} data-symbol={x.symbol}>
                <td>{x.symbol}</td>
                <td class="num">{x.quantity}</td>
                <td class="num">{x.average_entry_price}</td>
                <td class="num">{dash(x.market_price)}</td>
                <td class={`num ${x.unrealized_pnl?.startsWith("-") ? "loss" : "gain"}`}>
                  {dash(x.unrealized_pnl)}
                </td>
                <td class="num">{x.realized_pnl}</td>
                <td class="actions">
                  {isFlat(x.quantity) ? null : (
                    <button
                      type="button"
                      disabled={closing === x.symbol}
                      onClick={() => void close(x.symbol)}
                    >
                      Close
                    </button>
                  )}
                  {errors[x.symbol] === undefined ? null : (
                    <p class="row-error" role="alert">
                      {errors[x.symbol]}
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Balances(p: { state: AccountState }) {
  const rows = [...p.state.balances.values()].sort((a, b) => a.asset.localeCompare(b.asset));
  return (
    <section class="panel">
      <h2 id="balances-title">Balances</h2>
      <div class="scroll">
        <table aria-labelledby="balances-title">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Total</th>
              <th scope="col">Available</th>
              <th scope="col">Held</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.asset}>
                <td>{b.asset}</td>
                <td class="num">{b.total}</td>
                <td class="num">{b.available}</td>
                <td class="num">{b.held}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
