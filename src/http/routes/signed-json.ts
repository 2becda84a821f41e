// JSON bodies signed by the venue (HMAC over the exact bytes): the plugin scope that calls this
// checks the signature header as soon as the request's head arrives, then reads bodies raw,
// checks the signature, then parses. Keep it inside that plugin's scope.
import type { FastifyInstance } from "fastify";
import { DomainError } from "../../modules/shared/errors.ts";
import { checkHeader, SIGNATURE_HEADER, verify } from "../../platform/webhook-signature.ts";
import { errorBody, sendError } from "../errors.ts";

export function acceptSignedJson(
  app: FastifyInstance,
  o: { secret: string; toleranceMs: number; what: string },
) {
  // These routes take large bodies: a request without a usable signature header (missing,
  // malformed, outside the replay window) is refused before a byte of its body is read, and its
  // connection closed, so that an unsigned upload holds neither memory nor the socket.
  app.addHook("onRequest", (request, reply, done) => {
    const verdict = checkHeader(request.headers[SIGNATURE_HEADER] as string | undefined, o.toleranceMs);
    if (verdict === "ok") {
      done();
      return;
    }
    reply.header("connection", "close");
    sendError(reply, 401, errorBody("UNAUTHENTICATED", `${o.what} signature ${verdict}`));
  });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    const verdict = verify(
      o.secret,
      body as Buffer,
      request.headers[SIGNATURE_HEADER] as string | undefined,
      o.toleranceMs,
    );
    if (verdict !== "ok") {
      done(new DomainError("UNAUTHENTICATED", `${o.what} signature ${verdict}`), undefined);
      return;
    }
    try {
      done(null, JSON.parse(body.toString("utf8")));
    } catch {
      done(new DomainError("BAD_REQUEST", "the body is not valid JSON"), undefined);
    }
  });
}
