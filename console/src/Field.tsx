// A labelled control with its error beside it: the error is tied to the control (aria-describedby)
// so a screen reader reads it with the field.
import type { ComponentChildren } from "preact";

export function Field(p: {
  id: string;
  label: string;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      {p.children}
      {p.error === undefined ? null : (
        <p class="field-error" id={`${p.id}-error`} role="alert">
          {p.error}
        </p>
      )}
    </div>
  );
}

/** The attributes that tie a control to its Field's error. */
export const describedBy = (id: string, error: string | undefined) =>
  error === undefined ? {} : { "aria-invalid": true, "aria-describedby": `${id}-error` };
