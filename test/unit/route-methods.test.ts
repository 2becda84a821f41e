import { describe, expect, test } from "vitest";
import { RouteMethods } from "../../src/http/route-methods.ts";

describe("the methods of a path", () => {
  const routes = new RouteMethods();
  routes.add("GET", "/api/v1/orders");
  routes.add(["POST", "DELETE"], "/api/v1/orders");
  routes.add("GET", "/api/v1/orders/:id");
  routes.add("POST", "/api/v1/orders/:id/cancel");
  routes.add("GET", "/docs/*");

  test.each([
    ["/api/v1/orders", ["DELETE", "GET", "POST"]],
    ["/api/v1/orders/", []],
    ["/api/v1/orders/abc", ["GET"]],
    ["/api/v1/orders/abc/cancel", ["POST"]],
    ["/api/v1/orders/abc/def", []],
    ["/docs/js/scalar.js", ["GET"]],
    ["/nothing", []],
  ])("when the path is %s, then its methods are %j", (path, methods) => {
    expect(routes.allowed(path)).toEqual(methods);
  });
});
