// JSON over real sockets for e2e tests.
import { SIGNATURE_HEADER, signRequest } from "../../src/platform/webhook-signature.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, asserted field by field
export type Json = any;

export async function requestJson(
  url: string,
  method: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(url, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

/** A call to the venue's API, signed with the shared secret as the OMS signs its own. */
export async function venueJson(
  base: string,
  secret: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const text = body === undefined ? "" : JSON.stringify(body);
  const headers: Record<string, string> = {
    [SIGNATURE_HEADER]: signRequest(secret, { method, path, body: text }),
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? null : text });
  return { status: r.status, body: await r.json() };
}
