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
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !["DATABASE_URL", "ADMIN_TOKEN", "NODE_ENV", "PORT"].includes(k),
    ),
  );
  const child = spawn(process.execPath, ["src/main.ts", ...args], {
    env: { ...clean, LOG_FORMAT: "json", LOG_LEVEL: "info", ...env, PORT: String(port) },
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
