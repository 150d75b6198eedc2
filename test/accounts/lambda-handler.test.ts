/**
 * The built account-service bundle (accounts/dist/index.js, what the stack deploys), invoked as Lambda invokes it
 * behind a function URL (payload format 2.0): secrets read from Secrets Manager at cold start, the issuer taken
 * from the function URL's domain, cookies in the event's `cookies` and the response's `cookies`, form bodies
 * base64-encoded, HTTPS (Secure, __Host- cookies).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ensureLocalAccountsTable } from '../../accounts/src/contract/table';
import { SesStandIn } from '../../tools/stand-ins/ses-api';
import { StripeStandIn } from '../../tools/stand-ins/stripe';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const DOMAIN = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';
const SECRETS: Record<string, string> = {
  'arn:alexa-client-secret': 'alexa-client-secret-alexa-client-secret-0123',
  'arn:keys-seed': 'keys-seed-keys-seed-keys-seed-keys-seed-0123',
  'arn:voice-code-pepper': 'voice-code-pepper-voice-code-pepper-0123',
};

let dynamo: LocalDynamo;
let ses: SesStandIn;
let stripe: StripeStandIn;
let secretsManager: Server;
const secretReads: string[] = [];
let handler: Handler;

beforeAll(async () => {
  [dynamo, ses, stripe] = await Promise.all([startDynalite(), SesStandIn.start(), StripeStandIn.start()]);
  await ensureLocalAccountsTable(dynamo.client, 'accounts-test');
  secretsManager = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const id = (JSON.parse(body) as { SecretId: string }).SecretId;
      secretReads.push(`${request.headers['x-amz-target']} ${id}`);
      const value = id === 'arn:stripe' ? stripe.apiKey : SECRETS[id];
      response.writeHead(value ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(value ? { ARN: id, Name: id, SecretString: value } : { __type: 'ResourceNotFoundException' }),
      );
    });
  });
  await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));

  const env = {
    ACCOUNTS_TABLE_NAME: 'accounts-test',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`,
    ALEXA_CLIENT_SECRET_SECRET_ARN: 'arn:alexa-client-secret',
    ACCOUNTS_KEYS_SEED_SECRET_ARN: 'arn:keys-seed',
    VOICE_CODE_PEPPER_SECRET_ARN: 'arn:voice-code-pepper',
    STRIPE_SECRET_KEY_SECRET_ARN: 'arn:stripe',
    STRIPE_API_URL: stripe.url,
    ALEXA_REDIRECT_URIS:
      'https://pitangui.amazon.com/api/skill/link/M2TEST,https://layla.amazon.com/api/skill/link/M2TEST',
    SES_ENDPOINT: ses.url,
    EMAIL_FROM: 'accounts@green-horizons.test',
    PASSWORD_HASH_LOG2_N: '12',
    LOG_LEVEL: 'SILENT',
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  jest.isolateModules(() => {
    handler = (require(join(__dirname, '../../accounts/dist/index.js')) as { handler: Handler }).handler;
  });
  // The bundle reads the environment at its first request: keep it until then.
  await invoke('GET', '/health');
  process.env = saved;
});

afterAll(async () => {
  secretsManager.close();
  await Promise.all([dynamo.stop(), ses.close(), stripe.close()]);
});

const cookieJar = new Map<string, string>();

async function invoke(
  method: 'GET' | 'POST',
  target: string,
  form?: Record<string, string>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const url = new URL(target, `https://${DOMAIN}`);
  const body = form ? Buffer.from(new URLSearchParams(form).toString()).toString('base64') : undefined;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookieJar.size > 0 ? { cookies: [...cookieJar].map(([name, value]) => `${name}=${value}`) } : {}),
    headers: {
      host: DOMAIN,
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-forwarded-for': '203.0.113.9',
      'user-agent': 'Mozilla/5.0',
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: `https://${DOMAIN}` } : {}),
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: DOMAIN.split('.')[0] ?? '',
      domainName: DOMAIN,
      domainPrefix: DOMAIN.split('.')[0] ?? '',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Mozilla/5.0' },
      requestId: `req-${Math.random()}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body ? { body, isBase64Encoded: true } : { isBase64Encoded: false }),
  };
  const result = await handler(event, { awsRequestId: 'test' });
  for (const cookie of result.cookies ?? []) {
    const [pair = ''] = cookie.split(';');
    const [name = '', value = ''] = pair.split('=');
    if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(cookie)) cookieJar.delete(name);
    else cookieJar.set(name, value);
  }
  return result;
}

const csrfOf = (html: string | undefined) => /name="_csrf" value="([^"]+)"/.exec(html ?? '')?.[1] ?? '';

describe('the account service on Lambda', () => {
  it('reads its secrets from Secrets Manager once, at the first request', () => {
    expect(secretReads.sort()).toEqual(
      ['arn:alexa-client-secret', 'arn:keys-seed', 'arn:stripe', 'arn:voice-code-pepper'].map(
        (id) => `secretsmanager.GetSecretValue ${id}`,
      ),
    );
  });

  it('publishes discovery with the function URL as the issuer', async () => {
    const result = await invoke('GET', '/.well-known/openid-configuration');
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toMatchObject({
      issuer: `https://${DOMAIN}`,
      token_endpoint: `https://${DOMAIN}/token`,
    });
  });

  it('serves the pages with Secure __Host- cookies, and takes base64 form posts', async () => {
    const signUp = await invoke('GET', '/sign-up');
    expect(signUp.statusCode).toBe(200);
    expect(signUp.headers?.['strict-transport-security']).toBe('max-age=31536000');
    expect(signUp.cookies?.[0]).toMatch(/^__Host-gh_csrf=[^;]+; path=\/; samesite=lax; secure; httponly$/);

    const email = 'lambda.customer@example.test';
    const posted = await invoke('POST', '/sign-up', {
      _csrf: csrfOf(String(signUp.body)),
      email,
      password: 'a password for lambda',
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers?.location).toBe('/sign-up/verify');
    const code = /is (\d{6})\./.exec((await ses.waitForEmail(email)).text ?? '')?.[1] ?? '';

    const verify = await invoke('GET', '/sign-up/verify');
    const created = await invoke('POST', '/sign-up/verify', { _csrf: csrfOf(String(verify.body)), code });
    expect(created.statusCode).toBe(303);
    expect(cookieJar.has('__Host-gh_session')).toBe(true);

    const account = await invoke('GET', '/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(`Signed in as <strong>${email}</strong>`);
    expect(account.body).toContain('Add a card');
  });
});
