// Replace an open limit order at the venue (PATCH: same id): a new total quantity and/or price.
import { BourseError, type Order, unwrap } from "@bourse/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { describedBy, Field } from "./Field.tsx";
import { api } from "./session.ts";

export function Replace(p: { apiKey: string; order: Order; onDone: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [quantity, setQuantity] = useState(p.order.quantity);
  const [price, setPrice] = useState(p.order.price ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await unwrap(
        api(p.apiKey).PATCH("/api/v1/orders/{id}", {
          params: { path: { id: p.order.id } },
          body: { quantity: quantity.trim(), price: price.trim() },
        }),
      );
      p.onDone();
    } catch (error) {
      if (!(error instanceof BourseError)) return setErrors({ form: String(error) });
      const found: Record<string, string> = {};
      for (const d of error.details)
        found[d.path === "price" || d.path === "quantity" ? d.path : "form"] = d.message;
      if (error.details.length === 0) found.form = error.message;
      setErrors(found);
    }
  };
  return (
    <dialog ref={dialog} aria-labelledby="replace-title" onClose={p.onDone}>
      <form onSubmit={submit} noValidate>
        <h3 id="replace-title">
          Replace {p.order.side} {p.order.symbol} limit order
        </h3>
        <Field id="replace-quantity" label="New quantity" error={errors.quantity}>
          <input
            id="replace-quantity"
            inputMode="decimal"
            value={quantity}
            onInput={(e) => setQuantity(e.currentTarget.value)}
            {...describedBy("replace-quantity", errors.quantity)}
          />
        </Field>
        <Field id="replace-price" label="New limit price" error={errors.price}>
          <input
            id="replace-price"
            inputMode="decimal"
            value={price}
            onInput={(e) => setPrice(e.currentTarget.value)}
            {...describedBy("replace-price", errors.price)}
          />
        </Field>
        {errors.form === undefined ? null : (
          <p class="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <div class="buttons">
          <button type="submit">Replace order</button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Keep it
          </button>
        </div>
      </form>
    </dialog>
  );
}
