// API keys: random, shown once, stored as a SHA-256 hash with a lookup prefix, compared in constant time.
// SHA-256 (not a slow password hash) is right here: keys carry 240 bits of randomness, nothing to guess.
import { hash, randomBytes, timingSafeEqual } from "node:crypto";

export const KEY_PREFIX_LENGTH = 12;

export function generateApiKey(): { key: string; prefix: string; hash: Buffer } {
  const key = `bk_${randomBytes(30).toString("base64url")}`;
  return { key, prefix: key.slice(0, KEY_PREFIX_LENGTH), hash: hashKey(key) };
}

// One-shot hash(): no Hash object per call (this runs on every authenticated request).
export const hashKey = (key: string): Buffer => hash("sha256", key, "buffer");

export function keyMatches(key: string, hash: Buffer): boolean {
  const candidate = hashKey(key);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/** A well-formed key: `bk_` and 40 base64url characters. */
export const looksLikeKey = (key: string): boolean => /^bk_[A-Za-z0-9_-]{40}$/.test(key);

export function generateAdminToken(): string {
  return `adm_${randomBytes(30).toString("base64url")}`;
}
