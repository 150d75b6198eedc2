import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiTimeoutError, TimeoutApiClient } from '../../lambda/src/shared/timeout-api-client';

let server: Server;
let base: string;
const seen: { authorization?: string; language?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ authorization: request.headers.authorization, language: request.headers['accept-language'] });
    if (request.url === '/slow') {
      const timer = setTimeout(() => response.end('late'), 2000);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    if (request.url === '/broken') {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"boom"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('TimeoutApiClient', () => {
  const client = new TimeoutApiClient(200);
  const headers = [
    { key: 'Authorization', value: 'Bearer secret-token' },
    { key: 'Accept-Language', value: 'en-US' },
  ];

  it('sends the headers and returns the raw answer', async () => {
    const response = await client.invoke({ url: `${base}/ok`, method: 'GET', headers });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"ok":true}');
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer secret-token', language: 'en-US' });
  });

  it('resolves non-2xx answers for the service client to judge', async () => {
    const response = await client.invoke({ url: `${base}/broken`, method: 'GET', headers });

    expect(response.statusCode).toBe(500);
  });

  it('gives up after its timeout', async () => {
    await expect(client.invoke({ url: `${base}/slow`, method: 'GET', headers })).rejects.toBeInstanceOf(
      ApiTimeoutError,
    );
  });

  it('never puts the access token into the error it throws', async () => {
    const error = await client
      .invoke({ url: 'http://127.0.0.1:9/refused', method: 'GET', headers })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('secret-token');
  });
});
