// Who is signed in: the API key (and the admin token, for the admin view) live in sessionStorage
// only: gone with the tab, never in a URL, a cookie or a log.
import { type BourseClient, createBourseClient } from "@bourse/client";

const KEY = "bourse.api_key";
const ADMIN = "bourse.admin_token";

export const storedKey = () => sessionStorage.getItem(KEY) ?? undefined;
export const storeKey = (key: string | undefined) =>
  key === undefined ? sessionStorage.removeItem(KEY) : sessionStorage.setItem(KEY, key);
export const storedAdminToken = () => sessionStorage.getItem(ADMIN) ?? undefined;
export const storeAdminToken = (token: string | undefined) =>
  token === undefined ? sessionStorage.removeItem(ADMIN) : sessionStorage.setItem(ADMIN, token);

/** Same origin: the console is served by the API it calls. */
export const api = (token?: string): BourseClient =>
  createBourseClient({ baseUrl: location.origin, ...(token === undefined ? {} : { token }) });

/** The demo account's key, when the server offers it to this browser (embedded mode, this machine). */
export async function demoKey(): Promise<string | undefined> {
  const response = await fetch("/console/demo", { cache: "no-store" }).catch(() => undefined);
  if (response === undefined || !response.ok) return undefined;
  const body = (await response.json()) as { api_key?: unknown };
  return typeof body.api_key === "string" ? body.api_key : undefined;
}
