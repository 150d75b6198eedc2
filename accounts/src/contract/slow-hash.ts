/**
 * Slow, salted hashes with node:crypto's scrypt (no native dependency), for passwords and voice codes. A stored hash
 * carries its own parameters, `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url), so the cost can be raised later
 * and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  /** log2 of scrypt's N (CPU and memory cost): 17 is OWASP's recommendation for passwords. */
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

export const PASSWORD_COST: ScryptCost = { log2N: 17, r: 8, p: 1 };
/** Voice codes are checked inside an Alexa request (8 s): a lighter cost; the pepper does the heavy lifting. */
export const VOICE_CODE_COST: ScryptCost = { log2N: 14, r: 8, p: 1 };

const KEY_LENGTH = 32;

function derive(secret: string | Buffer, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export function checkCost(cost: ScryptCost): ScryptCost {
  const ok =
    Number.isInteger(cost.log2N) &&
    cost.log2N >= 10 &&
    cost.log2N <= 20 &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= 32 &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= 4;
  if (!ok) throw new RangeError('scrypt cost out of range (log2 N 10 to 20, r 1 to 32, p 1 to 4)');
  return cost;
}

export async function slowHash(secret: string | Buffer, cost: ScryptCost): Promise<string> {
  checkCost(cost);
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost);
  return ['scrypt', cost.log2N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `secret` hashes to `stored`. A malformed stored value never verifies. */
export async function verifySlowHash(stored: string, secret: string | Buffer): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [log2N, r, p] = parts.slice(1, 4).map(Number);
  const cost = { log2N: log2N ?? Number.NaN, r: r ?? Number.NaN, p: p ?? Number.NaN };
  try {
    checkCost(cost);
  } catch {
    return false;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 16 || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(secret, salt, cost);
  return timingSafeEqual(actual, expected);
}

/** The log2 N a stored hash was made with (to rehash on sign-in when the configured cost went up). */
export function hashLog2N(stored: string): number | undefined {
  const value = Number(stored.split('$')[1]);
  return Number.isInteger(value) ? value : undefined;
}
