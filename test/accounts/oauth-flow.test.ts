/**
 * Account linking exactly as Alexa runs it, against the real service on loopback: the Alexa app's browser opens
 * the authorization URL, the customer signs in and allows, the browser is sent to Alexa's redirect URI with a code,
 * Alexa's backend exchanges it with the client secret (HTTP Basic), and later refreshes. Then the failures.
 */
import type { LocalAccounts } from '../../accounts/local/start-locally';
import { AccountDirectory } from '../../accounts/src/contract/account-directory';
import { createAccessTokenVerifier } from '../../accounts/src/contract/token-verifier';
import { accountIdOf, PASSWORD, signUp, startTestAccounts } from './support/accounts';
import { authorizationRequest, decodeJwt, exchangeCode, linkInBrowser, refresh, tokenRequest } from './support/alexa';
import { textOf, WebClient } from './support/web-client';

let accounts: LocalAccounts;
let email: string;
let accountId: string;

beforeAll(async () => {
  accounts = await startTestAccounts();
  ({ email } = await signUp(accounts));
  accountId = await accountIdOf(accounts, email);
});

afterAll(() => accounts.stop());

async function linkedCode(options: { pkce?: boolean } = {}) {
  const request = authorizationRequest(accounts, options);
  const { redirect, consent } = await linkInBrowser(accounts, request, { email, password: PASSWORD });
  return { request, redirect, consent, code: redirect.searchParams.get('code') ?? '' };
}

describe('discovery', () => {
  it('publishes the endpoints, S256 PKCE and an ES256 key', async () => {
    const discovery = (await (await fetch(`${accounts.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;

    expect(discovery).toMatchObject({
      issuer: accounts.url,
      authorization_endpoint: `${accounts.url}/auth`,
      token_endpoint: `${accounts.url}/token`,
      jwks_uri: `${accounts.url}/jwks`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('linking as Alexa does', () => {
  it('authorize → sign in → consent → redirect with code → token with the client secret → refresh', async () => {
    const { request, redirect, consent, code } = await linkedCode();

    expect(textOf(consent)).toContain(
      'charge your saved card for a carbon offset, only after it has read you the price and you have said yes',
    );
    expect(`${redirect.origin}${redirect.pathname}`).toBe(accounts.alexa.redirectUri);
    expect(redirect.searchParams.get('state')).toBe(request.state);
    expect(redirect.searchParams.get('iss')).toBe(accounts.url);
    expect(code).not.toBe('');

    const tokens = await exchangeCode(accounts, code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'offsets' });
    expect(typeof tokens.body.refresh_token).toBe('string');

    const verify = createAccessTokenVerifier({ issuer: accounts.url });
    const verified = await verify(String(tokens.body.access_token));
    expect(verified).toEqual({
      kind: 'valid',
      token: expect.objectContaining({ accountId, clientId: accounts.config.alexa.clientId }),
    });
    const { header, payload } = decodeJwt(String(tokens.body.access_token));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: accounts.url,
      aud: 'urn:green-horizons:skill',
      sub: accountId,
      scope: 'offsets',
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBeGreaterThanOrEqual(3600);

    const refreshed = await refresh(accounts, String(tokens.body.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    expect(await verify(String(refreshed.body.access_token))).toMatchObject({ kind: 'valid' });
  });

  it('rotates refresh tokens: reusing a used one is refused and revokes the whole grant', async () => {
    const tokens = await exchangeCode(accounts, (await linkedCode()).code);
    const first = String(tokens.body.refresh_token);
    const second = await refresh(accounts, first);
    expect(second.status).toBe(200);

    const replay = await refresh(accounts, first);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await refresh(accounts, String(second.body.refresh_token))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('lets a customer who is already signed in continue without typing the password again', async () => {
    const client = new WebClient(accounts.url);
    const signIn = await client.get('/sign-in');
    await client.submit(signIn, '/sign-in', { email, password: PASSWORD });

    const page = await client.get(authorizationRequest(accounts).url);
    expect(textOf(page)).toContain(`Continue as ${email}`);
    const consent = await client.submit(page, `${new URL(page.url).pathname}/continue`);
    const done = await client.submit(consent, `${new URL(consent.url).pathname}/consent`);
    expect(new URL(done.url).searchParams.get('code')).toBeTruthy();
  });

  it('links through the Alexa stand-in (which posts to /token itself)', async () => {
    const client = new WebClient(accounts.url);
    const login = await client.get(accounts.alexa.linkUrl('amzn1.ask.account.TEST'));
    const consent = await client.submit(login, `${new URL(login.url).pathname}/sign-in`, { email, password: PASSWORD });
    const done = await client.submit(consent, `${new URL(consent.url).pathname}/consent`);
    const alexaPage = await fetch(done.url);

    expect(alexaPage.status).toBe(200);
    expect(accounts.alexa.tokensFor('amzn1.ask.account.TEST')).toMatchObject({ expiresIn: 3600, tokenType: 'Bearer' });
    expect(await accounts.alexa.refresh('amzn1.ask.account.TEST')).toMatchObject({ expiresIn: 3600 });
  });
});

describe('what Alexa is refused', () => {
  it('a wrong client secret', async () => {
    const { code } = await linkedCode();
    const answer = await exchangeCode(accounts, code, {}, 'not-the-secret-not-the-secret-not-the-secret');
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // The code was not used up by the failed attempt.
    expect((await exchangeCode(accounts, code)).status).toBe(200);
  });

  it('a code used twice: the second exchange fails and revokes what the first one issued', async () => {
    const { code } = await linkedCode();
    const first = await exchangeCode(accounts, code);
    expect(first.status).toBe(200);

    expect(await exchangeCode(accounts, code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await refresh(accounts, String(first.body.refresh_token))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('a redirect URI that is not Alexa’s: an error page, never a redirect', async () => {
    const request = authorizationRequest(accounts, { redirectUri: 'https://attacker.example/callback' });
    const page = await new WebClient(accounts.url).get(request.url);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(textOf(page)).toContain('This link cannot be used');
  });

  it('a token request naming another redirect URI than the authorization did', async () => {
    const { code } = await linkedCode();
    const answer = await tokenRequest(accounts, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://layla.amazon.com/api/skill/link/OTHER',
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('an unknown client', async () => {
    const url = new URL(authorizationRequest(accounts).url);
    url.searchParams.set('client_id', 'someone-else');
    const page = await new WebClient(accounts.url).get(url.toString());
    expect(page.status).toBe(400);
  });

  it('an expired access token (the skill’s verifier says expired, not invalid)', async () => {
    const tokens = await exchangeCode(accounts, (await linkedCode()).code);
    const later = createAccessTokenVerifier({ issuer: accounts.url, clock: () => new Date(Date.now() + 3601_000) });
    expect(await later(String(tokens.body.access_token))).toEqual({ kind: 'expired' });
  });

  it('a token for another audience or issuer, or tampered with', async () => {
    const tokens = await exchangeCode(accounts, (await linkedCode()).code);
    const token = String(tokens.body.access_token);
    expect(await createAccessTokenVerifier({ issuer: accounts.url, audience: 'urn:other' })(token)).toMatchObject({
      kind: 'invalid',
    });
    expect(
      await createAccessTokenVerifier({ issuer: 'https://other.example', jwksUrl: `${accounts.url}/jwks` })(token),
    ).toMatchObject({ kind: 'invalid' });
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...decodeJwt(token).payload, sub: 'acct_000000000000000000000000' }),
    ).toString('base64url');
    expect(await createAccessTokenVerifier({ issuer: accounts.url })(`${h}.${forged}.${s}`)).toMatchObject({
      kind: 'invalid',
    });
    expect(p).toBeTruthy();
  });

  it('the customer saying no: Alexa gets access_denied', async () => {
    const client = new WebClient(accounts.url);
    const request = authorizationRequest(accounts);
    const login = await client.get(request.url);
    const consent = await client.submit(login, `${new URL(login.url).pathname}/sign-in`, { email, password: PASSWORD });
    const done = await client.submit(consent, `${new URL(consent.url).pathname}/deny`);
    const redirect = new URL(done.url);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe(request.state);
  });
});

describe('PKCE', () => {
  it('when Alexa sends a challenge, the code only works with its verifier', async () => {
    const { request, code } = await linkedCode({ pkce: true });
    expect(await exchangeCode(accounts, code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const again = await linkedCode({ pkce: true });
    expect(await exchangeCode(accounts, again.code, { code_verifier: 'x'.repeat(43) })).toMatchObject({ status: 400 });
    const third = await linkedCode({ pkce: true });
    expect((await exchangeCode(accounts, third.code, { code_verifier: third.request.verifier ?? '' })).status).toBe(
      200,
    );
    expect(request.verifier).toBeDefined();
  });

  it('with ALEXA_REQUIRE_PKCE, a request without a challenge is refused back to Alexa', async () => {
    const strict = await startTestAccounts({ requirePkce: true, dynamoDbEndpoint: accounts.dynamoDbEndpoint });
    try {
      const page = await new WebClient(strict.url).get(authorizationRequest(strict).url);
      const redirect = new URL(page.url);
      expect(redirect.searchParams.get('error')).toBe('invalid_request');
      expect(redirect.searchParams.get('error_description')).toMatch(/PKCE/);
    } finally {
      await strict.stop();
    }
  });
});

describe('unlinking', () => {
  it('on the account page revokes refresh tokens, and the skill sees the access token as revoked', async () => {
    const tokens = await exchangeCode(accounts, (await linkedCode()).code);
    const client = new WebClient(accounts.url);
    await client.submit(await client.get('/sign-in'), '/sign-in', { email, password: PASSWORD });
    const account = await client.get('/account');
    expect(textOf(account)).toContain('Linked to Alexa since');

    const after = await client.submit(account, '/account/alexa/unlink');
    expect(textOf(after)).toContain('Alexa is unlinked');
    expect(textOf(after)).toContain('Not linked');

    expect(await refresh(accounts, String(tokens.body.refresh_token))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const verified = await createAccessTokenVerifier({ issuer: accounts.url })(String(tokens.body.access_token));
    if (verified.kind !== 'valid') throw new Error('the JWT itself stays valid until it expires');
    const directory = new AccountDirectory({
      client: accounts.parts.dynamoDb,
      tableName: accounts.config.tableName,
      voiceCodePepper: accounts.config.voiceCodePepper,
    });
    expect(await directory.getLinkedAccount(verified.token)).toEqual({ kind: 'revoked' });
  });
});
