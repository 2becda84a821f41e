// The web console's routes: the page and its assets under a strict Content-Security-Policy (and
// /docs/ keeping its own), and the demo shortcut offered only to this machine.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CONSOLE_DIR } from "../../src/http/console.ts";
import { buildTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ demoKey: "bk_demo_key_for_the_console_test" });
});
afterAll(async () => {
  await t.close();
});

describe("the page", () => {
  test("when / is read, then it is the built console under a policy with no inline code and no framing", async () => {
    const page = await t.app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('<div id="app">');
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
  });

  test("when an asset the page names is read, then it comes with its type, cached for good; an unknown one is 404", async () => {
    const page = await t.app.inject({ method: "GET", url: "/" });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(readdirSync(join(CONSOLE_DIR, "assets")).map((f) => `/assets/${f}`)).toContain(script);
    const asset = await t.app.inject({ method: "GET", url: script ?? "" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(asset.headers["cache-control"]).toContain("immutable");
    const missing = await t.app.inject({ method: "GET", url: "/assets/nothing.js" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("NOT_FOUND");
  });

  test("when /docs/ is read, then it keeps the policy its inline code needs", async () => {
    const docs = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers["content-security-policy"])).toContain("script-src 'self' 'unsafe-inline'");
  });
});

describe("the demo shortcut", () => {
  test("when a browser on this machine asks, then it gets the demo key, not to be cached", async () => {
    const r = await t.app.inject({ method: "GET", url: "/console/demo", remoteAddress: "127.0.0.1" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ api_key: "bk_demo_key_for_the_console_test" });
    expect(r.headers["cache-control"]).toBe("no-store");
  });

  test("when the request comes from another address or through a proxy, then it is 404", async () => {
    const remote = await t.app.inject({ method: "GET", url: "/console/demo", remoteAddress: "192.0.2.7" });
    expect(remote.statusCode).toBe(404);
    const proxied = await t.app.inject({
      method: "GET",
      url: "/console/demo",
      remoteAddress: "127.0.0.1",
      headers: { "x-forwarded-for": "192.0.2.7" },
    });
    expect(proxied.statusCode).toBe(404);
    expect(proxied.json().error.code).toBe("NOT_FOUND");
  });

  test("when the server has no demo key (production, or not embedded), then it is 404 even to this machine", async () => {
    const plain = await buildTestApp();
    try {
      const r = await plain.app.inject({ method: "GET", url: "/console/demo", remoteAddress: "127.0.0.1" });
      expect(r.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
