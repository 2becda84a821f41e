// Hands back to the OS the memory a start-up used and no longer needs. Loading the modules
// grows V8's young generation to its largest; V8 shrinks it again later, but keeps its pages in a
// pool, so the process stays tens of MiB bigger than it needs to be, idle or not (figures:
// docs/benchmarks.md). V8's "last resort" full collection (the one it runs before giving up on
// an allocation) frees garbage in both generations, shrinks the young one and releases the pool.
// Node has no API for it, so this borrows V8's `gc` extension: turned on for one new context,
// off again, and called once, when the process is ready. It leaves the young
// generation's limit alone: under load it grows again as before.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Gc = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

export function releaseStartupMemory(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("typeof gc === 'function' ? gc : undefined") as Gc | undefined;
  setFlagsFromString("--no-expose-gc");
  // A Node that ignored the flag leaves nothing to call: the process is only bigger, as before.
  gc?.({ type: "major", execution: "sync", flavor: "last-resort" });
}
