/**
 * CSRF protection for every form: a signed double-submit token. Each browser gets a random cookie; each form
 * carries HMAC(key, cookie); a POST must bring both, matching. On top, a POST whose Origin is another site, or
 * whose Sec-Fetch-Site says cross-site, is refused before the token is even looked at.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newCsrfSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfToken(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(`csrf/${secret}`).digest('base64url');
}

export function csrfTokenMatches(
  keys: readonly Buffer[],
  secret: string | undefined,
  token: string | undefined,
): boolean {
  if (!secret || !token) return false;
  const given = Buffer.from(token);
  return keys.some((key) => {
    const expected = Buffer.from(csrfToken(key, secret));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** False for a request another site made the browser send. */
export function sameOriginRequest(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  origin: string,
): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const from = headers.origin;
  if (typeof from === 'string' && from !== 'null' && from !== origin) return false;
  return true;
}
