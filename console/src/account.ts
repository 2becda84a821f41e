// The account's state for the tables: loaded over REST once the stream has greeted (so no event
// falls between the two), then kept current by the stream's events, which resume after a drop.
import { type Balance, type Fill, type Order, type Position, unwrap } from "@bourse/client";
import { useEffect, useState } from "preact/hooks";
import type { Feed } from "./feed.ts";
import { TERMINAL } from "./format.ts";
import { api } from "./session.ts";

export interface AccountState {
  /** Every order seen (pages read and events), by id. */
  orders: Map<string, Order>;
  balances: Map<string, Balance>;
  fills: Fill[];
  positions: Position[];
  loaded: boolean;
}

const EMPTY: AccountState = {
  orders: new Map(),
  balances: new Map(),
  fills: [],
  positions: [],
  loaded: false,
};
const FILLS_SHOWN = 50;

/** The newer of two versions of an order (events and reads can cross). */
const newer = (a: Order | undefined, b: Order) => (a !== undefined && a.updated_at > b.updated_at ? a : b);

export const openOrders = (s: AccountState) =>
  [...s.orders.values()]
    .filter((o) => !TERMINAL.has(o.status))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));

export function useAccount(key: string, feed: Feed): AccountState & { refreshPositions: () => void } {
  const [state, setState] = useState<AccountState>(EMPTY);
  const client = api(key);

  const refreshPositions = () => {
    void unwrap(client.GET("/api/v1/positions"))
      .then((r) => setState((s) => ({ ...s, positions: r.data })))
      .catch(() => undefined);
  };

  useEffect(() => {
    const load = async () => {
      const [account, fills, positions, ...open] = await Promise.all([
        unwrap(client.GET("/api/v1/account")),
        unwrap(client.GET("/api/v1/fills", { params: { query: { limit: FILLS_SHOWN } } })),
        unwrap(client.GET("/api/v1/positions")),
        ...(["pending", "open", "partially_filled"] as const).map((status) =>
          unwrap(client.GET("/api/v1/orders", { params: { query: { status, limit: 500 } } })),
        ),
      ]);
      setState((s) => {
        const orders = new Map(s.orders);
        for (const o of open.flatMap((page) => page.data)) orders.set(o.id, newer(orders.get(o.id), o));
        const known = new Set(s.fills.map((f) => f.id));
        return {
          orders,
          balances: new Map([...account.balances.map((b) => [b.asset, b] as const), ...s.balances]),
          fills: [...s.fills, ...fills.data.filter((f) => !known.has(f.id))].slice(0, FILLS_SHOWN),
          positions: positions.data,
          loaded: true,
        };
      });
    };
    let loadedOnce = false;
    const offGreeting = feed.onGreeting(() => {
      // The first greeting only: later ones are reconnections, which resume instead.
      if (!loadedOnce) {
        loadedOnce = true;
        void load().catch(() => {
          loadedOnce = false;
        });
      }
    });
    let positionsTimer: ReturnType<typeof setTimeout> | undefined;
    const offEvent = feed.onEvent((e) => {
      setState((s) => {
        switch (e.type) {
          case "order.updated":
          case "order.filled": {
            const orders = new Map(s.orders);
            orders.set(e.data.id, newer(orders.get(e.data.id), e.data));
            return { ...s, orders };
          }
          case "fill.created":
            return {
              ...s,
              fills: [e.data, ...s.fills.filter((f) => f.id !== e.data.id)].slice(0, FILLS_SHOWN),
            };
          case "balance.updated":
            return { ...s, balances: new Map(s.balances).set(e.data.asset, e.data) };
        }
      });
      // Positions have no event: a fill changes one, so read them again (once per burst of fills).
      if (e.type === "fill.created") {
        clearTimeout(positionsTimer);
        positionsTimer = setTimeout(refreshPositions, 100);
      }
    });
    // Market prices move without events: the positions' mark and P&L are read again now and then.
    const marks = setInterval(refreshPositions, 5_000);
    return () => {
      offGreeting();
      offEvent();
      clearInterval(marks);
      clearTimeout(positionsTimer);
    };
  }, [key, feed]);

  return { ...state, refreshPositions };
}
