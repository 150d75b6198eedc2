import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { FaultProxy } from '../../tools/fault-proxy/fault-proxy';
import { InSkillProductsApi, tokenFor } from '../../tools/stand-ins/in-skill-products-api';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { type EnvelopeOptions, intentRequest } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';
import { sourceHandler } from '../support/source-skill';

/**
 * Item 4 of issue 10 for the customer store: a write whose answer is lost is not applied twice when it is retried.
 * The fault proxy passes the write to dynalite and drops the connection before the answer gets back, which is what
 * a network does; the customer must still have the plans they paid for.
 */
const TABLE = 'idempotent-writes';
let dynamo: LocalDynamo;
let proxy: FaultProxy;
let products: InSkillProductsApi;
let customers = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  products = await InSkillProductsApi.start();
  proxy = await FaultProxy.start({ target: dynamo.endpoint });
});

afterEach(() => {
  proxy.clear();
});

afterAll(async () => {
  await proxy.stop();
  await products.close();
  await dynamo.stop();
});

function customer(): EnvelopeOptions & { userId: string } {
  const userId = `amzn1.ask.account.IDEMPOTENT${++customers}`;
  return { userId, apiEndpoint: products.url, apiAccessToken: tokenFor(userId) };
}

async function stored(userId: string): Promise<{ plansUsed?: number; appliedWrites?: string[] } | undefined> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: userId } }, ConsistentRead: true }),
  );
  return Item ? (unmarshall(Item).attributes as { plansUsed?: number; appliedWrites?: string[] }) : undefined;
}

/** A customer with estimates to plan from and one purchase of the consumable (three Reduction Plans). */
async function buyer(handler: ReturnType<typeof sourceHandler>) {
  const who = customer();
  expect(spoken(await handler(intentRequest('EstimateElectricityIntent', { kwh: '500' }, who)))).toMatch(/500/);
  products.purchase(who.userId, 'reduction_plan');
  return who;
}

describe('a Reduction Plan whose write lands but whose answer is lost', () => {
  it.each([
    ["the SDK's own retry meets the changed item", '2'],
    ['no SDK retry: the store re-reads after the broken connection', '1'],
  ])('is counted once when %s', async (_how, maxAttempts) => {
    const handler = sourceHandler({
      TABLE_NAME: TABLE,
      DYNAMODB_ENDPOINT: proxy.url,
      DYNAMODB_MAX_ATTEMPTS: maxAttempts,
    });
    const who = await buyer(handler);
    const before = proxy.reached('PutItem');
    proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });

    const response = await handler(intentRequest('ReductionPlanIntent', {}, who));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/Here's your Reduction Plan/);
    expect(spoken(response)).toMatch(/You have 2 plans left/);
    expect((await stored(who.userId))?.plansUsed).toBe(1);
    // The lost write reached DynamoDB: this is the case where a blind retry would have spent a second plan.
    expect(proxy.reached('PutItem') - before).toBe(Number(maxAttempts));
    expect(proxy.events.some((event) => event.outcome === 'lose-answer' && event.upstreamStatus === 200)).toBe(true);
  });

  it('leaves the next plan to be used normally, once each', async () => {
    const handler = sourceHandler({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: proxy.url });
    const who = await buyer(handler);
    proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });
    await handler(intentRequest('ReductionPlanIntent', {}, who));

    const second = await handler(intentRequest('ReductionPlanIntent', {}, who));

    expect(spoken(second)).toMatch(/You have one plan left/);
    const item = await stored(who.userId);
    expect(item?.plansUsed).toBe(2);
    // Each change carries the ID of the request that applied it (a few are kept).
    expect(item?.appliedWrites?.every((id) => /^amzn1\.echo-api\.request\.\d+#\d+$/.test(id))).toBe(true);
  });
});

describe('a write that never reached DynamoDB', () => {
  it('is applied by the retry, once', async () => {
    const handler = sourceHandler({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: proxy.url });
    const who = await buyer(handler);
    proxy.fail({ operation: 'PutItem' }, { kind: 'reset' });

    const response = await handler(intentRequest('ReductionPlanIntent', {}, who));

    expect(spoken(response)).toMatch(/You have 2 plans left/);
    expect((await stored(who.userId))?.plansUsed).toBe(1);
  });
});
