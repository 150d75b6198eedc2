import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { launchRequest } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';

/**
 * lambda/src/index.ts, the Lambda entry points, from source: the one module that reads process.env (through
 * app/config.ts) and builds the skill once, when it is loaded. Every other test builds the skill with createSkill.
 */
interface Entry {
  readonly handler: (event: RequestEnvelope) => Promise<ResponseEnvelope>;
  readonly monthlyChargesHandler: () => Promise<unknown>;
}

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.stop();
});

/** Loads index.ts afresh with these variables as Lambda's environment, then puts the environment back. */
function loadEntry(env: Record<string, string>): Entry {
  const saved = process.env;
  process.env = { ...saved, LOG_LEVEL: 'SILENT', ...env };
  try {
    let entry: Entry | undefined;
    jest.isolateModules(() => {
      entry = require('../../lambda/src/index') as Entry;
    });
    if (!entry) throw new Error('lambda/src/index.ts did not load');
    return entry;
  } finally {
    process.env = saved;
  }
}

describe('the Lambda entry points', () => {
  it('build the skill from the environment once and answer Alexa with it', async () => {
    const { handler } = loadEntry({ TABLE_NAME: 'entry', DYNAMODB_ENDPOINT: dynamo.endpoint });

    const response = await handler(launchRequest({ userId: 'amzn1.ask.account.ENTRY' }));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/^Welcome to Green Horizons/);
  });

  it('refuse the monthly job where offsets are not configured', async () => {
    const { monthlyChargesHandler } = loadEntry({ TABLE_NAME: 'entry', DYNAMODB_ENDPOINT: dynamo.endpoint });

    await expect(monthlyChargesHandler()).rejects.toThrow(/Offsets are not configured/);
  });

  it('fail at load when the configuration is wrong, naming the variable', () => {
    expect(() => loadEntry({ TABLE_NAME: '', AWS_REGION: 'eu-west-1' })).toThrow(/TABLE_NAME must be set/);
  });
});
