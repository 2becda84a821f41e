// A WebSocket client for stream tests: collects messages, waits for conditions, reports the close.
import { WebSocket } from "ws";
import type { Json } from "./http.ts";

export interface StreamClient {
  ws: WebSocket;
  messages: Json[];
  /** Account events only (messages with a seq; the greeting has `head_seq`), in arrival order. */
  events(): Json[];
  send(message: object): void;
  waitFor(predicate: (messages: Json[]) => boolean, timeoutMs?: number): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connectStream(
  baseUrl: string,
  o: {
    key?: string;
    autoPong?: boolean;
    query?: string;
    /** The client's own address, another of 127.0.0.0/8, to appear as another client. */
    localAddress?: string;
  } = {},
): Promise<StreamClient> {
  const url = `${baseUrl.replace(/^http/, "ws")}/api/v1/stream${o.query === undefined ? "" : `?${o.query}`}`;
  const headers: Record<string, string> = o.key === undefined ? {} : { authorization: `Bearer ${o.key}` };
  const ws = new WebSocket(url, { headers, autoPong: o.autoPong ?? true, localAddress: o.localAddress });
  const messages: Json[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const client: StreamClient = {
    ws,
    messages,
    events: () => messages.filter((m) => typeof m.seq === "number"),
    send: (message) => ws.send(JSON.stringify(message)),
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) {
          throw new Error(`timed out; got ${JSON.stringify(messages).slice(0, 2_000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      await closed;
    },
  };
  return client;
}

/** Authenticated: the server's greeting arrived. */
export const authenticated = (messages: Json[]) => messages.some((m) => m.type === "authenticated");
