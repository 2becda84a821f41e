// The entry point: turns on Node's on-disk module compile cache, then runs the command line
// (cli.ts). With the cache, a start reuses the type-stripped sources and V8's code cache of an
// earlier start instead of transpiling and compiling every module again: a faster start and less
// resident memory (docs/benchmarks.md, "Start-up and memory"). The cache lives in
// os.tmpdir()/node-compile-cache; NODE_COMPILE_CACHE=dir moves it, NODE_DISABLE_COMPILE_CACHE=1
// turns it off. Nothing fails without it. cli.ts must load after the call, hence the dynamic import.
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./cli.ts");
