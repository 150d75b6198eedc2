/**
 * Every key the service needs, derived with HKDF-SHA256 from one random seed (the `ACCOUNTS_KEYS_SEED` secret,
 * which CloudFormation generates in Secrets Manager): the ES256 key that signs access tokens (published in the
 * JWKS), the cookie-signing keys, the CSRF key and the sign-up-code key. One secret to keep, nothing to generate
 * at deploy time, and the same keys in every Lambda container.
 *
 * Rotation: set the secret to `new-seed,old-seed`. Tokens and cookies are then made with the new keys, and the
 * old ones still verify (the old public key stays in the JWKS) until the old seed is dropped.
 */
import { createECDH, createHash, hkdfSync } from 'node:crypto';
import type { JWK } from 'oidc-provider';

const SALT = 'green-horizons/accounts/v1';
/** The order of the P-256 group: a private scalar must be in [1, n-1]. */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

function derive(seed: string, info: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', seed, SALT, info, length));
}

function signingJwk(seed: string): JWK {
  for (let counter = 0; ; counter += 1) {
    const d = derive(seed, `oidc-signing-key/es256/${counter}`);
    const scalar = BigInt(`0x${d.toString('hex')}`);
    if (scalar === 0n || scalar >= P256_ORDER) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    const point = ecdh.getPublicKey();
    const x = point.subarray(1, 33).toString('base64url');
    const y = point.subarray(33, 65).toString('base64url');
    // RFC 7638 thumbprint as the key ID.
    const kid = createHash('sha256')
      .update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }))
      .digest('base64url');
    return { kty: 'EC', crv: 'P-256', x, y, d: d.toString('base64url'), kid, alg: 'ES256', use: 'sig' };
  }
}

export interface ServiceKeys {
  /** Private JWKs, the signing key first (oidc-provider signs with the first matching key). */
  readonly signingKeys: readonly JWK[];
  /** Keygrip keys for oidc-provider's signed cookies, newest first. */
  readonly cookieKeys: readonly string[];
  /** HMAC keys for CSRF tokens, newest first. */
  readonly csrfKeys: readonly Buffer[];
  /** HMAC key for the emailed sign-up codes. */
  readonly signUpCodeKey: Buffer;
}

export function deriveServiceKeys(seedSecret: string): ServiceKeys {
  const seeds = seedSecret
    .split(',')
    .map((seed) => seed.trim())
    .filter(Boolean);
  if (seeds.length === 0 || seeds.some((seed) => seed.length < 32)) {
    throw new RangeError('ACCOUNTS_KEYS_SEED must be one or more comma-separated seeds of at least 32 characters');
  }
  const current = seeds[0] as string;
  return {
    signingKeys: seeds.map(signingJwk),
    cookieKeys: seeds.map((seed) => derive(seed, 'cookie-keys').toString('base64url')),
    csrfKeys: seeds.map((seed) => derive(seed, 'csrf')),
    signUpCodeKey: derive(current, 'sign-up-code'),
  };
}

/** The public half of the signing keys (what /jwks publishes), for tests and tools. */
export function publicJwks(keys: ServiceKeys): { keys: JWK[] } {
  return { keys: keys.signingKeys.map(({ d: _private, ...rest }) => rest) };
}
