import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DialogDriver } from '../../tools/simulator/dialog-driver';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { amazonPayPlanSetUp } from '../support/monthly-plan-dialog';

/**
 * Issue 10, item 3: the monthly job is per record. Customers set up plans by voice (Amazon Pay, the skill built from
 * source on dynalite), then records that do not fit their type are put in the same table beside them: a plan whose
 * quote is not a map, an order without a user ID, a wrong type in an order and in a month's charge, a copy of a real
 * plan under another key. The job still charges and fulfils everyone else, and says of each bad record its key and
 * field only, in a line that carries the UnreadableRecords metric (Embedded Metric Format).
 */
const TABLE = 'unreadable-records';
/** Put in every corrupt record: it must never reach a log line. */
const CONTENT = 'PERSONAL-CONTENT-7731';
let dynamo: LocalDynamo;
let alexa: DialogDriver;

beforeAll(async () => {
  dynamo = await startDynalite();
  alexa = await DialogDriver.start({
    tableName: TABLE,
    dynamoDbEndpoint: dynamo.endpoint,
    env: { AMAZON_PAY_SELLER_ID: 'A2SANDBOXSELLER01', AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: 'sandbox-buyer@example.com' },
  });
});

afterAll(async () => {
  await alexa.stop();
  await dynamo.stop();
});

const put = (item: Record<string, unknown>) =>
  dynamo.client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(item, { removeUndefinedValues: true }) }));

async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: marshall({ id }), ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

const at = '2025-03-01T10:00:00.000Z';
const money = (minor: unknown) => ({ minor, currency: 'GBP' });

describe('one unreadable record among the plans and orders', () => {
  it('is logged by its key and counted; every other customer is charged and fulfilled', async () => {
    const alice = await amazonPayPlanSetUp(alexa, 'UNREADABLE-ALICE');
    const bob = await amazonPayPlanSetUp(alexa, 'UNREADABLE-BOB');
    const alicePlan = await stored(`plan#${alice.planId}`);
    const month = new Date().toISOString().slice(0, 7);
    await Promise.all([
      // A plan whose quote is not a map.
      put({
        id: 'plan#pquotenotamap0000000001',
        kind: 'plan',
        version: 2,
        planId: 'pquotenotamap0000000001',
        userId: 'amzn1.ask.account.UNREADABLE-CAROL',
        rail: 'amazon-pay',
        status: 'active',
        quote: CONTENT,
        source: { kind: 'amazon-pay', billingAgreementId: `C01-${CONTENT}` },
        createdAt: at,
        updatedAt: at,
      }),
      // A real plan copied under another key: it is not the plan that key names.
      put({ ...alicePlan, id: 'plan#pcopiedplan000000000001', note: CONTENT }),
      // A charged order without a user ID (awaiting fulfilment).
      put({
        id: 'order#onouserid00000000000001',
        kind: 'order',
        version: 3,
        orderId: 'onouserid00000000000001',
        status: 'charged',
        quote: { note: CONTENT },
        createdAt: at,
        updatedAt: at,
      }),
      // An order left charging, with a wrong type.
      put({
        id: 'order#owrongtype0000000000001',
        kind: 'order',
        version: 2,
        orderId: 'owrongtype0000000000001',
        userId: 'amzn1.ask.account.UNREADABLE-DAVE',
        status: 'charging',
        chargeAttempts: CONTENT,
        createdAt: at,
        updatedAt: at,
      }),
      // A month's charge taken, whose amount is not a number of minor units.
      put({
        id: `plan-charge#pbadcharge000000000001#${month}`,
        kind: 'plan-charge',
        version: 2,
        planId: 'pbadcharge000000000001',
        userId: 'amzn1.ask.account.UNREADABLE-ERIN',
        month,
        reference: CONTENT,
        amount: money(CONTENT),
        status: 'charged',
        createdAt: at,
        updatedAt: at,
      }),
    ]);

    const run = await alexa.runMonthlyJob();

    expect(run.plans).toEqual({ [alice.planId]: 'charged', [bob.planId]: 'charged' });
    expect(alexa.amazonPayApi.captures.map((capture) => capture.authorizationReferenceId).sort()).toEqual(
      [alice.planId, bob.planId].map((planId) => `${planId}-${month.replace('-', '')}`).sort(),
    );
    for (const { planId } of [alice, bob]) {
      expect(await stored(`plan-charge#${planId}#${month}`)).toMatchObject({
        status: 'fulfilled',
        certificateId: expect.stringMatching(/^GH-/),
      });
    }

    const reported = alexa.jobLogs.filter((entry) => entry.fields.event === 'unreadable-record');
    expect(reported.map((entry) => [entry.fields.key, entry.fields.field]).sort()).toEqual(
      [
        ['order#onouserid00000000000001', 'order.userId'],
        ['order#owrongtype0000000000001', 'order.quote'],
        ['plan#pcopiedplan000000000001', 'plan.id'],
        ['plan#pquotenotamap0000000001', 'plan.quote'],
        [`plan-charge#pbadcharge000000000001#${month}`, 'plan-charge.amount.minor'],
      ].sort(),
    );
    for (const entry of reported) {
      expect(entry.level).toBe('WARN');
      expect(entry.fields).toMatchObject({
        TableName: TABLE,
        RecordType: expect.stringMatching(/^(order|plan|plan-charge)$/),
        UnreadableRecords: 1,
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: 'GreenHorizons',
              Dimensions: [['TableName'], ['TableName', 'RecordType']],
              Metrics: [{ Name: 'UnreadableRecords', Unit: 'Count' }],
            },
          ],
        },
      });
    }
    expect(JSON.stringify(alexa.jobLogs)).not.toContain(CONTENT);
    expect(JSON.stringify(alexa.jobLogs)).not.toMatch(/amzn1\.ask\.account\.UNREADABLE/);
  });
});
