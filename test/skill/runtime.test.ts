import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltHandler } from '../support/built-skill';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { launchRequest, TEST_SKILL_ID } from '../support/envelopes';
import { expectValidResponse } from '../support/response-checks';

/**
 * scripts/build.mjs targets the Node.js of the template's LambdaRuntime (nodejs24.x): the bundle must still load and
 * answer on the oldest Node this project supports (engines: >=20), which is what runs the tests and the simulator.
 */
const root = join(__dirname, '../..');
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

it(`the bundle built for the template's runtime answers on this machine's Node (${process.version})`, async () => {
  const template = readFileSync(join(root, 'infrastructure/cfn-deployer/skill-stack.yaml'), 'utf8');
  const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
  const handler = loadBuiltHandler({
    TABLE_NAME: 'runtime',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SKILL_ID: TEST_SKILL_ID,
  });

  expect(template).toMatch(/LambdaRuntime:\n(?:\s+.*\n)*?\s+Default: nodejs24\.x/);
  expect(engines).toBe('>=20');
  expectValidResponse(await handler(launchRequest({ userId: 'amzn1.ask.account.RUNTIME' })));
});
