// Which methods a path has, for the 405 answer to a method it lacks: the routes as the server
// registered them (an onRoute hook feeds `add`), matched the way the router matches them
// (`:name` is one path segment, `*` the rest of the path; no trailing-slash folding).

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function matcher(url: string): RegExp {
  const pattern = url
    .split("/")
    .map((segment) => {
      if (segment === "*") return ".*";
      if (segment.startsWith(":")) return "[^/]+";
      return literal(segment).replace(/\\\*$/, ".*");
    })
    .join("/");
  return new RegExp(`^${pattern}$`);
}

export class RouteMethods {
  readonly #routes = new Map<string, { match: RegExp; methods: Set<string> }>();

  add(method: string | readonly string[], url: string): void {
    let route = this.#routes.get(url);
    if (route === undefined) {
      route = { match: matcher(url), methods: new Set() };
      this.#routes.set(url, route);
    }
    for (const m of typeof method === "string" ? [method] : method) route.methods.add(m);
  }

  /** The methods some route answers on this path (without its query), sorted; [] when none. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.#routes.values()) {
      if (route.match.test(path)) for (const m of route.methods) methods.add(m);
    }
    return [...methods].sort();
  }
}
