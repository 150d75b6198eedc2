import {
  createAmazonPayApiClient,
  createAmazonPayMerchantCharges,
} from '../../../lambda/src/features/offsets/adapters/amazon-pay-api';
import { createAmazonPayRail } from '../../../lambda/src/features/offsets/adapters/amazon-pay-rail';
import { DynamoDbOffsetStore } from '../../../lambda/src/features/offsets/adapters/dynamodb-offset-store';
import { createLedgerOffsetProvider } from '../../../lambda/src/features/offsets/adapters/ledger-offset-provider';
import { newOrderId } from '../../../lambda/src/features/offsets/adapters/order-ids';
import { money } from '../../../lambda/src/features/offsets/domain/money';
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
} from '../../../lambda/src/features/offsets/domain/order';
import { type OffsetProvider, OffsetProviderError } from '../../../lambda/src/features/offsets/ports';
import { fulfilOrder } from '../../../lambda/src/features/offsets/use-cases/fulfilment';
import {
  type MonthlyChargesDeps,
  runMonthlyCharges,
} from '../../../lambda/src/features/offsets/use-cases/run-monthly-charges';
import { NO_DEADLINE } from '../../../lambda/src/shared/deadline';
import { AmazonPayApiStandIn } from '../../../tools/stand-ins/amazon-pay-api';
import { type LocalDynamo, startDynalite } from '../../support/dynalite';
import { captured, gbpQuote } from '../../unit/offsets/fixtures';
import { AMAZON_PAY_OFFSETS, recordingLogger, SELLER } from './support';

const TABLE = 'monthly-charges';
const MARCH = new Date('2025-03-10T03:00:00.000Z');
let dynamo: LocalDynamo;
let api: AmazonPayApiStandIn;
let store: DynamoDbOffsetStore;
let now: Date;
let users = 0;
const clock = () => now;
const day = 24 * 60 * 60_000;

beforeAll(async () => {
  [dynamo, api] = await Promise.all([startDynalite(), AmazonPayApiStandIn.start({ sellerId: SELLER.sellerId, clock })]);
});

afterAll(async () => {
  await Promise.all([dynamo.stop(), api.close()]);
});

// Each test gets its own table, so plans of earlier tests are not charged again.
beforeEach(async () => {
  now = MARCH;
  api.reset();
  const table = `${TABLE}-${++users}`;
  await dynamo.createTable(table);
  store = new DynamoDbOffsetStore({ client: dynamo.client, tableName: table });
  ledgerTable = table;
});
let ledgerTable = TABLE;

const ledger = (): OffsetProvider =>
  createLedgerOffsetProvider({ client: dynamo.client, tableName: ledgerTable, clock });

/** Fails the first `times` retirements, then retires in the ledger. */
function flaky(times: number): OffsetProvider {
  let failures = times;
  const inner = ledger();
  const provider: OffsetProvider = {
    name: 'flaky',
    within: () => provider,
    retire: (request) => {
      if (failures-- > 0)
        return Promise.reject(new OffsetProviderError('The clearing house did not answer in time', true));
      return inner.retire(request);
    },
  };
  return provider;
}

function deps(overrides: Partial<MonthlyChargesDeps> = {}) {
  const logger = recordingLogger();
  const value: MonthlyChargesDeps = {
    config: AMAZON_PAY_OFFSETS,
    offsetStore: store,
    paymentRail: createAmazonPayRail(SELLER),
    newOrderId,
    accountRecords: undefined,
    mailer: undefined,
    merchantCharges: createAmazonPayMerchantCharges(
      createAmazonPayApiClient({ baseUrl: api.url, timeoutMs: 1000, config: SELLER }),
    ),
    offsetProvider: ledger(),
    deadline: NO_DEADLINE,
    clock,
    logger,
    sleep: async () => {},
    ...overrides,
  };
  return { ...value, logger };
}

/** An active plan whose agreement the stand-in can charge. */
async function activePlan(name: string, periodicLimit = money(5000, 'GBP')) {
  const userId = `amzn1.ask.account.${name}`;
  const planId = monthlyPlanIdFor(userId);
  const agreement = `C01-${name}`;
  api.openBillingAgreement(agreement, { periodicLimit });
  await store.updateMonthlyPlan(planId, (plan) =>
    startMonthlyPlan(plan, { planId, userId, rail: 'amazon-pay', quote: gbpQuote(now), now }),
  );
  await store.updateMonthlyPlan(planId, (plan) => {
    if (!plan) throw new Error('no plan');
    return applyMonthlyPlanSetup(
      plan,
      {
        kind: 'billing-agreement',
        billingAgreementId: agreement,
        status: 'OPEN',
        chargeable: true,
        sandbox: true,
        action: 'none',
      },
      now,
    );
  });
  return { userId, planId, agreement };
}

describe('the monthly charges job', () => {
  it('run twice in a month: one charge per plan, retired once, with a certificate', async () => {
    const alice = await activePlan('ALICE');
    const bob = await activePlan('BOB');

    const first = await runMonthlyCharges(deps());
    now = new Date(MARCH.getTime() + day);
    const second = await runMonthlyCharges(deps());

    expect(first.plans).toEqual({ [alice.planId]: 'charged', [bob.planId]: 'charged' });
    expect(second.plans).toEqual({ [alice.planId]: 'done', [bob.planId]: 'done' });
    expect(api.captures.map((capture) => capture.authorizationReferenceId).sort()).toEqual(
      [`${alice.planId}-202503`, `${bob.planId}-202503`].sort(),
    );
    expect(await store.getMonthlyCharge(alice.planId, '2025-03')).toMatchObject({
      status: 'fulfilled',
      attempts: 1,
      amount: { minor: 1778, currency: 'GBP' },
      certificateId: expect.stringMatching(/^GH-20250310-[0-9A-F]{8}$/),
    });
  });

  it('charges again the next month, with that month’s reference', async () => {
    const alice = await activePlan('ALICE');
    await runMonthlyCharges(deps());

    now = new Date('2025-04-01T03:00:00.000Z');
    const april = await runMonthlyCharges(deps());

    expect(april.plans).toEqual({ [alice.planId]: 'charged' });
    expect(api.captures.map((capture) => capture.authorizationReferenceId)).toEqual([
      `${alice.planId}-202503`,
      `${alice.planId}-202504`,
    ]);
  });

  it('a failure then a retry in the same run: the retry replays the first authorization, one charge', async () => {
    const alice = await activePlan('ALICE');
    api.setBehaviour({ kind: 'commit-then-fail', times: 1 });

    const run = await runMonthlyCharges(deps());

    expect(run.plans).toEqual({ [alice.planId]: 'charged' });
    expect(api.requestCount).toBe(2);
    // The retry asked Amazon Pay where the first stood (GetAuthorizationDetails) and sent nothing again.
    expect(api.lookUps).toBe(1);
    expect(api.captures).toHaveLength(1);
    expect(await store.getMonthlyCharge(alice.planId, '2025-03')).toMatchObject({ status: 'fulfilled', attempts: 2 });
  });

  it('a failure in one run and a retry in the next: same reference, one charge', async () => {
    const alice = await activePlan('ALICE');
    api.setBehaviour({ kind: 'fail', times: 1, status: 503, code: 'ServiceUnavailable' });

    const first = await runMonthlyCharges(deps({ triesPerRun: 1 }));
    now = new Date(MARCH.getTime() + day);
    const second = await runMonthlyCharges(deps({ triesPerRun: 1 }));

    expect(first.plans).toEqual({ [alice.planId]: 'failed' });
    expect(second.plans).toEqual({ [alice.planId]: 'charged' });
    expect(api.captures).toEqual([expect.objectContaining({ authorizationReferenceId: `${alice.planId}-202503` })]);
  });

  it('a success for another amount goes to review, is never fulfilled, and is logged for a person past its deadline', async () => {
    const alice = await activePlan('ALICE');
    const penny = deps({
      merchantCharges: {
        charge: async (request) => ({
          kind: 'authorized',
          paymentId: 'S01-PENNY',
          reference: request.reference,
          captured: money(1, 'GBP'),
        }),
        lookUp: async () => ({ kind: 'unsupported' }),
      },
    });

    const first = await runMonthlyCharges(penny);
    now = new Date(MARCH.getTime() + 4 * day);
    const later = await runMonthlyCharges(penny);

    expect(first.plans).toEqual({ [alice.planId]: 'review' });
    expect(later.plans).toEqual({ [alice.planId]: 'review' });
    expect(await store.getMonthlyCharge(alice.planId, '2025-03')).toMatchObject({
      status: 'review',
      reasonCode: 'other-amount',
      certificateId: undefined,
    });
    expect(penny.logger.lines.map((line) => (line.fields as { event?: string } | undefined)?.event)).toContain(
      'plan-charge-review-overdue',
    );
  });

  it('two runs at once still charge each plan once', async () => {
    const plans = await Promise.all(['ALICE', 'BOB', 'CAROL'].map((name) => activePlan(name)));

    const runs = await Promise.all([runMonthlyCharges(deps()), runMonthlyCharges(deps())]);

    expect(api.captures).toHaveLength(3);
    for (const { planId } of plans) {
      expect(runs.map((run) => run.plans[planId]).filter((outcome) => outcome === 'charged')).toHaveLength(1);
    }
  });

  it('ends the month on a decline or an exceeded monthly limit, without charging', async () => {
    const alice = await activePlan('ALICE');
    const bob = await activePlan('BOB', money(1000, 'GBP'));
    api.setBehaviour({ kind: 'decline', reasonCode: 'InvalidPaymentMethod', times: 1 });

    const first = await runMonthlyCharges(deps());
    const second = await runMonthlyCharges(deps());

    expect(first.plans).toEqual({ [alice.planId]: 'declined', [bob.planId]: 'rejected' });
    expect(second.plans).toEqual({ [alice.planId]: 'declined', [bob.planId]: 'rejected' });
    expect(api.captures).toHaveLength(0);
    expect(await store.getMonthlyCharge(bob.planId, '2025-03')).toMatchObject({ reasonCode: 'PeriodicAmountExceeded' });
  });

  it('does not charge a cancelled plan', async () => {
    const alice = await activePlan('ALICE');
    await store.updateMonthlyPlan(alice.planId, (plan) => {
      if (!plan) throw new Error('no plan');
      return cancelMonthlyPlan(plan, now);
    });

    const run = await runMonthlyCharges(deps());

    expect(run.plans).toEqual({});
    expect(api.requestCount).toBe(0);
  });

  it('keeps a charge whose retirement failed and retires it on a later run', async () => {
    const alice = await activePlan('ALICE');

    const first = await runMonthlyCharges(deps({ offsetProvider: flaky(1) }));
    const pending = await store.getMonthlyCharge(alice.planId, '2025-03');
    now = new Date(MARCH.getTime() + day);
    const second = await runMonthlyCharges(deps());

    expect(first.plans).toEqual({ [alice.planId]: 'charged' });
    expect(pending).toMatchObject({
      status: 'fulfilment-pending',
      fulfilmentError: 'The clearing house did not answer in time',
    });
    expect(second.plans).toEqual({ [alice.planId]: 'fulfilled' });
    expect(api.captures).toHaveLength(1);
  });

  it('retries the retirement of one-off orders kept as fulfilment-pending', async () => {
    const userId = 'amzn1.ask.account.ORDERER';
    const orderId = newOrderId();
    const agreement = {
      kind: 'billing-agreement',
      billingAgreementId: 'C01-X',
      status: 'OPEN',
      chargeable: true,
      sandbox: true,
      action: 'none',
    } as const;
    await store.createOrder(createOrder({ orderId, userId, rail: 'amazon-pay', quote: gbpQuote(now), now }));
    await store.updateOrder(orderId, (order) => applyOrderSetup(order, agreement, now));
    await store.updateOrder(orderId, (order) => confirmOrder(order, now));
    await store.updateOrder(orderId, (order) =>
      applyChargeOutcome(order, `${orderId}-1`, captured(`${orderId}-1`), now),
    );
    const afterCharge = await fulfilOrder(
      { offsetStore: store, offsetProvider: flaky(1), clock, logger: recordingLogger() },
      orderId,
    );

    now = new Date(MARCH.getTime() + 5 * 60_000);
    const run = await runMonthlyCharges(deps());

    expect(afterCharge).toMatchObject({ status: 'fulfilment-pending', fulfilmentAttempts: 1 });
    expect(run.fulfilmentRetries).toEqual({ fulfilled: 1, pending: 0 });
    expect(await store.getOrder(orderId)).toMatchObject({
      status: 'fulfilled',
      certificateId: expect.stringMatching(/^GH-/),
    });
  });

  it('logs a paid retirement still failing past its deadline for a person, and not before', async () => {
    const alice = await activePlan('ALICE');
    const userId = 'amzn1.ask.account.LATEORDER';
    const orderId = newOrderId();
    await store.createOrder(createOrder({ orderId, userId, rail: 'amazon-pay', quote: gbpQuote(now), now }));
    await store.updateOrder(orderId, (order) =>
      applyOrderSetup(
        order,
        {
          kind: 'billing-agreement',
          billingAgreementId: 'C01-LATE',
          status: 'OPEN',
          chargeable: true,
          sandbox: true,
          action: 'none',
        },
        now,
      ),
    );
    await store.updateOrder(orderId, (order) => confirmOrder(order, now));
    await store.updateOrder(orderId, (order) =>
      applyChargeOutcome(order, `${orderId}-1`, captured(`${orderId}-1`), now),
    );
    await fulfilOrder({ offsetStore: store, offsetProvider: flaky(1), clock, logger: recordingLogger() }, orderId);
    const events = (run: ReturnType<typeof deps>) =>
      run.logger.lines.map((line) => (line.fields as { event?: string; planId?: string } | undefined) ?? {});

    await runMonthlyCharges(deps({ offsetProvider: flaky(99) }));
    now = new Date(MARCH.getTime() + 2 * day);
    const early = deps({ offsetProvider: flaky(99) });
    await runMonthlyCharges(early);
    now = new Date(MARCH.getTime() + 8 * day);
    const late = deps({ offsetProvider: flaky(99) });
    const lateRun = await runMonthlyCharges(late);

    expect(await store.getMonthlyCharge(alice.planId, '2025-03')).toMatchObject({ status: 'fulfilment-pending' });
    expect(await store.getOrder(orderId)).toMatchObject({ status: 'fulfilment-pending' });
    expect(lateRun.plans).toEqual({ [alice.planId]: 'fulfilment-pending' });
    expect(lateRun.fulfilmentRetries).toEqual({ fulfilled: 0, pending: 1 });
    expect(events(early).map((fields) => fields.event)).not.toContain('fulfilment-overdue');
    expect(events(late)).toContainEqual(
      expect.objectContaining({ event: 'fulfilment-overdue', planId: alice.planId, month: '2025-03' }),
    );
    expect(events(late)).toContainEqual(expect.objectContaining({ event: 'fulfilment-overdue', orderId }));
  });

  it('logs plan IDs and outcome codes, never the user ID or the billing agreement', async () => {
    const alice = await activePlan('ALICE');
    const run = deps();

    await runMonthlyCharges(run);

    const logged = JSON.stringify(run.logger.lines);
    expect(logged).toContain(alice.planId);
    expect(logged).not.toContain(alice.userId);
    expect(logged).not.toContain(alice.agreement);
  });
});
