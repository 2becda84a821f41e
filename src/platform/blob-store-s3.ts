// The S3 blob store (AWS, MinIO, R2), in its own file so that the SDK loads only when used.
import { Readable } from "node:stream";
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { BlobNotFoundError, type BlobStore, checkKey, type S3Settings } from "./blob.ts";

const safeFilename = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, "_");

export function s3BlobStore(s: S3Settings): BlobStore {
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials:
      s.accessKeyId !== undefined && s.secretAccessKey !== undefined
        ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }
        : undefined,
  });
  return {
    kind: "s3",
    put: async (key, body, contentType) => {
      await client.send(
        new PutObjectCommand({ Bucket: s.bucket, Key: checkKey(key), Body: body, ContentType: contentType }),
      );
    },
    get: async (key) => {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: checkKey(key) }));
        if (out.Body instanceof Readable) return out.Body;
        if (out.Body === undefined) throw new BlobNotFoundError(key);
        return Readable.from(Buffer.from(await out.Body.transformToByteArray()));
      } catch (error) {
        if (error instanceof NoSuchKey) throw new BlobNotFoundError(key);
        throw error;
      }
    },
    signedUrl: async (key, expiresSeconds, o = {}) =>
      await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: s.bucket,
          Key: checkKey(key),
          ResponseContentDisposition:
            o.filename === undefined ? undefined : `attachment; filename="${safeFilename(o.filename)}"`,
        }),
        { expiresIn: expiresSeconds },
      ),
    close: () => client.destroy(),
  };
}
