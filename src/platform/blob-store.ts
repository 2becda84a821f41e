// Object storage for generated files (reports): a folder on disk (embedded mode, or when no bucket is
// configured) or an S3-compatible bucket (AWS S3, MinIO, R2). Keys are slash-separated paths.
import { createReadStream } from "node:fs";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import type { Readable } from "node:stream";

export interface BlobStore {
  /** "folder" serves files itself; "s3" hands out signed URLs. */
  readonly kind: "folder" | "s3";
  /** Stores the body under the key, replacing what was there: writing the same key twice is harmless. */
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  /** The stored bytes as a stream; BlobNotFoundError when the key holds nothing. */
  get(key: string): Promise<Readable>;
  /** A URL that downloads the object without credentials until it expires (S3 only). */
  signedUrl?(key: string, expiresSeconds: number, o?: { filename?: string }): Promise<string>;
  close(): void;
}

export class BlobNotFoundError extends Error {
  override name = "BlobNotFoundError";
  readonly key: string;
  constructor(key: string) {
    super(`no blob stored under '${key}'`);
    this.key = key;
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Keys are relative paths of plain segments: no '..', no leading slash, nothing a shell or URL mangles. */
export function checkKey(key: string): string {
  const segments = key.split("/");
  if (key.length > 512 || segments.some((s) => !SEGMENT.test(s) || s.includes(".."))) {
    throw new Error(`invalid blob key '${key}': use segments of letters, digits, '.', '_' and '-'`);
  }
  return key;
}

/** Files under a folder. A put writes a temporary file and renames it, so a reader never sees half a file. */
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
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${++sequence}.tmp`;
      await writeFile(temporary, body);
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

export interface S3Settings {
  bucket: string;
  region: string;
  /** For S3-compatible services (MinIO, R2); unset: AWS. */
  endpoint?: string | undefined;
  /** Both or neither; neither: the AWS SDK's default credential chain (instance or task role, …). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** bucket in the path (http://host/bucket/key) instead of the host name; MinIO needs it. */
  forcePathStyle: boolean;
}

/**
 * S3 when a bucket is given, else the folder. The AWS SDK is loaded only for S3: it is large,
 * and an embedded run should not carry it.
 */
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
