import {
  applyChargeOutcome,
  applyOrderSetup,
  authorizationReferenceFor,
  cancelOrder,
  chargeOf,
  confirmOrder,
  createOrder,
  firstStep,
  isAwaitingPayment,
  isRefundable,
  isResumable,
  type OffsetOrder,
  recordEmailSent,
  recordFulfilment,
  recordFulfilmentFailure,
  recordRefund,
} from '../../../lambda/src/features/offsets/domain/order';
import { AGREEMENT, captured, gbpQuote, later, ORDER_ID, T0, USER } from './fixtures';

const newOrder = (billingAgreementId?: string) =>
  createOrder({
    orderId: ORDER_ID,
    userId: USER,
    quote: gbpQuote(),
    now: T0,
    rail: 'amazon-pay',
    ...(billingAgreementId ? { source: { kind: 'amazon-pay', billingAgreementId } } : {}),
  });

const openAgreement = {
  kind: 'billing-agreement',
  billingAgreementId: AGREEMENT,
  status: 'OPEN',
  chargeable: true,
  sandbox: true,
  action: 'none',
} as const;

function charging(): OffsetOrder {
  return confirmOrder(newOrder(AGREEMENT), later(1000)).order;
}

describe('a new order', () => {
  it('starts quoted, with Setup first when the customer has no agreement, else the read-back', () => {
    expect(newOrder().status).toBe('quoted');
    expect(firstStep(newOrder())).toEqual({ kind: 'send-setup' });
    expect(firstStep(newOrder(AGREEMENT))).toEqual({ kind: 'ask-confirmation', quote: gbpQuote() });
  });

  it('takes the OPEN agreement from Setup and asks for confirmation', () => {
    const { order, effect } = applyOrderSetup(newOrder(), openAgreement, later(1000));

    expect(order).toMatchObject({ status: 'quoted', source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT } });
    expect(effect).toEqual({ kind: 'ask-confirmation', quote: order.quote });
  });

  it('keeps the order quoted and passes the problem on when Setup fails or the agreement cannot be charged', () => {
    const permission = { kind: 'permission-missing', code: 'ACCESS_DENIED', action: 'grant-permission' } as const;

    expect(applyOrderSetup(newOrder(), permission, later(1000))).toEqual({
      order: newOrder(),
      effect: { kind: 'tell', news: { kind: 'payment-problem', outcome: permission } },
    });
    expect(
      applyOrderSetup(
        newOrder(),
        { ...openAgreement, status: 'SUSPENDED', chargeable: false, action: 'update-payment-method' },
        T0,
      ).effect,
    ).toEqual({ kind: 'tell', news: { kind: 'agreement-not-chargeable', action: 'update-payment-method' } });
  });
});

describe('confirming (the customer says yes)', () => {
  it('moves to charging and asks for exactly one Charge with the first reference and the quoted total', () => {
    const { order, effect } = confirmOrder(newOrder(AGREEMENT), later(1000));

    expect(order).toMatchObject({ status: 'charging', chargeAttempts: 1, authorizationReferenceId: `${ORDER_ID}-1` });
    expect(effect).toEqual({
      kind: 'send-charge',
      charge: {
        orderId: ORDER_ID,
        source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
        authorizationReferenceId: `${ORDER_ID}-1`,
        amount: { minor: 1778, currency: 'GBP' },
      },
    });
  });

  it('a second yes sends nothing new', () => {
    const once = charging();

    expect(confirmOrder(once, later(2000))).toEqual({
      order: once,
      effect: { kind: 'nothing-new', status: 'charging' },
    });
  });

  it('asks for Setup when a yes comes before any agreement', () => {
    expect(confirmOrder(newOrder(), later(1000)).effect).toEqual({ kind: 'send-setup' });
  });

  it('expires instead of charging once the quote is out of date', () => {
    const { order, effect } = confirmOrder(newOrder(AGREEMENT), later(30 * 60_000));

    expect(order.status).toBe('expired');
    expect(effect).toEqual({ kind: 'tell', news: { kind: 'quote-expired' } });
    expect(confirmOrder(order, later(30 * 60_000 + 1)).effect).toEqual({
      kind: 'tell',
      news: { kind: 'order-closed', status: 'expired' },
    });
  });
});

describe('the Charge response', () => {
  it('charges on a success for the reference in flight, then asks for fulfilment', () => {
    const { order, effect } = applyChargeOutcome(charging(), `${ORDER_ID}-1`, captured(`${ORDER_ID}-1`), later(3000));

    expect(order).toMatchObject({
      status: 'charged',
      paymentId: 'S01-1234567-1234567-A000001',
      chargedAt: later(3000).toISOString(),
    });
    expect(effect).toEqual({ kind: 'fulfil' });
  });

  it('a replayed success changes nothing and asks for nothing', () => {
    const charged = applyChargeOutcome(charging(), `${ORDER_ID}-1`, captured(`${ORDER_ID}-1`), later(3000)).order;

    expect(applyChargeOutcome(charged, `${ORDER_ID}-1`, captured(`${ORDER_ID}-1`), later(4000))).toEqual({
      order: charged,
      effect: { kind: 'nothing-new', status: 'charged' },
    });
  });

  it('ignores an answer for another reference; a success naming another reference goes to review, unfulfilled', () => {
    const order = charging();

    expect(applyChargeOutcome(order, `${ORDER_ID}-2`, captured(`${ORDER_ID}-2`), later(3000)).effect.kind).toBe(
      'nothing-new',
    );
    const mismatched = applyChargeOutcome(order, `${ORDER_ID}-1`, captured(`${ORDER_ID}-9`), later(3000));
    expect(mismatched.effect).toEqual({ kind: 'tell', news: { kind: 'charge-review' } });
    expect(mismatched.order).toMatchObject({ status: 'review', review: { reason: 'other-reference' } });
  });

  it('records a soft decline; after the customer fixes the payment method a yes charges again with a NEW reference', () => {
    const decline = {
      kind: 'declined',
      reasonCode: 'InvalidPaymentMethod',
      softDecline: true,
      retryable: true,
      spokenByAlexa: false,
      authorizationReferenceId: `${ORDER_ID}-1`,
      action: 'update-payment-method',
    } as const;

    const declined = applyChargeOutcome(charging(), `${ORDER_ID}-1`, decline, later(3000));
    const again = confirmOrder(declined.order, later(60_000));

    expect(declined.order).toMatchObject({
      status: 'declined',
      failure: { kind: 'declined', code: 'InvalidPaymentMethod', retryable: true },
    });
    expect(declined.effect).toEqual({ kind: 'tell', news: { kind: 'payment-problem', outcome: decline } });
    expect(isResumable(declined.order, later(60_000))).toBe(true);
    expect(again.effect).toMatchObject({ kind: 'send-charge', charge: { authorizationReferenceId: `${ORDER_ID}-2` } });
    // The late answer for the first attempt no longer matters.
    expect(applyChargeOutcome(again.order, `${ORDER_ID}-1`, decline, later(61_000)).effect.kind).toBe('nothing-new');
  });

  it('ends the order on a hard decline or an unknown answer: a yes does not charge again', () => {
    const rejected = applyChargeOutcome(
      charging(),
      `${ORDER_ID}-1`,
      {
        kind: 'declined',
        reasonCode: 'AmazonRejected',
        softDecline: false,
        retryable: false,
        spokenByAlexa: false,
        authorizationReferenceId: undefined,
        action: 'contact-amazon-pay',
      },
      later(3000),
    ).order;
    const unknown = applyChargeOutcome(
      charging(),
      `${ORDER_ID}-1`,
      { kind: 'unknown', statusCode: '500', code: undefined, action: 'contact-us' },
      later(3000),
    ).order;

    expect(confirmOrder(rejected, later(4000)).effect).toEqual({
      kind: 'tell',
      news: { kind: 'order-closed', status: 'declined' },
    });
    // A 500 without a code leaves it unknown whether money moved: the order keeps its reference for the look-up.
    expect(unknown).toMatchObject({ status: 'charging', failure: { retryable: false } });
    expect(confirmOrder(unknown, later(4000)).effect).toEqual({ kind: 'nothing-new', status: 'charging' });
  });

  it('lets the customer confirm again after a missing permission', () => {
    const outcome = {
      kind: 'permission-missing',
      code: 'VoicePurchaseNotEnabled',
      action: 'grant-permission',
    } as const;
    const failed = applyChargeOutcome(charging(), `${ORDER_ID}-1`, outcome, later(3000)).order;

    expect(failed.status).toBe('failed');
    expect(confirmOrder(failed, later(4000)).effect.kind).toBe('send-charge');
  });

  it.each([
    [
      'a retryable 500',
      { kind: 'runtime-error', code: 'InternalServerError', retryable: true, action: 'try-again-later' },
    ],
    [
      'ServiceUnavailable',
      { kind: 'runtime-error', code: 'ServiceUnavailable', retryable: true, action: 'try-again-later' },
    ],
    ['DuplicateRequest', { kind: 'runtime-error', code: 'DuplicateRequest', retryable: false, action: 'contact-us' }],
    ['a 500 without a code', { kind: 'unknown', statusCode: '500', code: undefined, action: 'contact-us' }],
  ] as const)('after %s: the charge is unknown, never failed, and a yes sends no second Charge', (_what, outcome) => {
    const after = applyChargeOutcome(charging(), `${ORDER_ID}-1`, outcome, later(3000));

    expect(after.effect).toEqual({ kind: 'tell', news: { kind: 'charge-unknown' } });
    expect(after.order).toMatchObject({ status: 'charging', authorizationReferenceId: `${ORDER_ID}-1` });
    expect(confirmOrder(after.order, later(4000)).effect).toEqual({ kind: 'nothing-new', status: 'charging' });
  });

  it('forgets an agreement Amazon Pay no longer accepts: the next yes runs Setup, then charges with a new reference', () => {
    const outcome = {
      kind: 'runtime-error',
      code: 'InvalidBillingAgreementStatus',
      retryable: false,
      action: 'set-up-payment-again',
    } as const;

    const failed = applyChargeOutcome(charging(), `${ORDER_ID}-1`, outcome, later(3000)).order;
    const yes = confirmOrder(failed, later(4000));
    const setUp = applyOrderSetup(yes.order, { ...openAgreement, billingAgreementId: 'C02-NEW' }, later(5000));
    const again = confirmOrder(setUp.order, later(6000));

    expect(failed).toMatchObject({ status: 'failed', failure: { retryable: true } });
    expect(failed.source).toBeUndefined();
    expect(yes.effect).toEqual({ kind: 'send-setup' });
    expect(setUp.effect.kind).toBe('ask-confirmation');
    expect(again.effect).toMatchObject({
      kind: 'send-charge',
      charge: { source: { billingAgreementId: 'C02-NEW' }, authorizationReferenceId: `${ORDER_ID}-2` },
    });
  });

  it('keeps charging on Pending and tells the customer it is being processed', () => {
    const pending = applyChargeOutcome(
      charging(),
      `${ORDER_ID}-1`,
      { kind: 'pending', authorizationReferenceId: undefined, paymentId: 'S01-A' },
      later(3000),
    );

    expect(pending.order.status).toBe('charging');
    expect(pending.effect).toEqual({ kind: 'tell', news: { kind: 'charge-pending' } });
    expect(confirmOrder(pending.order, later(4000)).effect.kind).toBe('nothing-new');
  });
});

describe('cancelling and fulfilment', () => {
  it('a no before paying cancels; a no after paying changes nothing', () => {
    expect(cancelOrder(newOrder(AGREEMENT), later(1000))).toMatchObject({
      order: { status: 'cancelled' },
      effect: { kind: 'tell', news: { kind: 'cancelled' } },
    });
    expect(cancelOrder(charging(), later(2000)).effect.kind).toBe('nothing-new');
  });

  it('keeps a failed fulfilment pending, then records the certificate once', () => {
    const charged = applyChargeOutcome(charging(), `${ORDER_ID}-1`, captured(`${ORDER_ID}-1`), later(3000)).order;

    const pending = recordFulfilmentFailure(charged, 'The clearing house did not answer in time', later(4000)).order;
    const fulfilled = recordFulfilment(
      pending,
      { certificateId: 'GH-20250310-ABCD1234', providerReference: 'r1' },
      later(5000),
    );
    const again = recordFulfilment(fulfilled.order, { certificateId: 'OTHER', providerReference: 'r2' }, later(6000));

    expect(pending).toMatchObject({ status: 'fulfilment-pending', fulfilmentAttempts: 1 });
    expect(fulfilled.order).toMatchObject({
      status: 'fulfilled',
      certificateId: 'GH-20250310-ABCD1234',
      fulfilmentAttempts: 2,
    });
    expect(again.order).toBe(fulfilled.order);
  });
});

describe('authorizationReferenceFor', () => {
  it('stays within Amazon Pay’s 32 characters for any order ID and attempt', () => {
    expect(authorizationReferenceFor('o'.padEnd(28, 'x'), 999)).toHaveLength(32);
    expect(() => authorizationReferenceFor('short', 1)).toThrow(RangeError);
  });
});

describe('on the linked card', () => {
  const card = {
    kind: 'card',
    accountId: 'acct_0123456789abcdef01234567',
    customerId: 'cus_A',
    paymentMethodId: 'pm_A',
  } as const;
  const cardOrder = () =>
    createOrder({ orderId: ORDER_ID, userId: USER, rail: 'linked-card', quote: gbpQuote(), now: T0, source: card });
  const cardCharging = () => confirmOrder(cardOrder(), later(1000), card).order;

  it('charges once, with the order ID itself as the reference (Stripe’s idempotency key)', () => {
    const { order, effect } = confirmOrder(cardOrder(), later(1000), card);

    expect(order).toMatchObject({ status: 'charging', chargeAttempts: 1, authorizationReferenceId: ORDER_ID });
    expect(effect).toEqual({
      kind: 'send-charge',
      charge: { orderId: ORDER_ID, source: card, authorizationReferenceId: ORDER_ID, amount: gbpQuote().total },
    });
    expect(chargeOf(order)).toEqual(effect.kind === 'send-charge' ? effect.charge : undefined);
  });

  it('reads the order back again, charging nothing, when the card was replaced since the read-back', () => {
    const replaced = { ...card, paymentMethodId: 'pm_B' };

    const { order, effect } = confirmOrder(cardOrder(), later(1000), replaced);

    expect(order).toMatchObject({ status: 'quoted', source: replaced });
    expect(effect).toEqual({ kind: 'ask-confirmation', quote: order.quote });
  });

  it('waits for the customer on 3-D Secure, and a later look-up that finds it paid fulfils it', () => {
    const waiting = applyChargeOutcome(
      cardCharging(),
      ORDER_ID,
      { kind: 'authentication-required', paymentId: 'pi_1', action: 'authenticate' },
      later(2000),
    );
    expect(waiting.order).toMatchObject({ status: 'awaiting-authentication', paymentId: 'pi_1' });
    expect(waiting.effect).toEqual({ kind: 'tell', news: { kind: 'authentication-needed' } });
    expect(isAwaitingPayment(waiting.order)).toBe(true);
    expect(isResumable(waiting.order, later(3000))).toBe(false);

    const paid = applyChargeOutcome(
      waiting.order,
      ORDER_ID,
      { kind: 'charged', authorizationReferenceId: ORDER_ID, paymentId: 'pi_1', captured: gbpQuote().total },
      later(60_000),
    );
    expect(paid.order).toMatchObject({ status: 'charged', paymentId: 'pi_1' });
    expect(paid.effect).toEqual({ kind: 'fulfil' });
  });

  it('keeps the order charging when there is no answer, and a second yes sends nothing', () => {
    const unknown = applyChargeOutcome(
      cardCharging(),
      ORDER_ID,
      { kind: 'unreachable', reason: 'timeout', action: 'wait' },
      later(2000),
    );

    expect(unknown.order).toMatchObject({ status: 'charging', failure: { kind: 'unreachable', code: 'timeout' } });
    expect(unknown.effect).toEqual({ kind: 'tell', news: { kind: 'charge-unknown' } });
    expect(confirmOrder(unknown.order, later(3000), card).effect).toEqual({ kind: 'nothing-new', status: 'charging' });
  });

  it('a card decline is final for its order: "offset it" makes a new one', () => {
    const declined = applyChargeOutcome(
      cardCharging(),
      ORDER_ID,
      {
        kind: 'declined',
        reasonCode: 'insufficient_funds',
        softDecline: false,
        retryable: false,
        spokenByAlexa: false,
        authorizationReferenceId: ORDER_ID,
        action: 'insufficient-funds',
      },
      later(2000),
    ).order;

    expect(declined).toMatchObject({ status: 'declined', failure: { code: 'insufficient_funds', retryable: false } });
    expect(confirmOrder(declined, later(3000), card).effect).toEqual({
      kind: 'tell',
      news: { kind: 'order-closed', status: 'declined' },
    });
  });

  it('cancels a payment waiting for the bank; a paid order is not cancelled but refunded, once, within 14 days', () => {
    const waiting = applyChargeOutcome(
      cardCharging(),
      ORDER_ID,
      { kind: 'authentication-required', paymentId: 'pi_1', action: 'authenticate' },
      later(2000),
    ).order;
    expect(cancelOrder(waiting, later(3000)).order.status).toBe('cancelled');

    const paid = applyChargeOutcome(cardCharging(), ORDER_ID, captured(ORDER_ID), later(2000)).order;
    const day = 24 * 60 * 60_000;
    expect(cancelOrder(paid, later(3000)).effect.kind).toBe('nothing-new');
    expect(isRefundable(paid, later(13 * day), 14 * day)).toBe(true);
    expect(isRefundable(paid, later(14 * day + 3000), 14 * day)).toBe(false);
    const refunded = recordRefund(paid, { refundId: 're_1', amount: paid.quote.total }, later(4000));
    expect(refunded.order).toMatchObject({ status: 'refunded', refundId: 're_1' });
    expect(recordRefund(refunded.order, { refundId: 're_2', amount: paid.quote.total }, later(5000)).order).toBe(
      refunded.order,
    );
    expect(isRefundable(newOrder(AGREEMENT), later(1000), 14 * day)).toBe(false);
  });

  it('emails the confirmation once, and every change raises the revision the account page keeps', () => {
    const paid = applyChargeOutcome(cardCharging(), ORDER_ID, captured(ORDER_ID), later(2000)).order;
    const emailed = recordEmailSent(paid, later(3000)).order;

    expect(emailed.emailedAt).toBe(later(3000).toISOString());
    expect(recordEmailSent(emailed, later(4000)).order).toBe(emailed);
    expect(cardOrder().revision).toBe(1);
    expect(emailed.revision).toBeGreaterThan(paid.revision);
    expect(paid.revision).toBeGreaterThan(cardOrder().revision);
  });
});
