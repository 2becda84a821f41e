// Authentication by route config: `config: { auth: "read" | "trade" | "admin" }`; routes without it
// are public, and those with `perAddress` are rate-limited per client address instead.
import { hash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiKeyScope } from "../modules/accounts/accounts.table.ts";
import { looksLikeKey } from "../modules/accounts/api-keys.ts";
import {
  AuthenticationFailed,
  type Authenticator,
  type Principal,
} from "../modules/accounts/authenticator.ts";
import { DomainError } from "../modules/shared/errors.ts";
import type { Lookup } from "../platform/cache.ts";
import type { RateLimits } from "./rate-limits.ts";

export type AuthRequirement = ApiKeyScope | "admin";

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
    /** A public route (no `auth`) limited per client address. */
    perAddress?: boolean;
    /**
     * The cache key a read route will look up: read together with the rate-limit check (one
     * round trip) and handed to the handler as `request.cached`.
     */
    cacheKey?: (request: FastifyRequest, principal: Principal) => string;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The lookup of the route's `cacheKey`, when the rate-limit check could make it. */
    cached: Lookup | undefined;
  }
}

/** The account of an authenticated request; routes with `auth: read|trade` always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined)
    throw new Error("route has no auth requirement but reads the principal");
  return request.principal;
}

/** The token of an `Authorization: Bearer <token>` header; "" when the header is malformed. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header === undefined ? undefined : (/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? "");
}

const digest = (s: string) => hash("sha256", s, "buffer");

/** Whether a token equals `secret`, compared in constant time (by digest, so lengths may differ). */
export function tokenMatcher(secret: string): (token: string) => boolean {
  const wanted = digest(secret);
  return (token) => timingSafeEqual(digest(token), wanted);
}

export function registerAuth(
  app: FastifyInstance,
  o: { authenticator: Authenticator; adminToken: string | undefined; limits: RateLimits },
) {
  const matchesAdmin = o.adminToken === undefined ? undefined : tokenMatcher(o.adminToken);
  const isAdminToken = (token: string) => matchesAdmin?.(token) === true;
  app.decorateRequest("principal", undefined);
  app.decorateRequest("cached", undefined);

  const identify = async (token: string, required: AuthRequirement): Promise<Principal | undefined> => {
    if (required === "admin") {
      if (matchesAdmin === undefined) {
        throw new DomainError("UNAUTHENTICATED", "admin routes are disabled: set ADMIN_TOKEN to enable them");
      }
      if (isAdminToken(token)) return undefined;
      throw new DomainError(
        "UNAUTHENTICATED",
        looksLikeKey(token)
          ? "this is an account's API key; admin routes (/api/v1/admin/…) need the admin token (ADMIN_TOKEN)"
          : "invalid admin token",
      );
    }
    try {
      return await o.authenticator.authenticate(token);
    } catch (error) {
      // Compared only once the token failed as a key, so that keys pay nothing for the hint.
      if (error instanceof DomainError && isAdminToken(token)) {
        throw new DomainError(
          "UNAUTHENTICATED",
          "this is the admin token, which works only on /api/v1/admin routes; user routes take an account's API key (bk_…)",
        );
      }
      throw error;
    }
  };

  // Credentials are checked first (the key cache makes that local). Valid credentials then face
  // only the key's own window: failures from the same address (behind a proxy, every client's)
  // or for the same key never refuse them. Failing credentials count against the address and
  // the key, and get 429 once either has too many.
  app.addHook("onRequest", async (request, reply) => {
    const { auth: required, perAddress } = request.routeOptions.config;
    if (required === undefined) {
      if (perAddress === true) await o.limits.admitAddress(request, reply);
      return;
    }
    const token = bearerToken(request);
    // No credentials is no failed authentication: nothing was guessed.
    if (token === undefined || token === "") {
      throw new DomainError("UNAUTHENTICATED", "send your API key as 'Authorization: Bearer <key>'");
    }
    let principal: Principal | undefined;
    try {
      principal = await identify(token, required);
    } catch (error) {
      if (error instanceof DomainError && error.code === "UNAUTHENTICATED")
        await o.limits.authFailure(
          request,
          reply,
          error instanceof AuthenticationFailed ? error.keyPrefix : undefined,
        );
      throw error;
    }
    if (principal === undefined || required === "admin") return;
    if (!principal.scopes.includes(required)) {
      throw new DomainError("FORBIDDEN", `this API key lacks the '${required}' scope`);
    }
    request.principal = principal;
    const cacheKey = request.routeOptions.config.cacheKey?.(request, principal);
    request.cached = await o.limits.admitKey(request, reply, principal.keyId, required, cacheKey);
  });
}
