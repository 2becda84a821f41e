// Who may use the venue's API: only the holder of the shared secret. Every request but /healthz
// carries a signature over its method, path (query included), timestamp and exact body bytes,
// checked before the body is parsed or the route runs; every answer is signed in turn, bound to
// the request it answers, so the OMS can tell the venue's answers from anyone else's.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { SIGNATURE_HEADER, signAnswer, verifyRequest } from "../platform/webhook-signature.ts";
import { VenueError } from "./venue.ts";

export interface VenueAuth {
  secret: string;
  /** How far a request's signed timestamp may be from the venue's clock. */
  toleranceMs: number;
}

const EMPTY = Buffer.alloc(0);
const OPEN = new Set(["/healthz"]);

const signatureOf = (request: FastifyRequest) => {
  const header = request.headers[SIGNATURE_HEADER];
  return typeof header === "string" ? header : undefined;
};

export function requireSignedRequests(app: FastifyInstance, auth: VenueAuth): void {
  const checked = new WeakSet<FastifyRequest>();
  const check = (request: FastifyRequest, body: Buffer) => {
    const verdict = verifyRequest(
      auth.secret,
      { method: request.method, path: request.url, body, header: signatureOf(request) },
      auth.toleranceMs,
    );
    if (verdict !== "ok") throw new VenueError(401, `request signature ${verdict}`);
    checked.add(request);
  };
  // JSON only, read raw: the signature covers the bytes as sent. Any other content type is a 415,
  // so no body reaches a route unless the signature covered it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, raw, done) => {
    const body = raw as Buffer;
    try {
      check(request, body);
    } catch (error) {
      done(error as VenueError, undefined);
      return;
    }
    try {
      done(null, body.length === 0 ? undefined : JSON.parse(body.toString("utf8")));
    } catch {
      done(new VenueError(422, "the body is not valid JSON"), undefined);
    }
  });
  // Requests without a body (the parser did not run) are checked over an empty one.
  app.addHook("preValidation", async (request) => {
    if (OPEN.has(request.routeOptions.url ?? "") || checked.has(request)) return;
    check(request, EMPTY);
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const body = typeof payload === "string" || Buffer.isBuffer(payload) ? payload : EMPTY;
    const requestSignature = signatureOf(request) ?? "";
    reply.header(
      SIGNATURE_HEADER,
      signAnswer(auth.secret, { requestSignature, status: reply.statusCode, body }),
    );
    return payload;
  });
}
