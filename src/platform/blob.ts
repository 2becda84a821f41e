// What every blob store is: the interface, its not-found error, the key rule, and S3's settings.
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
