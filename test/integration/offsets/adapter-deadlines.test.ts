import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAmazonPayApiClient } from '../../../lambda/src/features/offsets/adapters/amazon-pay-api';
import { createClearingHouseProvider } from '../../../lambda/src/features/offsets/adapters/clearing-house-offset-provider';
import { DynamoDbOffsetStore } from '../../../lambda/src/features/offsets/adapters/dynamodb-offset-store';
import { createLedgerOffsetProvider } from '../../../lambda/src/features/offsets/adapters/ledger-offset-provider';
import { newOrderId } from '../../../lambda/src/features/offsets/adapters/order-ids';
import { money } from '../../../lambda/src/features/offsets/domain/money';
import { createOrder } from '../../../lambda/src/features/offsets/domain/order';
import { OffsetProviderError } from '../../../lambda/src/features/offsets/ports';
import { WriteIds } from '../../../lambda/src/shared/customer-store';
import { createDeadline, DeadlineExceededError } from '../../../lambda/src/shared/deadline';
import { FaultProxy } from '../../../tools/fault-proxy/fault-proxy';
import { AmazonPayApiStandIn } from '../../../tools/stand-ins/amazon-pay-api';
import { ClearingHouse } from '../../../tools/stand-ins/clearing-house';
import { type LocalDynamo, startDynalite } from '../../support/dynalite';
import { gbpQuote, T0 } from '../../unit/offsets/fixtures';
import { SELLER } from './support';

/**
 * Item 2 of issue 10 (its remainder) and item 4 for the offset store: the offset store, the ledger, the clearing house
 * and the Amazon Pay API end their calls by the turn's deadline (shared/deadline.ts), whatever their own timeouts;
 * and an offset-store write whose answer was lost is not applied twice. DynamoDB is dynalite behind the fault proxy;
 * the clearing house and Amazon Pay are their HTTP stand-ins. Nothing is timed: a call that outlives the deadline
 * fails with the deadline's own error (the clients' timeouts here are far longer).
 */
const TABLE = 'adapter-deadlines';
let dynamo: LocalDynamo;
let proxy: FaultProxy;
let client: DynamoDBClient;
let clearingHouse: ClearingHouse;
let amazonPay: AmazonPayApiStandIn;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  proxy = await FaultProxy.start({ target: dynamo.endpoint });
  // Its own timeouts are long: only the deadline can end a hanging call quickly.
  client = new DynamoDBClient({
    endpoint: proxy.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
    requestHandler: { requestTimeout: 20_000, throwOnRequestTimeout: true },
  });
  clearingHouse = await ClearingHouse.start();
  amazonPay = await AmazonPayApiStandIn.start({ sellerId: SELLER.sellerId });
});

afterEach(() => {
  proxy.clear();
  clearingHouse.setBehaviour({ kind: 'normal' });
  amazonPay.setBehaviour({ kind: 'normal' });
});

afterAll(async () => {
  client.destroy();
  await proxy.stop();
  await clearingHouse.close();
  await amazonPay.close();
  await dynamo.stop();
});

const store = () => new DynamoDbOffsetStore({ client, tableName: TABLE });
const turn = (ms: number) => ({ deadline: createDeadline(ms), writeIds: () => new WriteIds(undefined) });
const newOrder = () =>
  createOrder({
    orderId: newOrderId(),
    userId: 'amzn1.ask.account.DEADLINES',
    rail: 'amazon-pay',
    quote: gbpQuote(),
    now: T0,
  });

describe("the turn's deadline, in every offsets adapter", () => {
  it('the offset store: a DynamoDB that never answers is given up at the deadline', async () => {
    proxy.always({ operation: 'GetItem' }, { kind: 'hang' });

    await expect(store().within(turn(150)).getOrder(newOrderId())).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it('the ledger: a hanging write fails the retirement as retryable (the job retries it)', async () => {
    proxy.always({ operation: 'PutItem' }, { kind: 'hang' });
    const ledger = createLedgerOffsetProvider({ client, tableName: TABLE, clock: () => T0 }).within(
      createDeadline(150),
    );

    const failure = await ledger.retire({ orderId: newOrderId(), kilograms: 5 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OffsetProviderError);
    expect((failure as OffsetProviderError).retryable).toBe(true);
    expect((failure as Error).message).toMatch(/DeadlineExceededError/);
  });

  it('the clearing house: a slow answer is given up at the deadline, as a retryable failure (the job retries it)', async () => {
    clearingHouse.setBehaviour({ kind: 'slow', delayMs: 3000 });
    const provider = createClearingHouseProvider({
      baseUrl: clearingHouse.url,
      apiKey: 'test-key',
      timeoutMs: 10_000,
      maxAttempts: 3,
    }).within(createDeadline(150));

    const failure = await provider.retire({ orderId: newOrderId(), kilograms: 5 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OffsetProviderError);
    expect((failure as OffsetProviderError).retryable).toBe(true);
  });

  it('Amazon Pay: a slow GetAuthorizationDetails is given up at the deadline, as no answer (nothing decided)', async () => {
    amazonPay.setBehaviour({ kind: 'slow', delayMs: 3000, times: 1 });
    const api = createAmazonPayApiClient({ baseUrl: amazonPay.url, timeoutMs: 10_000, config: SELLER }).within(
      createDeadline(150),
    );

    expect(await api.getAuthorizationDetails({ authorizationReferenceId: 'o12345678-1' })).toEqual({
      kind: 'unreachable',
      reason: 'timeout',
    });
  });
});

describe('item 4: an offset-store write whose answer was lost is not applied twice', () => {
  it('a new order saved, its answer lost: created once, not refused as a duplicate', async () => {
    const order = newOrder();
    proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });

    await expect(store().within(turn(5000)).createOrder(order)).resolves.toBeUndefined();

    expect(proxy.events.some((event) => event.outcome === 'lose-answer' && event.upstreamStatus === 200)).toBe(true);
    expect((await store().getOrder(order.orderId))?.orderId).toBe(order.orderId);
  });

  it("a month's charge counted once although its write's answer was lost", async () => {
    const planId = `p${newOrderId().slice(1)}`;
    const bump = (seen: { attempts: number } | undefined) => (seen?.attempts ?? 0) + 1;
    const base = {
      planId,
      userId: 'amzn1.ask.account.DEADLINES',
      month: '2025-03',
      reference: `${planId.slice(0, 24)}-202503`,
      amount: money(1778, 'GBP'),
      kilograms: 1235,
      status: 'failed' as const,
      claimedAt: undefined,
      paymentId: undefined,
      reasonCode: undefined,
      certificateId: undefined,
      providerReference: undefined,
      fulfilmentAttempts: 0,
      fulfilmentError: undefined,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    };
    await store().updateMonthlyCharge(planId, '2025-03', () => ({ charge: { ...base, attempts: 1 }, result: 1 }));
    proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });

    const result = await store()
      .within(turn(5000))
      .updateMonthlyCharge(planId, '2025-03', (current) => {
        const attempts = bump(current);
        return { charge: current && { ...current, attempts }, result: attempts };
      });

    expect(result).toBe(2);
    expect((await store().getMonthlyCharge(planId, '2025-03'))?.attempts).toBe(2);
  });
});
