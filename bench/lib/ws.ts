// WebSocket clients of the server's event stream (/api/v1/stream), as a user watches it.
import { WebSocket } from "ws";
import type { Trader } from "./api.ts";

/**
 * Opens an authenticated stream; resolves on the server's first message, which must be the
 * greeting. `onMessage` sees every message, the greeting (`head_seq`: the account's last event)
 * included: it is attached before the socket opens, since events can follow the greeting in the
 * same read and would be gone before a handler attached after it.
 */
export async function connect(
  url: string,
  key: string,
  onMessage: (text: string) => void = () => {},
): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${key}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once("message", (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"authenticated"')) resolve();
      else reject(new Error(`expected the greeting first, got ${text.slice(0, 200)}`));
    });
    ws.on("message", (data) => onMessage(data.toString()));
    ws.once("error", reject);
    ws.once("close", (code) => reject(new Error(`closed ${code}`)));
  });
  return ws;
}

/**
 * One stream per trader, noting when each order's `order.filled` event arrives
 * (`performance.now()`, by order id). Only the messages that name that type are parsed.
 */
export async function watchFills(serverUrl: string, traders: readonly Trader[]) {
  const url = `${serverUrl.replace(/^http/, "ws")}/api/v1/stream`;
  const filledAt = new Map<string, number>();
  const onMessage = (text: string) => {
    const now = performance.now();
    if (!text.includes('"order.filled"')) return;
    const m = JSON.parse(text) as { type?: string; data?: { id?: string } };
    if (m.type === "order.filled" && typeof m.data?.id === "string") filledAt.set(m.data.id, now);
  };
  const sockets = await Promise.all(traders.map((t) => connect(url, t.key, onMessage)));
  return {
    filledAt,
    close: () => {
      for (const ws of sockets) ws.close(1000);
    },
  };
}
