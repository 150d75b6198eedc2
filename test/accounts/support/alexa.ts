/** Alexa's side of the OAuth flow, scripted step by step (the failure tests need each step on its own). */
import { createHash, randomBytes } from 'node:crypto';
import type { LocalAccounts } from '../../../accounts/local/start-locally';
import { type Page, WebClient } from './web-client';

export interface AuthorizationRequest {
  readonly state: string;
  readonly verifier: string | undefined;
  readonly url: string;
}

export function authorizationRequest(
  accounts: LocalAccounts,
  options: { pkce?: boolean; redirectUri?: string; scope?: string; extra?: Record<string, string> } = {},
): AuthorizationRequest {
  const state = randomBytes(12).toString('base64url');
  const verifier = options.pkce ? randomBytes(32).toString('base64url') : undefined;
  const url = new URL('/auth', accounts.url);
  url.searchParams.set('client_id', accounts.config.alexa.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', state);
  url.searchParams.set('scope', options.scope ?? 'offsets');
  url.searchParams.set('redirect_uri', options.redirectUri ?? accounts.alexa.redirectUri);
  if (verifier) {
    url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [key, value] of Object.entries(options.extra ?? {})) url.searchParams.set(key, value);
  return { state, verifier, url: url.toString() };
}

/**
 * Signs in on the linking page and allows Alexa, as a customer in the Alexa app's browser does; returns where the
 * browser was finally sent (Alexa's redirect URI with the code and state).
 */
export async function linkInBrowser(
  accounts: LocalAccounts,
  request: AuthorizationRequest,
  credentials: { email: string; password: string },
  client = new WebClient(accounts.url),
): Promise<{ redirect: URL; consent: Page }> {
  const login = await client.get(request.url);
  const interaction = new URL(login.url).pathname;
  const consent = await client.submit(login, `${interaction}/sign-in`, credentials);
  const done = await client.submit(consent, `${new URL(consent.url).pathname}/consent`);
  return { redirect: new URL(done.url), consent };
}

export interface TokenResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** POST /token as Alexa sends it: form body, client credentials with HTTP Basic. */
export async function tokenRequest(
  accounts: LocalAccounts,
  parameters: Record<string, string>,
  secret = accounts.config.alexa.clientSecret,
): Promise<TokenResponse> {
  const basic = Buffer.from(
    `${encodeURIComponent(accounts.config.alexa.clientId)}:${encodeURIComponent(secret)}`,
  ).toString('base64');
  const response = await fetch(new URL('/token', accounts.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic}`,
      accept: 'application/json',
    },
    body: new URLSearchParams(parameters),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function exchangeCode(
  accounts: LocalAccounts,
  code: string,
  extra: Record<string, string> = {},
  secret?: string,
) {
  return tokenRequest(
    accounts,
    { grant_type: 'authorization_code', code, redirect_uri: accounts.alexa.redirectUri, ...extra },
    secret,
  );
}

export function refresh(accounts: LocalAccounts, refreshToken: string) {
  return tokenRequest(accounts, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Decodes a JWT's header and payload (no verification: for assertions next to a real verification). */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
  };
}
