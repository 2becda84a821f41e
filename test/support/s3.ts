// A real S3-compatible server on 127.0.0.1 for tests (s3rver: the S3 REST API over a temporary
// folder, checking request signatures), and the blob store settings that reach it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "@20minutes/s3rver";
import type { S3Settings } from "../../src/platform/blob-store.ts";

export interface LocalS3 {
  endpoint: string;
  settings: S3Settings;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = "bourse-test"): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), "bourse-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    // s3rver's built-in credentials; it verifies signatures made with them.
    settings: {
      bucket,
      region: "us-east-1",
      endpoint,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    },
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
