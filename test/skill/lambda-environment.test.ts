import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { BuiltHandler } from '../support/built-skill';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { launchRequest, TEST_SKILL_ID } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';

/**
 * The built bundle as Lambda runs it: AWS_LAMBDA_FUNCTION_NAME set, the execution role's keys in the environment, no
 * DYNAMODB_ENDPOINT (the table is reached through the AWS SDK's own AWS_ENDPOINT_URL_DYNAMODB, pointing at dynalite
 * through a recording proxy). scripts/build.mjs leaves the SDK's default credential chain out of the bundle.
 */
const root = join(__dirname, '../..');
const BUNDLE = join(root, 'lambda/dist/index.js');
const TABLE = 'lambda-environment';

let dynamo: LocalDynamo;
let proxy: Server;
let proxyEndpoint: string;
const seen: IncomingHttpHeaders[] = [];
let folder: string;

/** Forwards every request to dynalite and keeps its headers. */
function recordingProxy(target: string): Server {
  const { hostname, port } = new URL(target);
  return createServer((incoming, outgoing) => {
    seen.push(incoming.headers);
    const forward = request({ hostname, port, path: incoming.url, method: incoming.method, headers: incoming.headers });
    forward.on('response', (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  proxy = recordingProxy(dynamo.endpoint);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  // Keys the default chain would find (a shared credentials file's default profile): the bundle must not.
  folder = mkdtempSync(join(tmpdir(), 'gh-lambda-env-'));
  writeFileSync(
    join(folder, 'credentials'),
    '[default]\naws_access_key_id = AKIAFROMPROFILEFILE\naws_secret_access_key = from-profile-file\n',
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  proxy.closeAllConnections();
  await dynamo.stop();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * Runs `use` with the bundle loaded in a Lambda function's environment, kept for the calls: the SDK reads the
 * endpoint and the keys on the first request, not when the bundle loads.
 */
async function onLambda<T>(keys: Record<string, string>, use: (handler: BuiltHandler) => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = {
    PATH: saved.PATH,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: 'green-horizons',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: proxyEndpoint,
    AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'),
    AWS_CONFIG_FILE: join(folder, 'config'),
    TABLE_NAME: TABLE,
    SKILL_ID: TEST_SKILL_ID,
    LOG_LEVEL: 'SILENT',
    ...keys,
  };
  try {
    let handler: BuiltHandler | undefined;
    jest.isolateModules(() => {
      handler = (require(BUNDLE) as { handler: BuiltHandler }).handler;
    });
    if (!handler) throw new Error(`${BUNDLE} exports no handler: run npm run build`);
    return await use(handler);
  } finally {
    process.env = saved;
  }
}

async function storedVisits(userId: string): Promise<unknown> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: marshall({ id: userId }), ConsistentRead: true }),
  );
  return Item ? (unmarshall(Item) as { attributes?: { visits?: unknown } }).attributes?.visits : undefined;
}

it('carries no default credential chain: no profile, SSO, process, web identity or metadata providers', () => {
  const metafile = JSON.parse(readFileSync(join(root, '.build/lambda-metafile.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('lambda/dist/index.js'))?.[1];
  const inputs = Object.keys(output?.inputs ?? {});

  expect(inputs.some((input) => input.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
  expect(inputs.some((input) => input.includes('@aws-sdk/credential-provider-env/'))).toBe(true);
  const chain =
    /@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|token-providers|nested-clients)\/|@smithy\/credential-provider-imds\//;
  expect(inputs.filter((input) => chain.test(input))).toEqual([]);
});

it("on Lambda, signs DynamoDB calls with the environment's keys and keeps the customer's visit", async () => {
  const userId = 'amzn1.ask.account.LAMBDAENV1';
  seen.length = 0;

  const response = await onLambda(
    { AWS_ACCESS_KEY_ID: 'ASIAFROMLAMBDAENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session-token' },
    (handler) => handler(launchRequest({ userId })),
  );

  expectValidResponse(response);
  expect(spoken(response)).toMatch(/^Welcome to Green Horizons/);
  expect(await storedVisits(userId)).toBe(1);
  // No table creation on Lambda (CloudFormation owns the table): a read and a write, both signed with the env keys.
  expect(seen.map((headers) => String(headers['x-amz-target']).split('.').pop())).toEqual(['GetItem', 'PutItem']);
  for (const headers of seen) {
    expect(headers.authorization).toMatch(/Credential=ASIAFROMLAMBDAENV\//);
    expect(headers['x-amz-security-token']).toBe('session-token');
  }
});

it('on Lambda without keys in the environment, uses no others: the turn fails with an apology and nothing is kept', async () => {
  const userId = 'amzn1.ask.account.LAMBDAENV2';
  seen.length = 0;

  const response = await onLambda({}, (handler) => handler(launchRequest({ userId })));

  expectValidResponse(response);
  expect(spoken(response)).toMatch(/sorry/i);
  expect(seen).toEqual([]);
  expect(await storedVisits(userId)).toBeUndefined();
});
