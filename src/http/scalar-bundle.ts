// The browser bundle of Scalar's API reference (what /docs runs), streamed from the installed
// @scalar/fastify-api-reference on each request instead of kept in memory.
//
// npm ships that bundle in one place only: as a JavaScript string literal inside
// @scalar/fastify-api-reference's dist/index.js (`var standalone_default = "…";`, megabytes, with
// non-ASCII characters). Importing the plugin kept the literal and the module's source text in the
// heap for the life of the process. Here the file is read in chunks and the
// literal's escapes are undone on the way out, so the bytes sent are the bundle's UTF-8 text and
// nothing stays behind. test/integration/http.test.ts checks them against what the plugin serves.
import { createReadStream } from "node:fs";
import { pipeline, Transform, type TransformCallback } from "node:stream";
import { fileURLToPath } from "node:url";

/** dist/index.js of the installed plugin (resolved, not imported: nothing of it is loaded). */
export const SCALAR_PLUGIN_FILE = fileURLToPath(import.meta.resolve("@scalar/fastify-api-reference"));

const START = Buffer.from('var standalone_default = "');
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
/**
 * Escapes of the literal, byte for byte (1.76.3 has \" \\ and \n only). Any other fails the response
 * (a new build of the plugin would need this file looked at).
 */
const ESCAPES = new Map<number, number>([
  [0x6e, 0x0a], // \n
  [0x74, 0x09], // \t
  [0x72, 0x0d], // \r
  [QUOTE, QUOTE],
  [0x27, 0x27], // \'
  [BACKSLASH, BACKSLASH],
]);

/**
 * Bytes of a JavaScript file in, the bytes of the string literal that follows `START` out. UTF-8
 * multi-byte sequences never contain `\` or `"`, so the work is byte by byte.
 */
class LiteralDecoder extends Transform {
  #state: "before" | "inside" | "after" = "before";
  #head = Buffer.alloc(0);
  #escaped = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      done(null, this.#decode(chunk));
    } catch (error) {
      done(error as Error);
    }
  }

  #decode(chunk: Buffer): Buffer | undefined {
    let input = chunk;
    if (this.#state === "before") {
      this.#head = Buffer.concat([this.#head, chunk]);
      const at = this.#head.indexOf(START);
      if (at < 0) {
        if (this.#head.length > 1 << 20) throw new Error(`${SCALAR_PLUGIN_FILE}: no bundle literal`);
        return undefined;
      }
      input = this.#head.subarray(at + START.length);
      this.#head = Buffer.alloc(0);
      this.#state = "inside";
    }
    if (this.#state === "after") return undefined;
    // Decoded in place: the output never runs ahead of the input.
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const byte = input[i] as number;
      if (this.#escaped) {
        const value = ESCAPES.get(byte);
        if (value === undefined) {
          throw new Error(`${SCALAR_PLUGIN_FILE}: unexpected escape \\${String.fromCharCode(byte)}`);
        }
        input[n++] = value;
        this.#escaped = false;
      } else if (byte === BACKSLASH) {
        this.#escaped = true;
      } else if (byte === QUOTE) {
        this.#state = "after";
        break;
      } else {
        input[n++] = byte;
      }
    }
    return input.subarray(0, n);
  }

  override _flush(done: TransformCallback): void {
    done(
      this.#state === "after" ? null : new Error(`${SCALAR_PLUGIN_FILE}: the bundle literal does not end`),
    );
  }
}

/** The bundle as a stream of UTF-8 bytes (64 KiB reads). */
export function scalarBundle(file = SCALAR_PLUGIN_FILE): NodeJS.ReadableStream {
  // pipeline: an error on either side, or a client gone (the reply destroys the decoder), closes both.
  return pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), new LiteralDecoder(), () => {});
}
