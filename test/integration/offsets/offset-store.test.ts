import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDbOffsetStore } from '../../../lambda/src/features/offsets/adapters/dynamodb-offset-store';
import { newOrderId } from '../../../lambda/src/features/offsets/adapters/order-ids';
import type { ChargeOutcome } from '../../../lambda/src/features/offsets/domain/amazon-pay';
import {
  applyMonthlyPlanSetup,
  cancelMonthlyPlan,
  monthlyPlanIdFor,
  startMonthlyPlan,
} from '../../../lambda/src/features/offsets/domain/monthly-plan';
import {
  applyChargeOutcome,
  applyOrderSetup,
  confirmOrder,
  createOrder,
  type OrderTransition,
} from '../../../lambda/src/features/offsets/domain/order';
import {
  CorruptOffsetRecordError,
  OffsetConflictError,
  OrderNotFoundError,
} from '../../../lambda/src/features/offsets/ports';
import { type LocalDynamo, startDynalite } from '../../support/dynalite';
import { AGREEMENT, captured, gbpQuote, later, T0 } from '../../unit/offsets/fixtures';

const TABLE = 'offset-store';
let dynamo: LocalDynamo;
let users = 0;
const newUser = () => `amzn1.ask.account.OFFSETSTORE${++users}`;
const store = () => new DynamoDbOffsetStore({ client: dynamo.client, tableName: TABLE });

const openAgreement = {
  kind: 'billing-agreement',
  billingAgreementId: AGREEMENT,
  status: 'OPEN',
  chargeable: true,
  sandbox: true,
  action: 'none',
} as const;

async function storedItem(id: string) {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: marshall({ id }), ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

/** A saved order with an OPEN agreement, waiting for the customer's yes. */
async function quotedOrder(userId = newUser()) {
  const orderId = newOrderId();
  await store().createOrder(createOrder({ orderId, userId, rail: 'amazon-pay', quote: gbpQuote(), now: T0 }));
  await store().updateOrder(orderId, (order) => applyOrderSetup(order, openAgreement, later(1000)), userId);
  return { orderId, userId };
}

const sendsCharge = (transition: OrderTransition) => transition.effect.kind === 'send-charge';

/**
 * A client for `sessions` concurrent sessions whose first reads all complete before any of them may write: the
 * sessions are sure to race, and the losers' conditional writes fail (counted in `conflicts`).
 */
function readingTogether(sessions: number) {
  const waiting: (() => void)[] = [];
  let conflicts = 0;
  const client = {
    async send(command: GetItemCommand | PutItemCommand) {
      if (command instanceof GetItemCommand && waiting.length < sessions) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === sessions) for (const release of waiting) release();
        });
      }
      try {
        return await dynamo.client.send(command as PutItemCommand);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) conflicts++;
        throw error;
      }
    },
  };
  return { client: client as unknown as DynamoDBClient, conflicts: () => conflicts };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
});

afterAll(async () => {
  await dynamo.stop();
});

describe('OffsetStore orders', () => {
  it('stores the order in the customer table under order#<id>, keyed by our ID with the Alexa user ID as an attribute', async () => {
    const { orderId, userId } = await quotedOrder();

    const item = await storedItem(`order#${orderId}`);

    expect(item).toMatchObject({ id: `order#${orderId}`, kind: 'order', userId, status: 'quoted', version: 2 });
    expect(item?.quote).toMatchObject({ total: { minor: 1778, currency: 'GBP' } });
    expect(await store().getOrder(orderId, userId)).toMatchObject({
      orderId,
      source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
    });
  });

  it('refuses a second order with the same ID', async () => {
    const { orderId, userId } = await quotedOrder();

    await expect(
      store().createOrder(createOrder({ orderId, userId, rail: 'amazon-pay', quote: gbpQuote(), now: T0 })),
    ).rejects.toBeInstanceOf(OffsetConflictError);
  });

  it('hides an order from another customer', async () => {
    const { orderId } = await quotedOrder();

    expect(await store().getOrder(orderId, 'amzn1.ask.account.SOMEONEELSE')).toBeUndefined();
    await expect(
      store().updateOrder(orderId, (order) => confirmOrder(order, later(2000)), 'amzn1.ask.account.SOMEONEELSE'),
    ).rejects.toBeInstanceOf(OrderNotFoundError);
    expect((await store().getOrder(orderId))?.status).toBe('quoted');
  });

  it('double yes: the second yes writes nothing and sends no second Charge', async () => {
    const { orderId, userId } = await quotedOrder();

    const first = await store().updateOrder(orderId, (order) => confirmOrder(order, later(2000)), userId);
    const second = await store().updateOrder(orderId, (order) => confirmOrder(order, later(2500)), userId);

    expect(first.effect.kind).toBe('send-charge');
    expect(second.effect).toEqual({ kind: 'nothing-new', status: 'charging' });
    expect(await storedItem(`order#${orderId}`)).toMatchObject({ status: 'charging', chargeAttempts: 1, version: 3 });
  });

  it('two sessions confirming the same order at once: exactly one Charge', async () => {
    const { orderId, userId } = await quotedOrder();
    const race = readingTogether(2);
    const sessions = [1, 2].map(() => new DynamoDbOffsetStore({ client: race.client, tableName: TABLE }));

    const results = await Promise.all(
      sessions.map((session) => session.updateOrder(orderId, (order) => confirmOrder(order, later(2000)), userId)),
    );

    expect(race.conflicts()).toBe(1);
    expect(results.filter(sendsCharge)).toHaveLength(1);
    expect(results.map((result) => result.effect.kind).sort()).toEqual(['nothing-new', 'send-charge']);
    expect(await storedItem(`order#${orderId}`)).toMatchObject({ chargeAttempts: 1 });
  });

  it('ten devices saying yes at once: exactly one Charge, the rest nothing new or a conflict, never a second reference', async () => {
    const { orderId, userId } = await quotedOrder();

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        store().updateOrder(orderId, (order) => confirmOrder(order, later(2000)), userId),
      ),
    );

    const effects = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(effects.filter(sendsCharge)).toHaveLength(1);
    expect(failures.every((reason) => reason instanceof OffsetConflictError)).toBe(true);
    expect(await storedItem(`order#${orderId}`)).toMatchObject({
      status: 'charging',
      chargeAttempts: 1,
      authorizationReferenceId: `${orderId}-1`,
    });
  });

  it('a replayed Connections.Response changes nothing the second time', async () => {
    const { orderId, userId } = await quotedOrder();
    await store().updateOrder(orderId, (order) => confirmOrder(order, later(2000)), userId);
    const reference = `${orderId}-1`;
    const answer: ChargeOutcome = captured(reference);

    const first = await store().updateOrder(
      orderId,
      (order) => applyChargeOutcome(order, reference, answer, later(3000)),
      userId,
    );
    const replay = await store().updateOrder(
      orderId,
      (order) => applyChargeOutcome(order, reference, answer, later(9000)),
      userId,
    );

    expect(first.effect).toEqual({ kind: 'fulfil' });
    expect(replay.effect).toEqual({ kind: 'nothing-new', status: 'charged' });
    expect(await storedItem(`order#${orderId}`)).toMatchObject({
      status: 'charged',
      version: 4,
      updatedAt: later(3000).toISOString(),
    });
  });

  it('the same response delivered to two sessions at once asks for fulfilment once', async () => {
    const { orderId, userId } = await quotedOrder();
    await store().updateOrder(orderId, (order) => confirmOrder(order, later(2000)), userId);
    const reference = `${orderId}-1`;

    const race = readingTogether(2);
    const sessions = [1, 2].map(() => new DynamoDbOffsetStore({ client: race.client, tableName: TABLE }));

    const results = await Promise.all(
      sessions.map((session) =>
        session.updateOrder(
          orderId,
          (order) => applyChargeOutcome(order, reference, captured(reference), later(3000)),
          userId,
        ),
      ),
    );

    expect(race.conflicts()).toBe(1);
    expect(results.filter((result) => result.effect.kind === 'fulfil')).toHaveLength(1);
  });

  it('lists charged orders awaiting fulfilment', async () => {
    const { orderId, userId } = await quotedOrder();
    await store().updateOrder(orderId, (order) => confirmOrder(order, later(2000)), userId);
    await store().updateOrder(orderId, (order) =>
      applyChargeOutcome(order, `${orderId}-1`, captured(`${orderId}-1`), later(3000)),
    );

    const awaiting = await store().listOrdersAwaitingFulfilment();

    expect(awaiting.map((order) => order.orderId)).toContain(orderId);
    expect(awaiting.every((order) => order.status === 'charged' || order.status === 'fulfilment-pending')).toBe(true);
  });

  it('refuses to act on a record it cannot read', async () => {
    await dynamo.client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: marshall({ id: 'order#obroken000000000000000', kind: 'order', status: 'charged', version: 1 }),
      }),
    );

    await expect(store().getOrder('obroken000000000000000')).rejects.toBeInstanceOf(CorruptOffsetRecordError);
  });
});

describe('OffsetStore plans', () => {
  it('derives one stable plan ID per customer that fits a charge reference', () => {
    const planId = monthlyPlanIdFor('amzn1.ask.account.A');

    expect(monthlyPlanIdFor('amzn1.ask.account.A')).toBe(planId);
    expect(monthlyPlanIdFor('amzn1.ask.account.B')).not.toBe(planId);
    expect(planId).toMatch(/^p[0-9a-f]{24}$/);
  });

  it('creates, activates and cancels a plan with conditional writes; only active plans are listed', async () => {
    const userId = newUser();
    const planId = monthlyPlanIdFor(userId);

    const started = await store().updateMonthlyPlan(
      planId,
      (plan) => startMonthlyPlan(plan, { planId, userId, rail: 'amazon-pay', quote: gbpQuote(), now: T0 }),
      userId,
    );
    const active = await store().updateMonthlyPlan(planId, (plan) => {
      if (!plan) throw new Error('missing plan');
      return applyMonthlyPlanSetup(plan, openAgreement, later(1000));
    });
    const listedWhileActive = (await store().listActiveMonthlyPlans()).map((plan) => plan.planId);
    await store().updateMonthlyPlan(planId, (plan) => {
      if (!plan) throw new Error('missing plan');
      return cancelMonthlyPlan(plan, later(2000));
    });

    expect(started.effect.kind).toBe('send-setup');
    expect(active.plan).toMatchObject({
      status: 'active',
      source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
    });
    expect(listedWhileActive).toContain(planId);
    expect((await store().listActiveMonthlyPlans()).map((plan) => plan.planId)).not.toContain(planId);
    expect(await storedItem(`plan#${planId}`)).toMatchObject({ kind: 'plan', userId, status: 'cancelled', version: 3 });
  });
});
