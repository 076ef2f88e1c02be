// Password and PIN hashing (scrypt from node:crypto, no native add-on) and the high-entropy
// random secrets (session ids, API tokens, setup token), which only need SHA-256.
import { createHash, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP lists N=2^14, r=8, p=5 as equivalent to N=2^17, p=1 while using 16 MiB instead of
 * 128 MiB per hash: that fits a Pi 3 next to the daemon. About 0.3-0.5 s there, off the event
 * loop (libuv thread pool), so buttons and relays never wait for a login.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 5 };
const KEY_LEN = 32;
const SALT_LEN = 16;
/** refuse absurd parameters read from the database (a corrupted row must not eat the RAM) */
const MAX_MEM = 64 * 1024 * 1024;

export type RandomBytes = (n: number) => Buffer;

function derive(secret: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_LEN, { N: p.N, r: p.r, p: p.p, maxmem: MAX_MEM + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function validParams(p: ScryptParams): boolean {
  const ok = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
  return ok(p.N, 1 << 20) && (p.N & (p.N - 1)) === 0 && p.N >= 2 && ok(p.r, 32) && ok(p.p, 16) && 128 * p.N * p.r <= MAX_MEM;
}

/** `scrypt$N$r$p$<salt base64>$<hash base64>`: the parameters travel with the hash, so they can be raised later. */
export async function hashSecret(secret: string, random: RandomBytes, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (!validParams(params)) throw new Error(`invalid scrypt parameters ${JSON.stringify(params)}`);
  const salt = random(SALT_LEN);
  const key = await derive(secret, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const params = { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
  if (!validParams(params)) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length !== KEY_LEN) return null;
  return { params, salt, key };
}

/** Constant-time comparison; a malformed stored hash is a mismatch, never an exception. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const key = await derive(secret, h.salt, h.params);
  return timingSafeEqual(key, h.key);
}

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Compares two SHA-256 hex digests without leaking where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** A 32-byte random secret, base64url (43 characters). */
export function newSecret(random: RandomBytes, prefix = ''): string {
  return prefix + random(32).toString('base64url');
}
