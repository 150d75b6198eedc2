import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { InSkillProductsApi, tokenFor } from '../../tools/stand-ins/in-skill-products-api';

import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { type EnvelopeOptions, envelope, intentRequest } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';
import { type SkillHandler, sourceHandler } from '../support/source-skill';

/**
 * Consumable inventory against real parts: dynalite for DynamoDB, the in-skill products stand-in over HTTP on
 * 127.0.0.1 (reached through apiEndpoint), the skill built from source.
 */
const TABLE = 'consumables';
let dynamo: LocalDynamo;
let products: InSkillProductsApi;
let handler: SkillHandler;
let customers = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  products = await InSkillProductsApi.start();
  handler = sourceHandler({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: dynamo.endpoint });
});

afterAll(async () => {
  await products.close();
  await dynamo.stop();
});

function customer(): EnvelopeOptions & { userId: string } {
  const userId = `amzn1.ask.account.CONSUMER${++customers}`;
  return { userId, apiEndpoint: products.url, apiAccessToken: tokenFor(userId) };
}

async function storedItem(userId: string) {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: userId } }, ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

async function withEstimates(who: EnvelopeOptions): Promise<void> {
  const response = await handler(intentRequest('EstimateElectricityIntent', { kwh: '500' }, who));
  expect(spoken(response)).toMatch(/500 kilowatt hours/);
}

describe('Reduction Plans used from several devices at the same moment', () => {
  it('never spends more plans than were bought, and counts every one that was used', async () => {
    const who = customer();
    await withEstimates(who);
    products.purchase(who.userId, 'reduction_plan');

    // Five devices, each in its own session, ask for a plan at once; one purchase gives three.
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => handler(intentRequest('ReductionPlanIntent', {}, { ...who, newSession: true }))),
    );

    for (const response of responses) expectValidResponse(response);
    const plans = responses.filter((response) => /Here's your Reduction Plan/.test(spoken(response)));
    const refused = responses.filter((response) => !/Here's your Reduction Plan/.test(spoken(response)));
    expect(plans).toHaveLength(3);
    expect(
      refused.every(
        (response) =>
          /no Reduction Plans left|busy on another device|suggest|free tip/i.test(spoken(response)) ||
          response.response.directives !== undefined,
      ),
    ).toBe(true);
    expect((await storedItem(who.userId))?.attributes.plansUsed).toBe(3);
  });

  it('two sessions using the last plan: exactly one gets it', async () => {
    const who = customer();
    await withEstimates(who);
    products.purchase(who.userId, 'reduction_plan');
    await handler(intentRequest('ReductionPlanIntent', {}, who));
    await handler(intentRequest('ReductionPlanIntent', {}, who));

    const [a, b] = await Promise.all([
      handler(intentRequest('ReductionPlanIntent', {}, { ...who, newSession: true })),
      handler(intentRequest('ReductionPlanIntent', {}, { ...who, newSession: true })),
    ]);

    const got = [a, b].filter((response) => response && /Here's your Reduction Plan/.test(spoken(response)));
    expect(got).toHaveLength(1);
    expect((await storedItem(who.userId))?.attributes.plansUsed).toBe(3);
  });

  it('clamps at zero when a refund leaves fewer purchases than plans used', async () => {
    const who = customer();
    await withEstimates(who);
    products.purchase(who.userId, 'reduction_plan');
    products.purchase(who.userId, 'reduction_plan');
    for (let i = 0; i < 4; i++) await handler(intentRequest('ReductionPlanIntent', {}, who));
    products.cancel(who.userId, 'reduction_plan');

    const left = await handler(intentRequest('PlansLeftIntent', {}, { ...who, newSession: true }));

    expect(spoken(left)).toMatch(/You have no Reduction Plans left/);
  });
});

describe('AlexaSkillEvent.SkillDisabled', () => {
  const disabled = (status: string, who: EnvelopeOptions) =>
    envelope({ type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: status } }, who);

  it('PERSISTED keeps the customer, so re-enabling finds the same count', async () => {
    const who = customer();
    await withEstimates(who);
    products.purchase(who.userId, 'reduction_plan');
    await handler(intentRequest('ReductionPlanIntent', {}, who));

    const response = await handler(disabled('PERSISTED', who));
    const left = await handler(intentRequest('PlansLeftIntent', {}, { ...who, newSession: true }));

    expect(response.response.outputSpeech).toBeUndefined();
    expect((await storedItem(who.userId))?.attributes.plansUsed).toBe(1);
    expect(spoken(left)).toMatch(/You have 2 Reduction Plans left/);
  });

  it('NOT_PERSISTED deletes the customer data', async () => {
    const who = customer();
    await withEstimates(who);

    await handler(disabled('NOT_PERSISTED', who));

    expect(await storedItem(who.userId)).toBeUndefined();
  });
});
