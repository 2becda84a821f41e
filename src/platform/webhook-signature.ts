// Signatures between the OMS and the venue, all HMAC-SHA256 with the one shared secret, sent as
// `x-bourse-signature: t=<unix ms>,v1=<hex>`; the timestamp bounds replays.
// - a webhook (venue → OMS): over "<t>.<body>";
// - a request to the venue's API (OMS → venue): over "<t>.<METHOD> <path>\n<body>";
// - the venue's answer to it: over "<t>.answer <the request's v1> <status>\n<body>", so an answer
//   proves the secret and belongs to that one request (a recorded answer cannot be replayed to
//   another).
// The signed texts never collide: a webhook's body is JSON, which starts with "{".
import { createHmac, timingSafeEqual } from "node:crypto";
import type { CallSigner } from "./http-client.ts";

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
  return verifyParts(secret, [body], header, toleranceMs, now);
}

function verifyParts(
  secret: string,
  signed: (string | Buffer)[],
  header: string | undefined,
  toleranceMs: number,
  now: number,
): Verdict {
  const parsed = parse(header, toleranceMs, now);
  if (typeof parsed === "string") return parsed;
  const hmac = createHmac("sha256", secret).update(`${parsed.t}.`);
  for (const part of signed) hmac.update(part);
  return timingSafeEqual(hmac.digest(), Buffer.from(parsed.v1, "hex")) ? "ok" : "mismatch";
}

const requestText = (method: string, path: string) => `${method.toUpperCase()} ${path}\n`;
const answerText = (requestSignature: string, status: number) =>
  `answer ${/v1=([0-9a-f]{64})/.exec(requestSignature)?.[1] ?? "-"} ${status}\n`;

/** The signature of a request to the venue's API (`path` with its query string). */
export function signRequest(
  secret: string,
  r: { method: string; path: string; body: string | Buffer },
  now = Date.now(),
): string {
  return sign(secret, Buffer.concat([Buffer.from(requestText(r.method, r.path)), Buffer.from(r.body)]), now);
}

export function verifyRequest(
  secret: string,
  r: { method: string; path: string; body: Buffer; header: string | undefined },
  toleranceMs: number,
  now = Date.now(),
): Verdict {
  return verifyParts(secret, [requestText(r.method, r.path), r.body], r.header, toleranceMs, now);
}

/** The signature of the venue's answer to the request that carried `requestSignature`. */
export function signAnswer(
  secret: string,
  a: { requestSignature: string; status: number; body: string | Buffer },
  now = Date.now(),
): string {
  const text = Buffer.concat([Buffer.from(answerText(a.requestSignature, a.status)), Buffer.from(a.body)]);
  return sign(secret, text, now);
}

export function verifyAnswer(
  secret: string,
  a: { requestSignature: string; status: number; body: string | Buffer; header: string | undefined },
  toleranceMs: number,
  now = Date.now(),
): Verdict {
  return verifyParts(secret, [answerText(a.requestSignature, a.status), a.body], a.header, toleranceMs, now);
}

/** The OMS's side of the venue's API: its requests signed, the venue's answers checked. */
export function venueCallSigner(secret: string, toleranceMs: number): CallSigner {
  return {
    sign: (r) => ({ [SIGNATURE_HEADER]: signRequest(secret, r) }),
    check: (a) => {
      const header = a.headers[SIGNATURE_HEADER];
      const verdict = verifyAnswer(
        secret,
        {
          requestSignature: a.request[SIGNATURE_HEADER] ?? "",
          status: a.status,
          body: a.body,
          header: typeof header === "string" ? header : undefined,
        },
        toleranceMs,
      );
      return verdict === "ok"
        ? undefined
        : `answer signature ${verdict} (not the venue's answer to this request)`;
    },
  };
}
