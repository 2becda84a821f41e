// The blob store: a folder on disk, and S3 against a real S3-compatible server on 127.0.0.1.
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  BlobNotFoundError,
  type BlobStore,
  checkKey,
  folderBlobStore,
} from "../../src/platform/blob-store.ts";
import { s3BlobStore } from "../../src/platform/blob-store-s3.ts";
import { type LocalS3, startLocalS3 } from "../support/s3.ts";

let dir: string;
let s3: LocalS3;
let stores: { name: string; store: BlobStore }[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bourse-blobs-"));
  s3 = await startLocalS3();
  stores = [
    { name: "folder", store: folderBlobStore(dir) },
    { name: "s3", store: s3BlobStore(s3.settings) },
  ];
});
afterAll(async () => {
  for (const s of stores) s.store.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const read = async (stream: Readable) => await text(stream);

describe.each(["folder", "s3"])("the %s blob store", (name) => {
  const store = () => {
    const found = stores.find((s) => s.name === name);
    if (found === undefined) throw new Error(`no ${name} store`);
    return found.store;
  };

  test("when a body is put and read back, then the bytes are the same, and a second put replaces them", async () => {
    const key = `reports/acct-1/${name}-${Date.now()}.csv`;
    await store().put(key, "a,b\r\n1,2\r\n", "text/csv");
    expect(await read(await store().get(key))).toBe("a,b\r\n1,2\r\n");
    await store().put(key, Buffer.from("é,ü\r\n"), "text/csv");
    expect(await read(await store().get(key))).toBe("é,ü\r\n");
  });

  test("when a key holds nothing, then get throws BlobNotFoundError", async () => {
    await expect(store().get(`missing/${name}.csv`)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  test("when a key climbs out of the store, then it is refused", async () => {
    await expect(store().put("../escape.csv", "x", "text/csv")).rejects.toThrow(/invalid blob key/);
    await expect(store().get("a/../../b")).rejects.toThrow(/invalid blob key/);
  });
});

test("when the folder store writes a blob, then the file is 0600 and the folders it creates 0700, whatever the umask", async () => {
  const root = join(dir, `modes-${Date.now()}`);
  const umask = process.umask(0o022);
  try {
    await folderBlobStore(root).put("reports/acct-1/2026-01-02.csv", "a\r\n", "text/csv");
  } finally {
    process.umask(umask);
  }
  const mode = async (path: string) => (await stat(path)).mode & 0o777;
  expect(await mode(join(root, "reports/acct-1/2026-01-02.csv"))).toBe(0o600);
  for (const folder of [root, join(root, "reports"), join(root, "reports/acct-1")])
    expect(await mode(folder)).toBe(0o700);
});

test("when a folder put completes, then no temporary file is left beside the blob", async () => {
  const store = folderBlobStore(dir);
  await store.put("tidy/one.csv", "x", "text/csv");
  expect(await readdir(join(dir, "tidy"))).toEqual(["one.csv"]);
});

test("when an S3 object is signed for download, then the URL alone fetches it, with the file name, until it expires", async () => {
  const store = s3BlobStore(s3.settings);
  try {
    await store.put("signed/statement.csv", "asset,total\r\nUSD,10\r\n", "text/csv; charset=utf-8");
    const signedUrl = store.signedUrl;
    if (signedUrl === undefined) throw new Error("the S3 store signs URLs");
    const url = await signedUrl("signed/statement.csv", 60, { filename: "statement-2026-11-26.csv" });
    expect(url).toContain("X-Amz-Signature=");
    const r = await fetch(url);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("asset,total\r\nUSD,10\r\n");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="statement-2026-11-26.csv"');
    const forged = new URL(url);
    forged.searchParams.set("X-Amz-Expires", "3600");
    expect((await fetch(forged)).status).toBe(403);
  } finally {
    store.close();
  }
});

test("when the folder store has no signed URLs, then it says so by having none", () => {
  expect(folderBlobStore(dir).signedUrl).toBeUndefined();
  expect(checkKey("reports/a-b/c_d.csv")).toBe("reports/a-b/c_d.csv");
});
