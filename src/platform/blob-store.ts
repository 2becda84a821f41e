// Object storage for generated files (reports): a folder on disk (embedded mode, or when no bucket is
// configured) or an S3-compatible bucket (AWS S3, MinIO, R2). Keys are slash-separated paths.
import { createReadStream } from "node:fs";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";

import { BlobNotFoundError, type BlobStore, checkKey, type S3Settings } from "./blob.ts";

export { BlobNotFoundError, type BlobStore, checkKey, type S3Settings } from "./blob.ts";

// Reports hold an account's fills and balances: only the service's own user may read them, whatever
// the process's umask. Folders that already exist keep their mode.
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

export function folderBlobStore(dir: string): BlobStore {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    const path = resolve(root, ...checkKey(key).split("/"));
    if (!path.startsWith(root + sep)) throw new Error(`invalid blob key '${key}'`);
    return path;
  };
  let sequence = 0;
  return {
    kind: "folder",
    put: async (key, body) => {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: FOLDER_MODE });
      const temporary = `${path}.${process.pid}.${++sequence}.tmp`;
      await writeFile(temporary, body, { mode: FILE_MODE });
      await rename(temporary, path);
    },
    get: async (key) => {
      const path = pathOf(key);
      try {
        if (!(await stat(path)).isFile()) throw new BlobNotFoundError(key);
      } catch (error) {
        if (error instanceof BlobNotFoundError) throw error;
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(key);
        throw error;
      }
      return createReadStream(path);
    },
    close: () => {},
  };
}

export async function createBlobStore(o: { dir: string; s3: S3Settings | undefined }): Promise<BlobStore> {
  if (o.s3 === undefined) return folderBlobStore(o.dir);
  const { s3BlobStore } = await import("./blob-store-s3.ts");
  return s3BlobStore(o.s3);
}

/** Where a stored object can be read by hand, for logs: never a credential. */
export const describeBlobStore = (o: { dir: string; s3: S3Settings | undefined }): string =>
  o.s3 === undefined
    ? `folder ${resolve(o.dir)}`
    : `s3://${o.s3.bucket}${o.s3.endpoint === undefined ? "" : ` at ${o.s3.endpoint}`}`;
