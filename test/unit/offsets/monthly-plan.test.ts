import {
  type AuthorizeResult,
  applyAuthorizeResult,
  type MonthlyCharge,
  monthlyPlanReport,
  monthOf,
  planMonthlyCharge,
  recordChargeFulfilment,
} from '../../../lambda/src/features/offsets/domain/monthly-charges';
import {
  applyMonthlyPlanSetup,
  cancelMonthlyPlan,
  chargeReference,
  type MonthlyPlan,
  startMonthlyPlan,
} from '../../../lambda/src/features/offsets/domain/monthly-plan';
import { AGREEMENT, gbpQuote, later, T0, USER } from './fixtures';

const PLAN_ID = 'p0123456789abcdef01234567';
const open = {
  kind: 'billing-agreement',
  billingAgreementId: AGREEMENT,
  status: 'OPEN',
  chargeable: true,
  sandbox: true,
  action: 'none',
} as const;
const policy = { maxAttempts: 3, leaseMs: 60_000 };

/** A success for exactly this month: its reference and its amount. */
function paid(charge: MonthlyCharge, paymentId: string): AuthorizeResult {
  return { kind: 'authorized', paymentId, reference: charge.reference, captured: charge.amount };
}

function activePlan(): MonthlyPlan {
  const started = startMonthlyPlan(undefined, {
    planId: PLAN_ID,
    userId: USER,
    rail: 'amazon-pay',
    quote: gbpQuote(),
    now: T0,
  }).plan;
  return applyMonthlyPlanSetup(started, open, later(1000)).plan;
}

describe('the monthly plan', () => {
  it('starts pending and asks for a merchant-initiated Setup capped at the monthly total', () => {
    const { plan, effect } = startMonthlyPlan(undefined, {
      planId: PLAN_ID,
      userId: USER,
      rail: 'amazon-pay',
      quote: gbpQuote(),
      now: T0,
    });

    expect(plan).toMatchObject({
      planId: PLAN_ID,
      userId: USER,
      status: 'pending-setup',
      source: undefined,
    });
    expect(effect).toEqual({
      kind: 'send-setup',
      setup: { sellerBillingAgreementId: PLAN_ID, subscriptionAmount: { minor: 1778, currency: 'GBP' } },
    });
  });

  it('becomes active with the agreement; a replayed Setup answer changes nothing', () => {
    const plan = activePlan();

    expect(plan).toMatchObject({
      status: 'active',
      source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
      activatedAt: later(1000).toISOString(),
    });
    expect(applyMonthlyPlanSetup(plan, { ...open, billingAgreementId: 'C99' }, later(2000))).toEqual({
      plan,
      effect: { kind: 'nothing-new', status: 'active' },
    });
  });

  it('does not sell a second plan to a customer who has one', () => {
    const plan = activePlan();

    expect(
      startMonthlyPlan(plan, {
        planId: PLAN_ID,
        userId: USER,
        rail: 'amazon-pay',
        quote: gbpQuote(),
        now: later(5000),
      }),
    ).toEqual({
      plan,
      effect: { kind: 'tell', news: { kind: 'already-active' } },
    });
  });

  it('cancels by voice, once; a Setup answer after cancelling is ignored', () => {
    const cancelled = cancelMonthlyPlan(activePlan(), later(5000));

    expect(cancelled).toMatchObject({
      plan: { status: 'cancelled' },
      effect: { kind: 'tell', news: { kind: 'plan-cancelled' } },
    });
    expect(cancelMonthlyPlan(cancelled.plan, later(6000)).effect).toEqual({ kind: 'nothing-new', status: 'cancelled' });
    expect(applyMonthlyPlanSetup(cancelled.plan, open, later(7000)).effect.kind).toBe('nothing-new');
  });

  it('starts afresh after a cancellation', () => {
    const cancelled = cancelMonthlyPlan(activePlan(), later(5000)).plan;

    expect(
      startMonthlyPlan(cancelled, {
        planId: PLAN_ID,
        userId: USER,
        rail: 'amazon-pay',
        quote: gbpQuote(),
        now: later(6000),
      }).plan,
    ).toMatchObject({
      status: 'pending-setup',
      source: undefined,
    });
  });
});

describe('chargeReference', () => {
  it('is stable per plan and month and at most 32 characters', () => {
    expect(chargeReference(PLAN_ID, '2025-03')).toBe(`${PLAN_ID}-202503`);
    expect(chargeReference(PLAN_ID, '2025-03')).toHaveLength(32);
    expect(chargeReference(PLAN_ID, '2025-04')).not.toBe(chargeReference(PLAN_ID, '2025-03'));
    expect(() => chargeReference(PLAN_ID, '2025-3')).toThrow(RangeError);
  });
});

describe('planMonthlyCharge', () => {
  const month = '2025-03';
  const first = () => {
    const step = planMonthlyCharge(activePlan(), undefined, month, later(10_000), policy);
    if (step.kind !== 'authorize') throw new Error('expected a charge');
    return step;
  };

  it('uses the calendar month in UTC', () => {
    expect(monthOf(new Date('2025-03-31T23:59:59.999Z'))).toBe('2025-03');
    expect(monthOf(new Date('2025-04-01T00:00:00.000Z'))).toBe('2025-04');
  });

  it('claims a new month for an active plan with the month’s reference and the plan’s total', () => {
    const step = first();

    expect(step.source).toEqual({ kind: 'amazon-pay', billingAgreementId: AGREEMENT });
    expect(step.charge).toMatchObject({
      planId: PLAN_ID,
      userId: USER,
      month,
      reference: `${PLAN_ID}-202503`,
      amount: { minor: 1778, currency: 'GBP' },
      kilograms: 1235,
      status: 'charging',
      attempts: 1,
      claimedAt: later(10_000).toISOString(),
    });
  });

  it('skips plans that are not active', () => {
    const cancelled = cancelMonthlyPlan(activePlan(), later(5000)).plan;

    expect(planMonthlyCharge(cancelled, undefined, month, later(10_000), policy)).toEqual({
      kind: 'skip',
      reason: 'plan-not-active',
    });
  });

  it('leaves a fresh claim alone, and retries a stale one with the same reference', () => {
    const claimed = first().charge;

    expect(planMonthlyCharge(activePlan(), claimed, month, later(20_000), policy)).toEqual({
      kind: 'skip',
      reason: 'in-progress',
    });
    const retry = planMonthlyCharge(activePlan(), claimed, month, later(10_000 + 60_000), policy);
    expect(retry).toMatchObject({ kind: 'authorize', charge: { reference: claimed.reference, attempts: 2 } });
  });

  it('ends the month on a charge, a decline or a definitive error; retries answers without a decision', () => {
    const claimed = first().charge;
    const now = later(11_000);

    const charged = applyAuthorizeResult(claimed, paid(claimed, 'A1'), now);
    const declined = applyAuthorizeResult(claimed, { kind: 'declined', reasonCode: 'InvalidPaymentMethod' }, now);
    const rejected = applyAuthorizeResult(
      claimed,
      { kind: 'error', code: 'PeriodicAmountExceeded', retryable: false },
      now,
    );
    const timedOut = applyAuthorizeResult(claimed, { kind: 'unreachable', reason: 'timeout' }, now);

    expect(planMonthlyCharge(activePlan(), charged, month, now, policy)).toEqual({ kind: 'fulfil', charge: charged });
    expect(planMonthlyCharge(activePlan(), declined, month, now, policy)).toEqual({ kind: 'skip', reason: 'declined' });
    expect(planMonthlyCharge(activePlan(), rejected, month, now, policy)).toEqual({ kind: 'skip', reason: 'rejected' });
    expect(planMonthlyCharge(activePlan(), timedOut, month, now, policy)).toMatchObject({
      kind: 'authorize',
      charge: { reference: claimed.reference, attempts: 2 },
    });
  });

  it('gives up after maxAttempts answers without a decision', () => {
    let charge: MonthlyCharge = first().charge;
    for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
      charge = applyAuthorizeResult(
        charge,
        { kind: 'error', code: 'ServiceUnavailable', retryable: true },
        later(11_000),
      );
      const step = planMonthlyCharge(activePlan(), charge, month, later(12_000), policy);
      if (step.kind !== 'authorize') throw new Error('expected a retry');
      charge = step.charge;
    }
    charge = applyAuthorizeResult(charge, { kind: 'unreachable', reason: 'network' }, later(13_000));

    // Never charged again; still looked up, since an undecided (Pending) authorization may yet be captured.
    expect(planMonthlyCharge(activePlan(), charge, month, later(14_000), policy)).toEqual({
      kind: 'look-up',
      charge,
      source: activePlan().source,
    });
    expect(applyAuthorizeResult(charge, paid(charge, 'A9'), later(15_000)).status).toBe('charged');
  });

  it('never turns a charge taken back into anything else, and fulfils it even after the plan was cancelled', () => {
    const charged = applyAuthorizeResult(first().charge, paid(first().charge, 'A1'), later(11_000));
    const cancelled = cancelMonthlyPlan(activePlan(), later(12_000)).plan;

    expect(applyAuthorizeResult(charged, { kind: 'unreachable', reason: 'timeout' }, later(13_000))).toBe(charged);
    expect(planMonthlyCharge(cancelled, charged, month, later(13_000), policy).kind).toBe('fulfil');
    const fulfilled = recordChargeFulfilment(charged, { certificateId: 'C', providerReference: 'R' }, later(14_000));
    expect(planMonthlyCharge(cancelled, fulfilled, month, later(15_000), policy)).toEqual({
      kind: 'skip',
      reason: 'done',
    });
  });
});

describe('monthlyPlanReport', () => {
  it('says whether this month was charged', () => {
    const plan = activePlan();
    const claimed = planMonthlyCharge(plan, undefined, '2025-03', later(10_000), policy);
    if (claimed.kind !== 'authorize') throw new Error('expected a charge');
    const declined = applyAuthorizeResult(
      claimed.charge,
      { kind: 'declined', reasonCode: 'InvalidPaymentMethod' },
      later(11_000),
    );

    expect(monthlyPlanReport(plan, undefined)).toEqual({
      status: 'active',
      kilogramsPerMonth: 1235,
      monthlyTotal: { minor: 1778, currency: 'GBP' },
      thisMonth: 'not-charged-yet',
      reasonCode: undefined,
    });
    expect(monthlyPlanReport(plan, declined)).toMatchObject({
      thisMonth: 'declined',
      reasonCode: 'InvalidPaymentMethod',
    });
  });
});

describe('a monthly plan on the linked card', () => {
  const card = {
    kind: 'card',
    accountId: 'acct_0123456789abcdef01234567',
    customerId: 'cus_A',
    paymentMethodId: 'pm_A',
  } as const;
  const cardPlan = () =>
    startMonthlyPlan(undefined, {
      planId: PLAN_ID,
      userId: USER,
      rail: 'linked-card',
      source: card,
      quote: gbpQuote(),
      now: T0,
    });

  it('is active from the customer’s yes, with no Setup, and is not sold twice', () => {
    const { plan, effect } = cardPlan();

    expect(plan).toMatchObject({ status: 'active', rail: 'linked-card', source: card, activatedAt: T0.toISOString() });
    expect(effect).toEqual({ kind: 'tell', news: { kind: 'plan-active' } });
    expect(
      startMonthlyPlan(plan, {
        planId: PLAN_ID,
        userId: USER,
        rail: 'linked-card',
        source: card,
        quote: gbpQuote(),
        now: T0,
      }).effect,
    ).toEqual({ kind: 'tell', news: { kind: 'already-active' } });
  });

  it('a month waiting for 3-D Secure is looked up, not charged again, and reported as waiting for the customer', () => {
    const { plan } = cardPlan();
    const now = later(1000);
    const first = planMonthlyCharge(plan, undefined, '2025-03', now);
    if (first.kind !== 'authorize') throw new Error('expected a charge');
    const waiting = applyAuthorizeResult(first.charge, { kind: 'action-required', paymentId: 'pi_1' }, now);

    expect(waiting).toMatchObject({
      status: 'action-required',
      paymentId: 'pi_1',
      reasonCode: 'authentication_required',
    });
    expect(planMonthlyCharge(plan, waiting, '2025-03', later(2000))).toEqual({
      kind: 'look-up',
      charge: waiting,
      source: card,
    });
    expect(monthlyPlanReport(plan, waiting).thisMonth).toBe('action-required');
    expect(applyAuthorizeResult(waiting, paid(waiting, 'pi_1'), later(3000)).status).toBe('charged');
  });
});
