// The order ticket: side, type and class (order-types.ts says what each takes), the size, the
// prices, the exit legs, time in force. The API validates; its errors are shown next to the field
// they name (details[].path, e.g. take_profit.limit_price).
import { BourseError, type components, type Instrument, type paths, unwrap } from "@bourse/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { describedBy, Field } from "./Field.tsx";
import {
  fieldOf,
  ORDER_CLASSES,
  ORDER_TYPES,
  type OrderClassSpec,
  type OrderTypeSpec,
  TIF_LABELS,
  timesInForce,
} from "./order-types.ts";
import { api } from "./session.ts";

export type OrderBody = NonNullable<
  paths["/api/v1/orders"]["post"]["requestBody"]
>["content"]["application/json"];

type Preview = components["schemas"]["OrderPreview"];
/** How long the ticket waits after the last keystroke before asking for a preview. */
const PREVIEW_DELAY_MS = 300;

export interface Errors {
  fields: Record<string, string>;
  form?: string;
}

/** Everything the user has chosen and typed; amounts stay the strings typed. */
export interface TicketInput {
  symbol: string;
  side: "buy" | "sell";
  type: OrderTypeSpec;
  cls: OrderClassSpec;
  tif: string;
  sizeBy: "quantity" | "notional";
  trailBy: "trail_price" | "trail_percent";
  postOnly: boolean;
  /** By the API's path: quantity, notional, price, trigger_price, trail, expire_at, take_profit.limit_price, … */
  values: Record<string, string>;
}

/** The body of POST /api/v1/orders (and of its preview). An empty field is left out, so that the API says it is required. */
export function orderBody(t: TicketInput): OrderBody {
  const v = (path: string) => {
    const value = (t.values[path] ?? "").trim();
    return value === "" ? undefined : value;
  };
  const body: Record<string, unknown> = {
    symbol: t.symbol,
    side: t.side,
    order_type: t.type.value,
    time_in_force: t.tif,
  };
  if (t.type.notional && t.sizeBy === "notional") body.notional = v("notional");
  else body.quantity = v("quantity");
  if (t.type.prices.includes("price")) body.price = v("price");
  if (t.type.prices.includes("trigger_price")) body.trigger_price = v("trigger_price");
  if (t.type.prices.includes("trail")) body[t.trailBy] = v("trail");
  if (t.type.postOnly && t.postOnly) body.post_only = true;
  if (t.tif === "gtd") {
    // datetime-local is the browser's local time: the API takes an instant.
    const typed = v("expire_at");
    const at = typed === undefined ? Number.NaN : Date.parse(typed);
    body.expire_at = Number.isNaN(at) ? typed : new Date(at).toISOString();
  }
  if (t.cls.value !== "simple") {
    body.order_class = t.cls.value;
    const tp = v("take_profit.limit_price");
    const stop = v("stop_loss.stop_price");
    const stopLimit = v("stop_loss.limit_price");
    // An oto takes one exit: the one the user filled in (both empty: the API names what is missing).
    if (t.cls.exits.includes("take_profit") && (tp !== undefined || !t.cls.oneExit))
      body.take_profit = { limit_price: tp };
    if (
      t.cls.exits.includes("stop_loss") &&
      (stop !== undefined || stopLimit !== undefined || !t.cls.oneExit)
    )
      body.stop_loss =
        stopLimit === undefined ? { stop_price: stop } : { stop_price: stop, limit_price: stopLimit };
  }
  for (const [k, value] of Object.entries(body)) if (value === undefined) delete body[k];
  return body as unknown as OrderBody;
}

export function Ticket(p: {
  apiKey: string;
  instruments: Instrument[];
  symbol: string;
  onSymbol: (symbol: string) => void;
}) {
  const [side, setSide] = useState<"buy" | "sell">("buy");
  const [type, setType] = useState<OrderTypeSpec>(ORDER_TYPES[0] as OrderTypeSpec);
  const [cls, setCls] = useState<OrderClassSpec>(ORDER_CLASSES[0] as OrderClassSpec);
  const [tif, setTif] = useState<string>(type.timesInForce[0] ?? "gtc");
  const [sizeBy, setSizeBy] = useState<"quantity" | "notional">("quantity");
  const [trailBy, setTrailBy] = useState<"trail_price" | "trail_percent">("trail_price");
  const [postOnly, setPostOnly] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Errors>({ fields: {} });
  const [placed, setPlaced] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const instrument = p.instruments.find((i) => i.symbol === p.symbol);
  const quote = instrument?.quote_asset ?? "quote";

  const choose = (nextType: OrderTypeSpec, nextCls: OrderClassSpec) => {
    // A class the type cannot enter falls back to simple.
    const c = nextType.classes.includes(nextCls.value) ? nextCls : (ORDER_CLASSES[0] as OrderClassSpec);
    setType(nextType);
    setCls(c);
    // Each type starts on its own default (a market order's ioc would expire a limit order at once).
    // A new class keeps the time in force when it still offers it.
    const offered = timesInForce(nextType, c);
    if (nextType !== type || !offered.includes(tif as never)) setTif(offered[0] ?? "gtc");
  };

  const input: TicketInput = { symbol: p.symbol, side, type, cls, tif, sizeBy, trailBy, postOnly, values };
  const body = orderBody(input);
  const preview = usePreview(p.apiKey, body, setErrors);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setPlaced(undefined);
    try {
      const order = await unwrap(api(p.apiKey).POST("/api/v1/orders", { body }));
      setErrors({ fields: {} });
      setPlaced(`${order.side} ${order.quantity} ${order.symbol}: ${order.status}`);
    } catch (error) {
      setErrors(errorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  const e = errors.fields;
  /** A labelled text field for an API path, its error beside it. */
  const text = (path: string, label: string, extra: Record<string, unknown> = {}) => {
    const id = `ticket-${path.replace(".", "-")}`;
    return (
      <Field id={id} label={label} error={e[path]}>
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          value={values[path] ?? ""}
          onInput={(ev) => {
            const value = ev.currentTarget.value;
            setValues((now) => ({ ...now, [path]: value }));
          }}
          {...extra}
          {...describedBy(id, e[path])}
        />
      </Field>
    );
  };
  const trailPath = trailBy;
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
        <fieldset class="side" {...describedBy("ticket-side", e.side)}>
          <legend>Side</legend>
          {(["buy", "sell"] as const).map((s) => (
            <label key={s} class={`side-${s}`}>
              <input type="radio" name="side" value={s} checked={side === s} onChange={() => setSide(s)} />
              {s === "buy" ? "Buy" : "Sell"}
            </label>
          ))}
          {e.side === undefined ? null : (
            <p class="field-error" id="ticket-side-error" role="alert">
              {e.side}
            </p>
          )}
        </fieldset>
        <Field id="ticket-type" label="Type" error={e.order_type}>
          <select
            id="ticket-type"
            value={type.value}
            onChange={(ev) =>
              choose(ORDER_TYPES.find((t) => t.value === ev.currentTarget.value) ?? type, cls)
            }
            {...describedBy("ticket-type", e.order_type)}
          >
            {ORDER_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        {type.notional ? (
          <div class="pair">
            <Field id="ticket-size-by" label="Size in">
              <select
                id="ticket-size-by"
                value={sizeBy}
                onChange={(ev) => setSizeBy(ev.currentTarget.value as "quantity" | "notional")}
              >
                <option value="quantity">{instrument?.base_asset ?? "Base"} (quantity)</option>
                <option value="notional">{quote} (amount)</option>
              </select>
            </Field>
            {sizeBy === "notional" ? text("notional", `Amount (${quote})`) : text("quantity", "Quantity")}
          </div>
        ) : (
          text("quantity", "Quantity")
        )}
        {type.prices.includes("trigger_price") ? text("trigger_price", "Stop price") : null}
        {type.prices.includes("price") ? text("price", "Limit price") : null}
        {type.prices.includes("trail") ? (
          <div class="pair">
            <Field id="ticket-trail-by" label="Trail by">
              <select
                id="ticket-trail-by"
                value={trailBy}
                onChange={(ev) => setTrailBy(ev.currentTarget.value as "trail_price" | "trail_percent")}
              >
                <option value="trail_price">Price</option>
                <option value="trail_percent">Percent</option>
              </select>
            </Field>
            {/* The one field keeps what was typed; its error is the one of the path it is sent as. */}
            <Field
              id="ticket-trail"
              label={trailBy === "trail_price" ? "Trail price" : "Trail percent"}
              error={e[trailPath]}
            >
              <input
                id="ticket-trail"
                inputMode="decimal"
                autoComplete="off"
                value={values.trail ?? ""}
                onInput={(ev) => {
                  const value = ev.currentTarget.value;
                  setValues((now) => ({ ...now, trail: value }));
                }}
                {...describedBy("ticket-trail", e[trailPath])}
              />
            </Field>
          </div>
        ) : null}
        <Field id="ticket-class" label="Class" error={e.order_class}>
          <select
            id="ticket-class"
            value={cls.value}
            onChange={(ev) =>
              choose(type, ORDER_CLASSES.find((c) => c.value === ev.currentTarget.value) ?? cls)
            }
            {...describedBy("ticket-class", e.order_class)}
          >
            {ORDER_CLASSES.filter((c) => type.classes.includes(c.value)).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        {cls.exits.includes("take_profit")
          ? text("take_profit.limit_price", "Take-profit limit price")
          : null}
        {cls.exits.includes("stop_loss") ? (
          <div class="pair">
            {text("stop_loss.stop_price", "Stop-loss stop price")}
            {text("stop_loss.limit_price", "Stop-loss limit price", { placeholder: "optional" })}
          </div>
        ) : null}
        {cls.oneExit ? <p class="hint">One exit: fill in the take-profit or the stop-loss.</p> : null}
        <Field id="ticket-tif" label="Time in force" error={e.time_in_force}>
          <select
            id="ticket-tif"
            value={tif}
            onChange={(ev) => setTif(ev.currentTarget.value)}
            {...describedBy("ticket-tif", e.time_in_force)}
          >
            {timesInForce(type, cls).map((t) => (
              <option key={t} value={t}>
                {TIF_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        {tif === "gtd"
          ? text("expire_at", "Expires at", { type: "datetime-local", inputMode: undefined })
          : null}
        {type.postOnly ? (
          <div class="field check">
            <label for="ticket-post-only">
              <input
                id="ticket-post-only"
                type="checkbox"
                checked={postOnly}
                onChange={(ev) => setPostOnly(ev.currentTarget.checked)}
                {...describedBy("ticket-post-only", e.post_only)}
              />
              Post only
            </label>
            {e.post_only === undefined ? null : (
              <p class="field-error" id="ticket-post-only-error" role="alert">
                {e.post_only}
              </p>
            )}
          </div>
        ) : null}
        <button type="submit" class={`place place-${side}`} disabled={busy}>
          Place order
        </button>
        <PreviewBox preview={preview} />
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

/**
 * What placing the body would do (POST /api/v1/orders/preview), asked once the user pauses; its
 * error goes next to its field as a placing error would. Nothing is asked before a size is typed.
 */
function usePreview(apiKey: string, body: OrderBody, setErrors: (e: Errors) => void): Preview | undefined {
  const [preview, setPreview] = useState<Preview | undefined>();
  const asked = useRef(0);
  const key = JSON.stringify(body);
  useEffect(() => {
    const sized = "quantity" in body || "notional" in body;
    const ask = ++asked.current;
    if (!sized) {
      setPreview(undefined);
      return;
    }
    const timer = setTimeout(() => {
      void unwrap(api(apiKey).POST("/api/v1/orders/preview", { body }))
        .then((r) => {
          // An answer to an older body is dropped: the user has typed since.
          if (ask !== asked.current) return;
          setPreview(r);
          setErrors(r.error === null ? { fields: {} } : errorsOfBody(r.error.message, r.error.details ?? []));
        })
        .catch(() => {
          if (ask === asked.current) setPreview(undefined);
        });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [apiKey, key]);
  return preview;
}

function PreviewBox(p: { preview: Preview | undefined }) {
  const v = p.preview;
  const amount = (a: { amount: string; asset: string } | null | undefined) =>
    a === null || a === undefined ? "—" : `${a.amount} ${a.asset}`;
  return (
    <dl
      class="preview"
      aria-label="Order preview"
      data-accepted={v === undefined ? undefined : String(v.accepted)}
    >
      <div>
        <dt>Hold</dt>
        <dd>{amount(v?.hold)}</dd>
      </div>
      <div>
        <dt>Est. price</dt>
        <dd>{v?.estimated_price ?? "—"}</dd>
      </div>
      <div>
        <dt>Est. fee</dt>
        <dd>{amount(v?.estimated_fee)}</dd>
      </div>
    </dl>
  );
}

/** Field errors by the API's path; what names no field of the ticket goes under the button. */
export function errorsOf(error: unknown): Errors {
  if (!(error instanceof BourseError))
    return { fields: {}, form: "The API could not be reached. Try again." };
  return errorsOfBody(error.message.replace(/^\d+ /, ""), error.details);
}

export function errorsOfBody(
  message: string,
  details: readonly { path?: unknown; message?: unknown }[],
): Errors {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const d of details) {
    // Business-rule details (INSUFFICIENT_FUNDS: needed, available) name no field.
    const field = fieldOf(d.path);
    if (field !== undefined && fields[field] === undefined && typeof d.message === "string")
      fields[field] = d.message;
    else if (typeof d.message === "string")
      other.push(typeof d.path === "string" && d.path !== "" ? `${d.path} ${d.message}` : d.message);
  }
  if (Object.keys(fields).length > 0 && other.length === 0) return { fields };
  // The error's own message says what is wrong; the details it names no field with say by how much.
  return { fields, form: other.length > 0 ? `${message} (${other.join("; ")})` : message };
}
