import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { FaultProxy } from '../../tools/fault-proxy/fault-proxy';
import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { textOf } from '../../tools/stand-ins/web-client';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { type LinkedCardWorld, newCustomer, startLinkedCard } from '../support/linked-card';
import { amazonPayPlanSetUp } from '../support/monthly-plan-dialog';
import { responseProblems } from '../support/response-checks';

/**
 * Issue 10, item 8: a customer who disables the skill, when Amazon keeps nothing of them (SkillDisabled with
 * NOT_PERSISTED), has their monthly plan cancelled along with their data deleted, on both rails, and the next monthly
 * job charges nothing for them. Customers set up their plans by voice; on Amazon Pay DynamoDB is reached through the
 * fault proxy, which loses the answer of the cancel's or the delete's write.
 */
const NOT_PERSISTED = {
  type: 'AlexaSkillEvent.SkillDisabled',
  body: { userInformationPersistenceStatus: 'NOT_PERSISTED' },
};
const PERSISTED = { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'PERSISTED' } };
const thisMonth = () => new Date().toISOString().slice(0, 7).replace('-', '');

describe('on Amazon Pay', () => {
  let dynamo: LocalDynamo;
  let proxy: FaultProxy;
  const drivers = new Map<string, DialogDriver>();
  let tables = 0;
  let customers = 0;

  beforeAll(async () => {
    dynamo = await startDynalite();
    proxy = await FaultProxy.start({ target: dynamo.endpoint });
  });

  afterEach(async () => {
    proxy.clear();
    await Promise.all([...drivers.values()].map((driver) => driver.stop()));
    drivers.clear();
  });

  afterAll(async () => {
    await proxy.stop();
    await dynamo.stop();
  });

  /** The skill from source on its own table (so the job sees only this test's plans), through the proxy. */
  async function skill(maxAttempts = '2'): Promise<{ alexa: DialogDriver; table: string }> {
    const table = `skill-disabled-${++tables}`;
    const alexa = await DialogDriver.start({
      tableName: table,
      dynamoDbEndpoint: proxy.url,
      env: {
        AMAZON_PAY_SELLER_ID: 'A2SANDBOXSELLER01',
        AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: 'sandbox-buyer@example.com',
        DYNAMODB_MAX_ATTEMPTS: maxAttempts,
      },
    });
    drivers.set(table, alexa);
    return { alexa, table };
  }

  async function item(table: string, id: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: table, Key: marshall({ id }), ConsistentRead: true }),
    );
    return Item ? unmarshall(Item) : undefined;
  }

  async function disable(alexa: DialogDriver, userId: string, event = NOT_PERSISTED): Promise<TurnResult> {
    await alexa.switchUser(userId);
    const answer = await alexa.send(event, { session: 'none' });
    expect(responseProblems(answer.response)).toEqual([]);
    expect(answer.speech).toBe('');
    return answer;
  }

  const captured = (alexa: DialogDriver) =>
    alexa.amazonPayApi.captures.map((capture) => capture.authorizationReferenceId).sort();

  it('a customer with an active plan disables the skill: plan cancelled, data deleted, the next job charges only the others', async () => {
    const { alexa, table } = await skill();
    const alice = await amazonPayPlanSetUp(alexa, `DISABLED${++customers}`);
    const bob = await amazonPayPlanSetUp(alexa, `STAYS${customers}`);
    expect(await item(table, alice.userId)).toBeDefined();

    await disable(alexa, alice.userId);
    const run = await alexa.runMonthlyJob();

    expect(run.plans).toEqual({ [bob.planId]: 'charged' });
    expect(captured(alexa)).toEqual([`${bob.planId}-${thisMonth()}`]);
    expect(await item(table, `plan#${alice.planId}`)).toMatchObject({ status: 'cancelled', userId: alice.userId });
    expect(await item(table, alice.userId)).toBeUndefined();
    expect(await item(table, bob.userId)).toBeDefined();
  });

  it.each([
    ["the SDK's own retry meets the cancelled plan", '2'],
    ['no SDK retry: the cancel is sent again', '1'],
  ])('the cancel lands but its answer is lost (%s): still cancelled, and not charged', async (_how, maxAttempts) => {
    const { alexa, table } = await skill(maxAttempts);
    const carol = await amazonPayPlanSetUp(alexa, `LOSTCANCEL${++customers}`);
    proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });

    await disable(alexa, carol.userId);
    const run = await alexa.runMonthlyJob();

    expect(proxy.events.some((event) => event.outcome === 'lose-answer' && event.upstreamStatus === 200)).toBe(true);
    expect(await item(table, `plan#${carol.planId}`)).toMatchObject({ status: 'cancelled' });
    expect(await item(table, carol.userId)).toBeUndefined();
    expect(run.plans).toEqual({});
    expect(captured(alexa)).toEqual([]);
  });

  it.each([
    ["the SDK's own retry", '2'],
    ['no SDK retry: the store sends it again', '1'],
  ])('the delete lands but its answer is lost (%s): data gone, plan cancelled', async (_how, maxAttempts) => {
    const { alexa, table } = await skill(maxAttempts);
    const dan = await amazonPayPlanSetUp(alexa, `LOSTDELETE${++customers}`);
    proxy.fail({ operation: 'DeleteItem' }, { kind: 'lose-answer' });

    await disable(alexa, dan.userId);
    const run = await alexa.runMonthlyJob();

    expect(proxy.events.some((event) => event.outcome === 'lose-answer')).toBe(true);
    expect(await item(table, dan.userId)).toBeUndefined();
    expect(await item(table, `plan#${dan.planId}`)).toMatchObject({ status: 'cancelled' });
    expect(captured(alexa)).toEqual([]);
    expect(run.plans).toEqual({});
  });

  it('PERSISTED (Amazon keeps the user ID, so the customer comes back as themselves): the plan and data are kept', async () => {
    const { alexa, table } = await skill();
    const erin = await amazonPayPlanSetUp(alexa, `PERSISTED${++customers}`);

    await disable(alexa, erin.userId, PERSISTED);
    const run = await alexa.runMonthlyJob();

    expect(run.plans).toEqual({ [erin.planId]: 'charged' });
    expect(await item(table, erin.userId)).toBeDefined();
  });
});

describe('on the linked card', () => {
  let world: LinkedCardWorld;

  beforeAll(async () => {
    world = await startLinkedCard({ tableName: 'skill-disabled-card' });
  });

  afterAll(async () => {
    await world.stop();
  });

  it('the plan is cancelled here and on the account page, and the next job makes no PaymentIntent for it', async () => {
    const customer = await newCustomer(world);
    await world.alexa.launch();
    await world.alexa.say('my electricity bill was 500 kilowatt hours');
    expect((await world.alexa.say('set up a monthly offset plan')).speech).toMatch(/Shall I set it up\?/);
    expect((await world.alexa.say('yes')).speech).toMatch(/monthly offset plan is set up/);
    expect(textOf(await customer.browser.get('/account'))).toMatch(/175 kg of CO2e each month.*Active/);
    await world.alexa.endSession();

    const answer = await world.alexa.send(NOT_PERSISTED, { session: 'none' });
    const run = await world.alexa.runMonthlyJob();

    expect(responseProblems(answer.response)).toEqual([]);
    expect(Object.values(run.plans)).not.toContain('charged');
    expect(
      world.accounts.stripe
        .paymentIntents()
        .filter((intent) => (intent.metadata as Record<string, string>).accountId === customer.accountId),
    ).toEqual([]);
    expect(textOf(await customer.browser.get('/account'))).toMatch(
      /Monthly plan 175 kg of CO2e each month .* Cancelled on .*You are not charged any more/,
    );
  });
});
