/**
 * Verifying the access token Alexa puts in `context.System.user.accessToken`, locally, with jose: an RFC 9068 JWT
 * (`typ: at+jwt`) signed ES256 with a key from the account service's JWKS, whose issuer is the account service's
 * public URL and whose audience is the fixed resource indicator (default `urn:green-horizons:skill`). `sub` is the
 * account ID. The key set is fetched once per container and cached (refetched when a token names an unknown key,
 * at most every 30 s).
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { isAccountId } from './table';

export const DEFAULT_AUDIENCE = 'urn:green-horizons:skill';
export const OFFSETS_SCOPE = 'offsets';

export interface VerifiedAccessToken {
  readonly accountId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type TokenVerification =
  | { readonly kind: 'valid'; readonly token: VerifiedAccessToken }
  /** Alexa refreshes tokens itself; an expired one means linking broke: ask to link again. */
  | { readonly kind: 'expired' }
  | { readonly kind: 'invalid'; readonly reason: string }
  /** The key set could not be fetched in time: say so and keep the order; do not treat it as unlinked. */
  | { readonly kind: 'unavailable' };

export interface AccessTokenVerifierOptions {
  /** The account service's public URL, exactly as in its discovery document. */
  readonly issuer: string;
  readonly audience?: string;
  /** Default `<issuer>/jwks`. */
  readonly jwksUrl?: string;
  /** Timeout of a key-set fetch (default 1500 ms, well inside Alexa's 8 s). */
  readonly timeoutMs?: number;
  /** The scope a token must carry (default `offsets`). */
  readonly requiredScope?: string;
  /** For tests: the time to verify at. */
  readonly clock?: () => Date;
}

export type AccessTokenVerifier = (token: string | undefined) => Promise<TokenVerification>;

function readToken(payload: JWTPayload, requiredScope: string): TokenVerification {
  const { sub, iat, exp } = payload;
  const clientId = payload.client_id;
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  if (!isAccountId(sub)) return { kind: 'invalid', reason: 'sub is not an account ID' };
  if (typeof iat !== 'number' || typeof exp !== 'number') return { kind: 'invalid', reason: 'no iat or exp' };
  if (typeof clientId !== 'string') return { kind: 'invalid', reason: 'no client_id' };
  if (!scopes.includes(requiredScope)) return { kind: 'invalid', reason: `scope ${requiredScope} missing` };
  return { kind: 'valid', token: { accountId: sub, clientId, scopes, issuedAt: iat, expiresAt: exp } };
}

export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const issuer = options.issuer.replace(/\/$/, '');
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const requiredScope = options.requiredScope ?? OFFSETS_SCOPE;
  const keys = createRemoteJWKSet(new URL(options.jwksUrl ?? `${issuer}/jwks`), {
    timeoutDuration: options.timeoutMs ?? 1500,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  return async (token) => {
    if (!token) return { kind: 'invalid', reason: 'no token' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        requiredClaims: ['sub', 'iat', 'exp'],
        ...(options.clock ? { currentDate: options.clock() } : {}),
      });
      return readToken(payload, requiredScope);
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { kind: 'expired' };
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return { kind: 'unavailable' };
      // A key-set answer other than 200 is a generic JOSE error: the service is unwell, the token not proven bad.
      if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') return { kind: 'unavailable' };
      if (error instanceof errors.JOSEError) return { kind: 'invalid', reason: error.code };
      // Network errors fetching the key set (refused, reset): the service is unreachable, not the token bad.
      return { kind: 'unavailable' };
    }
  };
}
