import {
  FINAL_MONTHLY_CHARGE_STATUSES,
  FINAL_ORDER_STATUSES,
  isOverdue,
  MONTHLY_CHARGE_DUTIES,
  ORDER_DUTIES,
} from '../../../lambda/src/features/offsets/domain/duties';
import {
  applyAuthorizeResult,
  MONTHLY_CHARGE_STATUSES,
  planMonthlyCharge,
} from '../../../lambda/src/features/offsets/domain/monthly-charges';
import { startMonthlyPlan } from '../../../lambda/src/features/offsets/domain/monthly-plan';
import {
  applyChargeNotFound,
  applyChargeOutcome,
  confirmOrder,
  createOrder,
  expireOrder,
  type OffsetOrder,
  ORDER_STATUSES,
  reviewUnsettledCharge,
} from '../../../lambda/src/features/offsets/domain/order';
import type { ChargeOutcome } from '../../../lambda/src/features/offsets/domain/payment';
import { AGREEMENT, captured, gbpQuote, later, ORDER_ID, T0, USER } from './fixtures';

/** Item 1 of issue 10: every status that is not final has an owner and a deadline, written down once. */
describe('domain/duties.ts', () => {
  it('gives every order status that is not final an owner and a deadline, and no final one', () => {
    for (const status of ORDER_STATUSES) {
      const final = (FINAL_ORDER_STATUSES as readonly string[]).includes(status);
      expect({ status, owned: status in ORDER_DUTIES }).toEqual({ status, owned: !final });
    }
    expect(Object.keys(ORDER_DUTIES).length + FINAL_ORDER_STATUSES.length).toBe(ORDER_STATUSES.length);
  });

  it('gives every monthly charge status that is not final an owner and a deadline, and no final one', () => {
    for (const status of MONTHLY_CHARGE_STATUSES) {
      const final = (FINAL_MONTHLY_CHARGE_STATUSES as readonly string[]).includes(status);
      expect({ status, owned: status in MONTHLY_CHARGE_DUTIES }).toEqual({ status, owned: !final });
    }
  });

  it('says who, what meanwhile and what at the deadline for each', () => {
    for (const duty of [...Object.values(ORDER_DUTIES), ...Object.values(MONTHLY_CHARGE_DUTIES)]) {
      expect(['customer', 'scheduled-job', 'support']).toContain(duty.owner);
      expect(duty.meanwhile.length).toBeGreaterThan(10);
      expect(duty.atDeadline.length).toBeGreaterThan(10);
      expect(Number.isFinite(duty.deadlineMs)).toBe(true);
    }
  });
});

const order = (): OffsetOrder =>
  createOrder({
    orderId: ORDER_ID,
    userId: USER,
    quote: gbpQuote(),
    now: T0,
    rail: 'amazon-pay',
    source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
  });
const charging = () => confirmOrder(order(), later(1000)).order;

describe('each open order status moves on by its deadline', () => {
  it('quoted: expired once its quote has run out', () => {
    expect(isOverdue(order(), later(29 * 60_000))).toBe(false);
    expect(isOverdue(order(), later(31 * 60_000))).toBe(true);
    expect(expireOrder(order(), later(31 * 60_000)).order.status).toBe('expired');
    expect(expireOrder(order(), later(60_000)).order.status).toBe('quoted');
  });

  it('charging: a charge no look-up could settle goes to review (unsettled) after two days, never to failed', () => {
    const open = charging();
    expect(isOverdue(open, later(47 * 3600_000))).toBe(false);
    expect(isOverdue(open, later(49 * 3600_000))).toBe(true);
    expect(reviewUnsettledCharge(open, later(49 * 3600_000)).order).toMatchObject({
      status: 'review',
      review: { reason: 'unsettled' },
    });
  });

  it('charging on Amazon Pay, not found by the look-up: released once the directive had time to arrive', () => {
    const rail = { restartable: false, releaseAfterMs: 10 * 60_000 };
    expect(applyChargeNotFound(charging(), later(60_000), rail).order.status).toBe('charging');
    const released = applyChargeNotFound(charging(), later(15 * 60_000), rail);
    expect(released.order).toMatchObject({ status: 'failed', failure: { kind: 'not-found', retryable: true } });
    // Known not charged: the customer may confirm it again, with a new reference.
    expect(confirmOrder(released.order, later(16 * 60_000)).effect).toMatchObject({
      kind: 'send-charge',
      charge: { authorizationReferenceId: `${ORDER_ID}-2` },
    });
  });

  it('charging on the card, not found: sent again with the same reference (Stripe key), which is one charge', () => {
    const card = { ...charging(), source: { kind: 'card', accountId: 'a', customerId: 'c', paymentMethodId: 'p' } };
    const again = applyChargeNotFound(card as OffsetOrder, later(60_000), { restartable: true, releaseAfterMs: 0 });
    expect(again.effect).toMatchObject({ kind: 'send-charge', charge: { authorizationReferenceId: `${ORDER_ID}-1` } });
  });
});

describe('item 5: a success is checked against the order before anything is fulfilled', () => {
  const reference = `${ORDER_ID}-1`;
  const success = (change: Partial<Extract<ChargeOutcome, { kind: 'charged' }>>): ChargeOutcome => ({
    ...(captured(reference) as Extract<ChargeOutcome, { kind: 'charged' }>),
    ...change,
  });

  it.each([
    ['a penny captured on a £17.78 order', success({ captured: { minor: 1, currency: 'GBP' } }), 'other-amount'],
    ['the right amount in another currency', success({ captured: { minor: 1778, currency: 'USD' } }), 'other-currency'],
    ['no reference at all', success({ authorizationReferenceId: undefined }), 'no-reference'],
    ['no captured amount', success({ captured: undefined }), 'no-amount'],
  ] as const)('%s: review, not fulfilment', (_what, outcome, reason) => {
    const { order: after, effect } = applyChargeOutcome(charging(), reference, outcome, later(3000));

    expect(effect).toEqual({ kind: 'tell', news: { kind: 'charge-review' } });
    expect(after).toMatchObject({ status: 'review', review: { reason } });
    // A later look-up that finds the charge exactly as ordered completes it.
    expect(applyChargeOutcome(after, reference, captured(reference), later(4000)).effect).toEqual({ kind: 'fulfil' });
  });

  it('the exact reference, amount and currency: charged and fulfilled', () => {
    expect(applyChargeOutcome(charging(), reference, captured(reference), later(3000)).effect).toEqual({
      kind: 'fulfil',
    });
  });

  it('a monthly charge likewise: a penny captured for the month goes to review, the exact amount is charged', () => {
    const plan = {
      ...startMonthlyPlan(undefined, {
        planId: 'p0123456789abcdef01234567',
        userId: USER,
        quote: gbpQuote(),
        now: T0,
        rail: 'amazon-pay',
      }).plan,
      status: 'active' as const,
      source: { kind: 'amazon-pay' as const, billingAgreementId: AGREEMENT },
    };
    const step = planMonthlyCharge(plan, undefined, '2025-03', T0);
    if (step.kind !== 'authorize') throw new Error('expected a charge');
    const { charge } = step;
    const penny = applyAuthorizeResult(
      charge,
      { kind: 'authorized', paymentId: 'A1', reference: charge.reference, captured: { minor: 1, currency: 'GBP' } },
      later(1000),
    );
    expect(penny).toMatchObject({ status: 'review', reasonCode: 'other-amount' });
    expect(planMonthlyCharge(plan, penny, '2025-03', later(2000)).kind).toBe('look-up');
    const exact = applyAuthorizeResult(
      penny,
      { kind: 'authorized', paymentId: 'A1', reference: charge.reference, captured: charge.amount },
      later(3000),
    );
    expect(exact.status).toBe('charged');
  });
});
