// Real processes on real sockets for e2e tests.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { freePort } from "../../src/platform/embedded-postgres.ts";

export interface Started {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The environment of a child: the test run's, without what would point it at the run's own services. */
function childEnv(env: Record<string, string>): Record<string, string | undefined> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !["DATABASE_URL", "ADMIN_TOKEN", "NODE_ENV", "PORT"].includes(k),
    ),
  );
  return { ...clean, LOG_FORMAT: "json", LOG_LEVEL: "info", ...env };
}

/** Runs `node src/main.ts <args>` to its exit (killed after `withinMs`): its status and output. */
export async function runBourse(
  args: string[],
  env: Record<string, string>,
  withinMs = 30_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["src/main.ts", ...args], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), withinMs);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

/**
 * Starts `node src/main.ts <args>` and waits until `readyUrl` (default: its /readyz) answers 200;
 * "none" waits for nothing (a worker serves no HTTP).
 */
export async function startBourse(
  args: string[],
  env: Record<string, string>,
  readyWithinMs = 30_000,
  readyUrl?: string,
): Promise<Started> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, ["src/main.ts", ...args], {
    env: { ...childEnv(env), PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = once(child, "exit");
    child.kill(signal);
    const [code] = (await exited) as [number | null];
    return code;
  };
  if (readyUrl === "none") {
    await new Promise((r) => setTimeout(r, 1_500));
    if (child.exitCode !== null) throw new Error(`bourse exited with ${child.exitCode}:\n${out}`);
    return { child, baseUrl, output: () => out, stop };
  }
  const deadline = Date.now() + readyWithinMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bourse exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(readyUrl ?? `${baseUrl}/readyz`);
      if (r.status === 200) return { child, baseUrl, output: () => out, stop };
      last = `${r.status} ${await r.text()}`;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop("SIGKILL");
  throw new Error(`bourse was not ready within ${readyWithinMs} ms (last: ${last}):\n${out}`);
}
