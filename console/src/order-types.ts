// What the ticket offers: one entry per order type, with the prices it takes and its times in
// force. A type the API adds is one more entry here (and its field, if it has a new one).
export type PriceField = "price" | "trigger_price";

export interface OrderTypeSpec {
  value: "market" | "limit" | "stop" | "stop_limit";
  label: string;
  prices: PriceField[];
  timesInForce: readonly ("gtc" | "ioc" | "fok" | "day")[];
}

export const ORDER_TYPES: readonly OrderTypeSpec[] = [
  { value: "market", label: "Market", prices: [], timesInForce: ["ioc", "fok"] },
  { value: "limit", label: "Limit", prices: ["price"], timesInForce: ["gtc", "ioc", "fok", "day"] },
  { value: "stop", label: "Stop", prices: ["trigger_price"], timesInForce: ["gtc", "ioc", "fok", "day"] },
  {
    value: "stop_limit",
    label: "Stop limit",
    prices: ["trigger_price", "price"],
    timesInForce: ["gtc", "ioc", "fok", "day"],
  },
];

/** The label of each field, as the API's error details name them (`path`). */
export const FIELD_LABELS: Record<string, string> = {
  symbol: "Symbol",
  side: "Side",
  order_type: "Type",
  quantity: "Quantity",
  price: "Limit price",
  trigger_price: "Stop price",
  time_in_force: "Time in force",
};

export const TIF_LABELS: Record<string, string> = {
  gtc: "Good till cancelled",
  ioc: "Immediate or cancel",
  fok: "Fill or kill",
  day: "Day",
};
