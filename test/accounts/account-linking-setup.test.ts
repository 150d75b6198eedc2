/**
 * scripts/account-linking.mjs sets the skill's account linking with ASK CLI v2 (the pinned dev dependency):
 * `ask smapi update-account-linking-info --account-linking-request file:…` from infrastructure/account-linking.json.
 * Run here with a throw-away ASK CLI profile whose SMAPI is a stand-in on 127.0.0.1 (ASK_SMAPI_SERVER_BASE_URL).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnLoopback } from '../../tools/stand-ins/loopback';

const root = join(__dirname, '../..');
const SKILL_ID = 'amzn1.ask.skill.11111111-2222-3333-4444-555555555555';
const SECRET = 'the-alexa-client-secret-0123456789abcdef';

describe('setting account linking from the file in the repository', () => {
  const received: { method: string; path: string; body: string; authorization: string | undefined }[] = [];
  const smapi = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        body,
        authorization: request.headers.authorization,
      });
      response.writeHead(request.method === 'PUT' ? 204 : 404).end();
    });
  });
  let dir: string;
  let result: { code: number | null; output: string };

  beforeAll(async () => {
    await listenOnLoopback(smapi);
    dir = mkdtempSync(join(tmpdir(), 'account-linking-'));
    const home = join(dir, 'home');
    mkdirSync(join(home, '.ask'), { recursive: true });
    writeFileSync(
      join(home, '.ask/cli_config'),
      JSON.stringify({
        profiles: {
          default: {
            vendor_id: 'M0THROWAWAY0',
            token: {
              access_token: 'Atza|throw-away',
              refresh_token: 'Atzr|x',
              token_type: 'bearer',
              expires_in: 3600,
              expires_at: '2099-01-01T00:00:00.000Z',
            },
          },
        },
      }),
    );
    writeFileSync(join(dir, 'secret'), `${SECRET}\n`);
    const child = spawn(
      process.execPath,
      [
        join(root, 'scripts/account-linking.mjs'),
        '--skill-id',
        SKILL_ID,
        '--url',
        'https://accounts.example.test/',
        '--client-secret-file',
        join(dir, 'secret'),
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          ASK_SMAPI_SERVER_BASE_URL: `http://127.0.0.1:${(smapi.address() as AddressInfo).port}`,
          ASK_SHARE_USAGE: 'false',
          ASK_SKIP_NEW_VERSION_REMINDER: 'true',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    result = await new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  }, 60_000);

  afterAll(() => {
    smapi.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('PUTs the account-linking request for the development stage, with the URL and secret filled in', () => {
    expect(result.output).toContain(`Account linking set for ${SKILL_ID} (development)`);
    expect(result.code).toBe(0);
    expect(received.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `PUT /v1/skills/${SKILL_ID}/stages/development/accountLinkingClient`,
    ]);
    expect(received[0]?.authorization).toBe('Bearer Atza|throw-away');
    expect(JSON.parse(received[0]?.body ?? '{}')).toEqual({
      accountLinkingRequest: {
        type: 'AUTH_CODE',
        authorizationUrl: 'https://accounts.example.test/auth',
        accessTokenUrl: 'https://accounts.example.test/token',
        clientId: 'alexa-green-horizons',
        clientSecret: SECRET,
        accessTokenScheme: 'HTTP_BASIC',
        scopes: ['offsets'],
        domains: [],
        defaultTokenExpirationInSeconds: 3600,
        skipOnEnablement: true,
      },
    });
  });

  it('leaves no file with the secret behind', () => {
    expect(existsSync(join(root, '.ask/account-linking-request.json'))).toBe(false);
    expect(readFileSync(join(root, 'infrastructure/account-linking.json'), 'utf8')).not.toContain(SECRET);
  });
});
