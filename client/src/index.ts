// @bourse/client: typed HTTP calls and the resuming stream.
export * from "./http.ts";
export type { components, paths } from "./schema.d.ts";
export * from "./stream.ts";
