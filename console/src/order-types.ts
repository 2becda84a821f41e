// What the ticket offers: one entry per order type (the prices it takes, its times in force, its
// options, the classes it may enter) and one per order class (the exit legs it takes). A type or
// class the API adds is one more entry here, and its field in the ticket if it brings a new one.
import type { Order } from "@bourse/client";

export type OrderTypeValue = Order["order_type"];
export type OrderClassValue = Order["order_class"];
export type TimeInForce = Order["time_in_force"];
/** trail: trail_price or trail_percent, as the user chooses. */
export type PriceField = "price" | "trigger_price" | "trail";
export type Exit = "take_profit" | "stop_loss";

export interface OrderTypeSpec {
  value: OrderTypeValue;
  label: string;
  prices: readonly PriceField[];
  timesInForce: readonly TimeInForce[];
  /** limit: the order may only add liquidity (not with ioc or fok). */
  postOnly: boolean;
  /** market: sized by quantity or by an amount of the quote asset (notional). */
  notional: boolean;
  /** The classes this type may be the entry (or, for oco, the take-profit) of. */
  classes: readonly OrderClassValue[];
}

const RESTING: readonly TimeInForce[] = ["gtc", "ioc", "fok", "day", "gtd"];

export const ORDER_TYPES: readonly OrderTypeSpec[] = [
  {
    value: "market",
    label: "Market",
    prices: [],
    timesInForce: ["ioc", "fok"],
    postOnly: false,
    notional: true,
    classes: ["simple", "bracket", "oto"],
  },
  {
    value: "limit",
    label: "Limit",
    prices: ["price"],
    timesInForce: RESTING,
    postOnly: true,
    notional: false,
    classes: ["simple", "bracket", "oto", "oco"],
  },
  {
    value: "stop",
    label: "Stop",
    prices: ["trigger_price"],
    timesInForce: RESTING,
    postOnly: false,
    notional: false,
    classes: ["simple"],
  },
  {
    value: "stop_limit",
    label: "Stop limit",
    prices: ["trigger_price", "price"],
    timesInForce: RESTING,
    postOnly: false,
    notional: false,
    classes: ["simple"],
  },
  {
    value: "trailing_stop",
    label: "Trailing stop",
    prices: ["trail"],
    timesInForce: ["gtc", "day"],
    postOnly: false,
    notional: false,
    classes: ["simple"],
  },
];

export interface OrderClassSpec {
  value: OrderClassValue;
  label: string;
  /** The exit legs the class takes. */
  exits: readonly Exit[];
  /** oto: one exit of the two, whichever the user fills. */
  oneExit: boolean;
  /** Class orders that rest wait gtc or day (a market entry keeps its own). */
  timesInForce?: readonly TimeInForce[];
}

export const ORDER_CLASSES: readonly OrderClassSpec[] = [
  { value: "simple", label: "Simple", exits: [], oneExit: false },
  {
    value: "bracket",
    label: "Bracket",
    exits: ["take_profit", "stop_loss"],
    oneExit: false,
    timesInForce: ["gtc", "day"],
  },
  // The take-profit of an oco is the order itself, at its limit price: only the stop-loss is asked.
  { value: "oco", label: "OCO", exits: ["stop_loss"], oneExit: false, timesInForce: ["gtc", "day"] },
  {
    value: "oto",
    label: "OTO",
    exits: ["take_profit", "stop_loss"],
    oneExit: true,
    timesInForce: ["gtc", "day"],
  },
];

/** The times in force a type offers within a class. */
export const timesInForce = (type: OrderTypeSpec, cls: OrderClassSpec): readonly TimeInForce[] =>
  type.value === "market" || cls.timesInForce === undefined
    ? type.timesInForce
    : type.timesInForce.filter((t) => cls.timesInForce?.includes(t));

/**
 * The ticket's field for each path the API's error details name: an error shows next to its field.
 * The ticket's fields are keyed by these paths too.
 */
export const FIELD_LABELS: Record<string, string> = {
  symbol: "Symbol",
  side: "Side",
  order_type: "Type",
  order_class: "Class",
  quantity: "Quantity",
  notional: "Amount",
  price: "Limit price",
  trigger_price: "Stop price",
  trail_price: "Trail price",
  trail_percent: "Trail percent",
  time_in_force: "Time in force",
  expire_at: "Expires at",
  post_only: "Post only",
  "take_profit.limit_price": "Take-profit limit price",
  "stop_loss.stop_price": "Stop-loss stop price",
  "stop_loss.limit_price": "Stop-loss limit price",
};

/** Paths that name a whole object: shown at its first field. */
const ALIASES: Record<string, string> = {
  take_profit: "take_profit.limit_price",
  stop_loss: "stop_loss.stop_price",
};

/** The ticket field an error detail's path belongs to, if any. */
export function fieldOf(path: unknown): string | undefined {
  if (typeof path !== "string") return undefined;
  if (path in FIELD_LABELS) return path;
  if (path in ALIASES) return ALIASES[path];
  const first = path.split(".")[0] ?? "";
  if (first in FIELD_LABELS) return first;
  return ALIASES[first];
}

export const TIF_LABELS: Record<TimeInForce, string> = {
  gtc: "Good till cancelled",
  ioc: "Immediate or cancel",
  fok: "Fill or kill",
  day: "Day",
  gtd: "Good till date",
};
