// The web console (console/, built by Vite into console/dist by `npm install`'s prepare script) at
// `/`, same origin as the API, under a strict Content-Security-Policy: scripts, styles and
// connections from this origin only, no inline code, no framing. The built files are read once,
// at start-up; without a build, `/` says how to make one.
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { errorBody, sendError } from "./errors.ts";

export const CONSOLE_DIR = join(import.meta.dirname, "../../console/dist");

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export interface ConsoleOptions {
  /** The folder of the built console. */
  dir: string;
  /**
   * The demo account's API key, offered to a browser on this machine (embedded mode outside
   * production); undefined: no demo shortcut.
   */
  demoKey: string | undefined;
}

const hide = { schema: { hide: true } };

/** A request straight from this machine: a loopback peer, and no proxy in between. */
function fromLoopback(request: FastifyRequest): boolean {
  const peer = request.socket.remoteAddress ?? "";
  const loopback = peer === "::1" || peer.startsWith("127.") || peer.startsWith("::ffff:127.");
  return (
    loopback && request.headers["x-forwarded-for"] === undefined && request.headers.forwarded === undefined
  );
}

async function builtFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (sub: string) => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const path = sub === "" ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else files.set(`/${path}`, await readFile(join(dir, path)));
    }
  };
  await walk("").catch(() => undefined);
  return files;
}

export async function consoleRoutes(app: FastifyInstance, o: ConsoleOptions): Promise<void> {
  const files = await builtFiles(o.dir);
  app.addHook("onSend", async (_request, reply) => {
    reply.header("content-security-policy", CONSOLE_CSP);
  });
  const index = files.get("/index.html");
  app.get("/", hide, async (_request, reply) => {
    if (index === undefined) {
      return reply
        .status(503)
        .type("text/plain; charset=utf-8")
        .send("The console is not built: run npm run console:build (npm install does it), then restart.\n");
    }
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(index);
  });
  // Vite names the built assets by their content: they may be cached for good.
  app.get("/assets/*", hide, async (request, reply) => {
    const file = files.get(request.url.split("?")[0] ?? "");
    if (file === undefined)
      return sendError(reply, 404, errorBody("NOT_FOUND", "no such file of the console"));
    return reply
      .type(TYPES[extname(request.url.split("?")[0] ?? "")] ?? "application/octet-stream")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(file);
  });
  // The demo shortcut: only for a browser on this machine, and only when the server has a demo key.
  app.get("/console/demo", hide, async (request, reply) => {
    if (o.demoKey === undefined || !fromLoopback(request)) {
      return sendError(reply, 404, errorBody("NOT_FOUND", "no demo account is offered here"));
    }
    return reply.header("cache-control", "no-store").send({ api_key: o.demoKey });
  });
}
