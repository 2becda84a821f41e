// JSON bodies signed by the venue (HMAC over the exact bytes): the plugin scope that calls this
// reads bodies raw, checks the signature, then parses. Keep it inside that plugin's scope.
import type { FastifyInstance } from "fastify";
import { DomainError } from "../../modules/shared/errors.ts";
import { SIGNATURE_HEADER, verify } from "../../platform/webhook-signature.ts";

export function acceptSignedJson(
  app: FastifyInstance,
  o: { secret: string; toleranceMs: number; what: string },
) {
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
