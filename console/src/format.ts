// Display helpers. Amounts stay decimal strings from the API: shown as they are, never through a float.

export const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour12: false });
export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString([], { hour12: false, dateStyle: "short", timeStyle: "medium" });
export const dash = (value: string | null | undefined) => value ?? "—";
/** A label from an API value: stop_limit → Stop limit. */
export const label = (value: string) => {
  const words = value.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};
export const TERMINAL = new Set(["filled", "cancelled", "expired", "rejected", "failed"]);
