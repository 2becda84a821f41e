// The order ticket: side, type, quantity, the prices the type takes, time in force. The API
// validates; its errors are shown next to the field they name (details[].path).
import { BourseError, type Instrument, type paths, unwrap } from "@bourse/client";
import { useState } from "preact/hooks";
import { describedBy, Field } from "./Field.tsx";
import { FIELD_LABELS, ORDER_TYPES, type OrderTypeSpec, TIF_LABELS } from "./order-types.ts";
import { api } from "./session.ts";

type OrderBody = NonNullable<paths["/api/v1/orders"]["post"]["requestBody"]>["content"]["application/json"];

interface Errors {
  fields: Record<string, string>;
  form?: string;
}

export function Ticket(p: {
  apiKey: string;
  instruments: Instrument[];
  symbol: string;
  onSymbol: (symbol: string) => void;
}) {
  const [side, setSide] = useState<"buy" | "sell">("buy");
  const [type, setType] = useState<OrderTypeSpec>(ORDER_TYPES[0] as OrderTypeSpec);
  const [quantity, setQuantity] = useState("");
  const [price, setPrice] = useState("");
  const [trigger, setTrigger] = useState("");
  const [tif, setTif] = useState<string>(type.timesInForce[0] ?? "gtc");
  const [errors, setErrors] = useState<Errors>({ fields: {} });
  const [placed, setPlaced] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const chooseType = (value: string) => {
    const spec = ORDER_TYPES.find((t) => t.value === value) ?? type;
    setType(spec);
    // Each type starts on its own default (a market order's ioc would expire a limit order at once).
    setTif(spec.timesInForce[0] ?? "gtc");
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setPlaced(undefined);
    const body: Record<string, string> = {
      symbol: p.symbol,
      side,
      order_type: type.value,
      quantity: quantity.trim(),
      time_in_force: tif,
    };
    // An empty price is left out, so that the API says it is required.
    if (type.prices.includes("price") && price.trim() !== "") body.price = price.trim();
    if (type.prices.includes("trigger_price") && trigger.trim() !== "") body.trigger_price = trigger.trim();
    try {
      const order = await unwrap(
        api(p.apiKey).POST("/api/v1/orders", { body: body as unknown as OrderBody }),
      );
      setErrors({ fields: {} });
      setPlaced(`${order.side} ${order.quantity} ${order.symbol}: ${order.status}`);
    } catch (error) {
      setErrors(errorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  const e = errors.fields;
  return (
    <section class="panel ticket" aria-labelledby="ticket-title">
      <h2 id="ticket-title">Order ticket</h2>
      <form onSubmit={submit} noValidate>
        <Field id="ticket-symbol" label="Symbol" error={e.symbol}>
          <select
            id="ticket-symbol"
            value={p.symbol}
            onChange={(ev) => p.onSymbol(ev.currentTarget.value)}
            {...describedBy("ticket-symbol", e.symbol)}
          >
            {p.instruments.map((i) => (
              <option key={i.symbol} value={i.symbol}>
                {i.symbol}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="side">
          <legend>Side</legend>
          {(["buy", "sell"] as const).map((s) => (
            <label key={s} class={`side-${s}`}>
              <input type="radio" name="side" value={s} checked={side === s} onChange={() => setSide(s)} />
              {s === "buy" ? "Buy" : "Sell"}
            </label>
          ))}
        </fieldset>
        <Field id="ticket-type" label="Type" error={e.order_type}>
          <select id="ticket-type" value={type.value} onChange={(ev) => chooseType(ev.currentTarget.value)}>
            {ORDER_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="ticket-quantity" label="Quantity" error={e.quantity}>
          <input
            id="ticket-quantity"
            inputMode="decimal"
            autoComplete="off"
            value={quantity}
            onInput={(ev) => setQuantity(ev.currentTarget.value)}
            {...describedBy("ticket-quantity", e.quantity)}
          />
        </Field>
        {type.prices.includes("trigger_price") ? (
          <Field id="ticket-stop" label="Stop price" error={e.trigger_price}>
            <input
              id="ticket-stop"
              inputMode="decimal"
              autoComplete="off"
              value={trigger}
              onInput={(ev) => setTrigger(ev.currentTarget.value)}
              {...describedBy("ticket-stop", e.trigger_price)}
            />
          </Field>
        ) : null}
        {type.prices.includes("price") ? (
          <Field id="ticket-price" label="Limit price" error={e.price}>
            <input
              id="ticket-price"
              inputMode="decimal"
              autoComplete="off"
              value={price}
              onInput={(ev) => setPrice(ev.currentTarget.value)}
              {...describedBy("ticket-price", e.price)}
            />
          </Field>
        ) : null}
        <Field id="ticket-tif" label="Time in force" error={e.time_in_force}>
          <select id="ticket-tif" value={tif} onChange={(ev) => setTif(ev.currentTarget.value)}>
            {type.timesInForce.map((t) => (
              <option key={t} value={t}>
                {TIF_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class={`place place-${side}`} disabled={busy}>
          Place order
        </button>
        {errors.form === undefined ? null : (
          <p class="form-error" role="alert">
            {errors.form}
          </p>
        )}
        {placed === undefined ? null : (
          <p class="placed" role="status">
            Placed: {placed}
          </p>
        )}
      </form>
    </section>
  );
}

/** Field errors by the API's path; what names no field of the ticket goes under the button. */
function errorsOf(error: unknown): Errors {
  if (!(error instanceof BourseError))
    return { fields: {}, form: "The API could not be reached. Try again." };
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const d of error.details) {
    // Business-rule details (INSUFFICIENT_FUNDS: needed, available) name no field.
    const path = typeof d.path === "string" ? (d.path.split(".")[0] ?? "") : "";
    if (path in FIELD_LABELS && fields[path] === undefined) fields[path] = d.message;
    else if (typeof d.message === "string") other.push(d.message);
  }
  if (Object.keys(fields).length > 0 && other.length === 0) return { fields };
  return { fields, form: other.length > 0 ? other.join("; ") : error.message.replace(/^\d+ /, "") };
}
