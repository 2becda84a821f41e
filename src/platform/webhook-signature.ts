// Signed webhooks: HMAC-SHA256 over "<timestamp>.<body>" with a shared secret, sent as
// `x-bourse-signature: t=<unix ms>,v1=<hex>`. The timestamp bounds replays.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-bourse-signature";

export function sign(secret: string, body: string | Buffer, now = Date.now()): string {
  const mac = createHmac("sha256", secret).update(`${now}.`).update(body).digest("hex");
  return `t=${now},v1=${mac}`;
}

export type Verdict = "ok" | "missing" | "malformed" | "stale" | "mismatch";

type Parsed = { t: number; v1: string };

/** The header's timestamp and MAC, or why it is not usable; the body plays no part. */
function parse(header: string | undefined, toleranceMs: number, now: number): Parsed | Verdict {
  if (header === undefined) return "missing";
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1;
  if (!Number.isSafeInteger(t) || v1 === undefined || !/^[0-9a-f]{64}$/.test(v1)) return "malformed";
  if (Math.abs(now - t) > toleranceMs) return "stale";
  return { t, v1 };
}

/**
 * What can be checked before the body is read: the header is present, well-formed and within the
 * replay window. A request that fails here is refused without reading its body.
 */
export function checkHeader(header: string | undefined, toleranceMs: number, now = Date.now()): Verdict {
  const parsed = parse(header, toleranceMs, now);
  return typeof parsed === "string" ? parsed : "ok";
}

export function verify(
  secret: string,
  body: Buffer,
  header: string | undefined,
  toleranceMs: number,
  now = Date.now(),
): Verdict {
  const parsed = parse(header, toleranceMs, now);
  if (typeof parsed === "string") return parsed;
  const expected = createHmac("sha256", secret).update(`${parsed.t}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(parsed.v1, "hex")) ? "ok" : "mismatch";
}
