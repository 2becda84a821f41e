// JSON over real sockets for e2e tests.

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
