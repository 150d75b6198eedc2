import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { envelope, intentRequest, launchRequest } from '../support/envelopes';
import { captureLogLines } from '../support/log-lines';
import { expectValidResponse, MAX_RESPONSE_BYTES, spoken } from '../support/response-checks';
import { type SkillHandler, sourceHandler } from '../support/source-skill';

/**
 * Item 7 of issue 10: input is checked at the edge (conversation/edge.ts) before any feature, store or log line
 * sees it. Forged envelopes against the skill built from source, DynamoDB on dynalite, the real logger's output.
 */
const TABLE = 'edge';
let dynamo: LocalDynamo;
let handler: SkillHandler;
let customers = 0;
const newUser = () => `amzn1.ask.account.EDGE${++customers}`;
const MEGABYTE = 1024 * 1024;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  handler = sourceHandler({
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    PAYMENT_RAIL: 'amazon-pay',
    AMAZON_PAY_SELLER_ID: 'A2SANDBOXSELLER01',
    LOG_LEVEL: 'INFO',
  });
});

afterAll(async () => {
  await dynamo.stop();
});

async function item(id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: id } }, ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

/** The request answered, with every log line it wrote. */
async function answered(request: RequestEnvelope): Promise<{ response: ResponseEnvelope; lines: string[] }> {
  const { result, lines } = await captureLogLines(() => handler(request));
  return { response: result, lines };
}

describe('user IDs', () => {
  const order = {
    id: 'order#o-victim-1',
    kind: 'order',
    userId: 'amzn1.ask.account.VICTIM',
    status: 'charged',
    version: 3,
    quote: { grams: 5000, kilograms: 5 },
  };

  beforeAll(async () => {
    await dynamo.client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(order) }));
  });

  it.each([
    ['an order key', 'order#o-victim-1'],
    ['a plan key', 'plan#p1'],
    ['an account ID with a key after it', 'amzn1.ask.account.X#order'],
    ['an empty ID', ''],
    ['2,000 characters', `amzn1.ask.account.${'x'.repeat(2000)}`],
  ])(
    '%s as the user ID cannot read, overwrite or delete another item, and gets a clear answer',
    async (_what, userId) => {
      const launch = await handler(launchRequest({ userId }));
      const disabled = await handler(
        envelope(
          { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'NOT_PERSISTED' } },
          { userId },
        ),
      );

      expectValidResponse(launch);
      expect(spoken(launch)).toMatch(/that request reached me incomplete/);
      expect(launch.response.shouldEndSession).toBe(false);
      expect(disabled.response.outputSpeech).toBeUndefined();
      expect(await item('order#o-victim-1')).toEqual(order);
    },
  );

  it('accepts every Alexa account ID', async () => {
    const response = await handler(launchRequest({ userId: newUser() }));

    expect(spoken(response)).toMatch(/^Welcome to Green Horizons/);
  });
});

describe('sizes', () => {
  it('a 1 MB slot value is neither said back nor logged: the customer is asked to say it briefly', async () => {
    const who = { userId: newUser(), sessionAttributes: { question: { kind: 'slot', intent: 'X', slot: 'y' } } };
    const request = intentRequest('EstimateFlightIntent', { from: 'x'.repeat(MEGABYTE), to: 'Boston' }, who);

    const { response, lines } = await answered(request);

    expectValidResponse(response);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(spoken(response)).toMatch(/more than I can take in at once/);
    expect(response.sessionAttributes?.question).toEqual(who.sessionAttributes.question);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(2000);
  });

  it('a 1 MB entity-resolution value is refused the same way', async () => {
    const product = {
      value: 'travel pack',
      resolutions: {
        resolutionsPerAuthority: [
          {
            authority: 'amzn1.er-authority.echo-sdk.x.PRODUCT',
            status: { code: 'ER_SUCCESS_MATCH' as const },
            values: [{ value: { id: 'travel_pack', name: 'y'.repeat(MEGABYTE) } }],
          },
        ],
      },
    };

    const { response } = await answered(intentRequest('DescribeProductIntent', { product }, { userId: newUser() }));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/more than I can take in at once/);
  });

  it('a 1 MB intent name is not logged whole', async () => {
    const { response, lines } = await answered(intentRequest('I'.repeat(MEGABYTE), {}, { userId: newUser() }));

    expectValidResponse(response);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(2000);
  });

  it('1 MB of session attributes are dropped, not echoed: the skill says it lost track and goes on', async () => {
    const sessionAttributes = { topic: 'estimate', notes: 'z'.repeat(MEGABYTE) };

    const { response, lines } = await answered(
      intentRequest('AMAZON.HelpIntent', {}, { userId: newUser(), sessionAttributes }),
    );

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/I lost track of where we were/);
    expect(JSON.stringify(response.sessionAttributes ?? {})).not.toMatch(/zzz/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(2000);
  });

  it('a 1 MB Connections.Response token is refused', async () => {
    const request = envelope(
      {
        type: 'Connections.Response',
        name: 'Buy',
        status: { code: '200', message: 'OK' },
        token: 't'.repeat(MEGABYTE),
      },
      { userId: newUser() },
    );

    const { response } = await answered(request);

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/more than I can take in at once/);
  });
});

describe('locales', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'en-US<break/>'])(
    'a locale of %s gets a clear answer, from every kind of request',
    async (locale) => {
      for (const request of [
        launchRequest({ userId: newUser(), locale }),
        intentRequest('AMAZON.HelpIntent', {}, { userId: newUser(), locale }),
        intentRequest('EstimateFlightIntent', { from: 'Seattle', to: 'Boston' }, { userId: newUser(), locale }),
      ]) {
        const response = await handler(request);
        expectValidResponse(response);
        expect(spoken(response)).toMatch(/that request reached me incomplete/);
      }
    },
  );

  it('a locale the skill has no words for is answered in its default, US English', async () => {
    const response = await handler(intentRequest('AMAZON.HelpIntent', {}, { userId: newUser(), locale: 'fr-FR' }));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/flight/);
  });
});

describe('numbers', () => {
  const car = {
    value: 'car',
    resolutions: {
      resolutionsPerAuthority: [
        {
          authority: 'x',
          status: { code: 'ER_SUCCESS_MATCH' as const },
          values: [{ value: { id: 'car', name: 'car' } }],
        },
      ],
    },
  };

  it.each([
    ['a 23-digit passenger count', { mode: car, distance: '100', passengers: '12345678901234567890123' }, /people/],
    ['0.0000000000000000001 miles', { mode: car, distance: '0.0000000000000000001' }, /How (far|long)/],
    ['1e-19 miles', { mode: car, distance: '1e-19' }, /How (far|long)/],
  ])('%s is never spoken or stored: the question is asked again', async (_what, slots, asked) => {
    const userId = newUser();

    const response = await handler(intentRequest('EstimateTripIntent', slots, { userId }));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/I didn't catch a number there/);
    expect(spoken(response)).toMatch(asked);
    expect(spoken(response)).not.toMatch(/e-|e\+|12345678901|0000000/);
    const stored = (await item(userId))?.attributes as { lastEstimate?: unknown } | undefined;
    expect(stored?.lastEstimate).toBeUndefined();
  });

  it('a tiny kilowatt-hour reading is not spoken back either', async () => {
    const response = await handler(
      intentRequest('EstimateElectricityIntent', { kwh: '0.0000000000000000001' }, { userId: newUser() }),
    );

    expectValidResponse(response);
    expect(spoken(response)).not.toMatch(/e-|0000000/);
  });
});

describe('errors are redacted before they are logged', () => {
  it('an error quoting an Authorization header, a bearer token and a user ID logs none of them', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbXpuMSJ9.c2lnbmF0dXJl';
    const leaky: PersistenceAdapter = {
      getAttributes: async () => {
        throw new Error(
          `GET failed: {"Authorization":"Bearer ${token}"} Authorization: Bearer ${token} for amzn1.ask.account.SECRETUSER`,
        );
      },
      saveAttributes: async () => undefined,
    };
    const leakyHandler = sourceHandler(
      { TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: dynamo.endpoint, LOG_LEVEL: 'INFO' },
      { persistenceAdapter: leaky },
    );

    const { result, lines } = await captureLogLines(() => leakyHandler(launchRequest({ userId: newUser() })));

    expectValidResponse(result);
    const logged = lines.join('\n');
    expect(logged).toMatch(/GET failed/);
    expect(logged).not.toMatch(/eyJ|c2lnbmF0dXJl|SECRETUSER/);
    expect(logged).toMatch(/Authorization: \[redacted\]/);
  });
});
