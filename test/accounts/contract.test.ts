/**
 * The parts of the skill contract the page tests do not reach: the token verifier when the key set is out of
 * reach, the SES email sender against the SES stand-in, and the derived keys.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesEmailSender, EmailNotSentError } from '../../accounts/src/contract/email-sender';
import { createAccessTokenVerifier } from '../../accounts/src/contract/token-verifier';
import { hashVoiceCode, voiceCodeMatches } from '../../accounts/src/contract/voice-code';
import { deriveServiceKeys, publicJwks } from '../../accounts/src/crypto/keys';
import { SesStandIn } from '../../tools/stand-ins/ses-api';

describe('the access-token verifier', () => {
  it('says unavailable (not invalid) when the key set cannot be fetched', async () => {
    const server = createServer((_request, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = ['eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImsxIn0', 'e30', 'c2ln'].join('.');
    try {
      expect(await createAccessTokenVerifier({ issuer: `http://127.0.0.1:${port}` })(token)).toEqual({
        kind: 'unavailable',
      });
    } finally {
      server.close();
    }
    expect(await createAccessTokenVerifier({ issuer: `http://127.0.0.1:${port}`, timeoutMs: 200 })(token)).toEqual({
      kind: 'unavailable',
    });
  });

  it('says invalid for no token or a malformed one, without fetching anything', async () => {
    const verify = createAccessTokenVerifier({ issuer: 'http://127.0.0.1:9' });
    expect(await verify(undefined)).toEqual({ kind: 'invalid', reason: 'no token' });
    expect(await verify('not-a-jwt')).toMatchObject({ kind: 'invalid' });
  });
});

describe('the SES email sender', () => {
  let ses: SesStandIn;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await SesStandIn.start();
    client = new SESv2Client({
      region: 'us-east-1',
      endpoint: ses.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await ses.close();
  });

  it('sends text and HTML through SendEmail, and the stand-in lists it', async () => {
    const sender = createSesEmailSender({ client, from: 'Green Horizons <orders@green-horizons.test>' });
    const id = await sender.send({
      to: 'buyer@example.test',
      subject: 'Your offset',
      text: 'Thanks.',
      html: '<p>Thanks.</p>',
    });

    expect(id).toMatch(/^0100/);
    expect(ses.sentTo('buyer@example.test')).toEqual([
      expect.objectContaining({
        from: 'Green Horizons <orders@green-horizons.test>',
        subject: 'Your offset',
        text: 'Thanks.',
        html: '<p>Thanks.</p>',
      }),
    ]);
    const listed = (await (await fetch(`${ses.url}/emails`)).json()) as unknown[];
    expect(listed).toHaveLength(ses.sent().length);
    expect(await (await fetch(ses.url)).text()).toContain('Your offset');
  });

  it('throws EmailNotSentError, without the address, when SES fails or is slow', async () => {
    const sender = createSesEmailSender({ client, from: 'a@green-horizons.test', timeoutMs: 300 });
    ses.behave({ kind: 'fail', times: 1, status: 500 });
    const failure = await sender
      .send({ to: 'secret.person@example.test', subject: 's', text: 't' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EmailNotSentError);
    expect(String((failure as Error).message)).not.toContain('secret.person');

    ses.behave({ kind: 'slow', delayMs: 1000 });
    await expect(sender.send({ to: 'x@example.test', subject: 's', text: 't' })).rejects.toBeInstanceOf(
      EmailNotSentError,
    );
    ses.behave({ kind: 'normal' });
  });
});

describe('keys and hashes', () => {
  it('derives the same ES256 key from the same seed, and publishes only its public half', () => {
    const seed = 'a-seed-of-at-least-thirty-two-characters-1';
    const keys = deriveServiceKeys(seed);
    expect(deriveServiceKeys(seed).signingKeys).toEqual(keys.signingKeys);
    expect(keys.signingKeys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(publicJwks(keys).keys[0]).not.toHaveProperty('d');

    const rotated = deriveServiceKeys(`a-new-seed-of-at-least-thirty-two-characters,${seed}`);
    expect(rotated.signingKeys[1]).toEqual(keys.signingKeys[0]);
    expect(rotated.signingKeys[0]?.kid).not.toBe(keys.signingKeys[0]?.kid);
    expect(() => deriveServiceKeys('short')).toThrow(RangeError);
  });

  it('hashes a voice code with the pepper: another pepper or account does not match', async () => {
    const pepper = 'p'.repeat(32);
    const hash = await hashVoiceCode(pepper, 'acct_0123456789abcdef01234567', '2468', { log2N: 10, r: 8, p: 1 });
    expect(hash).not.toContain('2468');
    expect(await voiceCodeMatches(pepper, 'acct_0123456789abcdef01234567', '2468', hash)).toBe(true);
    expect(await voiceCodeMatches('q'.repeat(32), 'acct_0123456789abcdef01234567', '2468', hash)).toBe(false);
    expect(await voiceCodeMatches(pepper, 'acct_1123456789abcdef01234567', '2468', hash)).toBe(false);
    expect(await voiceCodeMatches(pepper, 'acct_0123456789abcdef01234567', '2468', 'garbage')).toBe(false);
  });
});
