// The account's state for the tables: loaded over REST once the stream has greeted (so no event
// falls between the two), then kept current by the stream's events, which resume after a drop.
import {
  type AccountEvent,
  type Activity,
  type Balance,
  type Fill,
  type Order,
  type Position,
  unwrap,
} from "@bourse/client";
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
  /** Newest first: deposits and withdrawals from the stream, fills and fees read again after a fill. */
  activities: Activity[];
}

const EMPTY: AccountState = {
  orders: new Map(),
  balances: new Map(),
  fills: [],
  positions: [],
  activities: [],
};
const FILLS_SHOWN = 50;
const ACTIVITIES_SHOWN = 50;

/** Newest first, each id once (a read and an event can bring the same activity). */
const mergeActivities = (a: Activity[], b: Activity[]) => {
  const byId = new Map([...b, ...a].map((x) => [x.id, x] as const));
  return [...byId.values()]
    .sort((x, y) => y.created_at.localeCompare(x.created_at) || y.id.localeCompare(x.id))
    .slice(0, ACTIVITIES_SHOWN);
};

/** The stream's activity event (a deposit or a withdrawal). */
const activityOf = (e: AccountEvent): Activity | undefined =>
  e.type === "activity.created" ? e.data : undefined;

/** The newer of two versions of an order (events and reads can cross). */
const newer = (a: Order | undefined, b: Order) => (a !== undefined && a.updated_at > b.updated_at ? a : b);

/** The open orders, newest first, each class's legs right under their parent (take-profit first). */
export const openOrders = (s: AccountState): Order[] => {
  const open = [...s.orders.values()]
    .filter((o) => !TERMINAL.has(o.status))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const ids = new Set(open.map((o) => o.id));
  const isShownLeg = (o: Order) => o.parent_order_id !== null && ids.has(o.parent_order_id);
  const legs = (parent: Order) =>
    open
      .filter((o) => o.parent_order_id === parent.id)
      .sort((a, b) => Number(a.order_type !== "limit") - Number(b.order_type !== "limit"));
  return open.filter((o) => !isShownLeg(o)).flatMap((o) => [o, ...legs(o)]);
};

export function useAccount(key: string, feed: Feed): AccountState {
  const [state, setState] = useState<AccountState>(EMPTY);
  const client = api(key);

  const refreshPositions = () => {
    void unwrap(client.GET("/api/v1/positions"))
      .then((r) => setState((s) => ({ ...s, positions: r.data })))
      .catch(() => undefined);
  };

  const refreshActivities = () => {
    void unwrap(client.GET("/api/v1/account/activities", { params: { query: { limit: ACTIVITIES_SHOWN } } }))
      .then((r) => setState((s) => ({ ...s, activities: mergeActivities(s.activities, r.data) })))
      .catch(() => undefined);
  };

  useEffect(() => {
    const load = async () => {
      const [account, fills, positions, activities, ...open] = await Promise.all([
        unwrap(client.GET("/api/v1/account")),
        unwrap(client.GET("/api/v1/fills", { params: { query: { limit: FILLS_SHOWN } } })),
        unwrap(client.GET("/api/v1/positions")),
        unwrap(client.GET("/api/v1/account/activities", { params: { query: { limit: ACTIVITIES_SHOWN } } })),
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
          activities: mergeActivities(s.activities, activities.data),
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
      const activity = activityOf(e);
      if (activity !== undefined) {
        setState((s) => ({ ...s, activities: mergeActivities(s.activities, [activity]) }));
        return;
      }
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
        return s;
      });
      // Positions have no event, and a fill's activities come as no event of their own: a fill
      // changes both, so they are read again (once per burst of fills).
      if (e.type === "fill.created") {
        clearTimeout(positionsTimer);
        positionsTimer = setTimeout(() => {
          refreshPositions();
          refreshActivities();
        }, 100);
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

  return state;
}
