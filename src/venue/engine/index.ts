// The matching engine's public surface. Nothing here imports anything outside this folder.
export { MatchingEngine } from "./engine.ts";
export type * from "./events.ts";
export { FinishedRing } from "./state.ts";
export * from "./types.ts";
