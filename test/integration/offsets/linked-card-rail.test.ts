/**
 * The linked-card rail's Stripe calls, through the official library against the Stripe stand-in on 127.0.0.1: each
 * test card's outcome classified, the order ID as the idempotency key (a retry is the same PaymentIntent), the
 * look-up by reference, cancelling, refunds, and what no answer looks like (slow, failing, nobody listening).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import type { AccountSummary, AccountsDirectory } from '../../../lambda/src/features/accounts';
import { createAccountsDirectory } from '../../../lambda/src/features/accounts/adapters/account-directory';
import {
  createCardMerchantCharges,
  createLinkedCardRail,
  declineAction,
  stripeClient,
} from '../../../lambda/src/features/offsets/adapters/linked-card-rail';
import { money } from '../../../lambda/src/features/offsets/domain/money';
import { createOrder, type OffsetOrder } from '../../../lambda/src/features/offsets/domain/order';
import type { PaymentSource } from '../../../lambda/src/features/offsets/domain/payment';
import { StripeStandIn } from '../../../tools/stand-ins/stripe';
import { gbpQuote, T0 } from '../../unit/offsets/fixtures';

let stand: StripeStandIn;
let stripe: Stripe;
let orders = 0;

beforeAll(async () => {
  stand = await StripeStandIn.start();
  stripe = stripeClient({ secretKey: stand.apiKey, apiUrl: new URL(stand.url), timeoutMs: 1000, maxNetworkRetries: 0 });
});

afterAll(async () => {
  await stand.close();
});

afterEach(() => stand.behave({ kind: 'normal' }));

const ACCOUNT = 'acct_0123456789abcdef01234567';

/** A Stripe customer with a saved test card (attached as the account page's SetupIntent would). */
async function savedCard(testCard: string): Promise<PaymentSource & { kind: 'card' }> {
  const customer = await stripe.customers.create({ metadata: { accountId: ACCOUNT } });
  const intent = await stripe.setupIntents.create({
    customer: customer.id,
    payment_method: testCard,
    usage: 'off_session',
    confirm: true,
  });
  return { kind: 'card', accountId: ACCOUNT, customerId: customer.id, paymentMethodId: String(intent.payment_method) };
}

const summary = (source: PaymentSource & { kind: 'card' }): AccountSummary => ({
  accountId: source.accountId,
  card: { customerId: source.customerId, paymentMethodId: source.paymentMethodId, brand: 'visa', last4: '4242' },
  voiceCode: 'none',
});

function accountsWith(found: AccountSummary | undefined): AccountsDirectory {
  return {
    identify: async (token) =>
      !token
        ? { kind: 'link-needed', problem: 'not-linked' }
        : found
          ? { kind: 'linked', account: found }
          : { kind: 'unavailable' },
    checkVoiceCode: async () => ({ kind: 'accepted' }),
    account: async () => found,
  };
}

function chargeOn(source: PaymentSource, amount = money(1778, 'GBP')) {
  orders += 1;
  const orderId = `o${String(orders).padStart(24, '0')}`;
  return { orderId, authorizationReferenceId: orderId, amount, source };
}

describe('charging a saved card off-session', () => {
  it('a card that pays: charged, with what was captured, one PaymentIntent keyed on the order ID', async () => {
    const source = await savedCard('pm_card_visa');
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) });
    const charge = chargeOn(source);

    const first = await rail.startCharge(charge, 'Green Horizons: 1235 kg');
    const again = await rail.startCharge(charge, 'Green Horizons: 1235 kg');

    expect(first).toEqual({
      kind: 'answered',
      outcome: {
        kind: 'charged',
        authorizationReferenceId: charge.orderId,
        paymentId: expect.stringMatching(/^pi_/),
        captured: money(1778, 'GBP'),
      },
    });
    expect(again).toEqual(first);
    const intents = stand
      .paymentIntents()
      .filter((intent) => (intent.metadata as { orderId: string }).orderId === charge.orderId);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({
      off_session: true,
      customer: source.customerId,
      description: 'Green Horizons: 1235 kg',
    });
    expect(
      stand
        .requests()
        .filter((r) => r.idempotencyKey === charge.orderId)
        .map((r) => r.replayed),
    ).toEqual([false, true]);
    expect(await rail.lookUpCharge(charge)).toMatchObject({ kind: 'found', outcome: { kind: 'charged' } });
  });

  it.each([['pm_card_chargeCustomerFail', 'generic_decline', 'contact-bank']])(
    'a card saved fine that declines when charged (%s): declined %s, final for the order',
    async (card, code, action) => {
      const source = await savedCard(card);
      const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) });

      const step = await rail.startCharge(chargeOn(source));

      expect(step).toMatchObject({
        kind: 'answered',
        outcome: { kind: 'declined', reasonCode: code, retryable: false, action },
      });
    },
  );

  it('a card whose bank wants 3-D Secure: the payment waits for the customer, and a look-up says the same', async () => {
    const source = await savedCard('pm_card_visa');
    stand.chargeAs(source.paymentMethodId, { kind: 'requires-action' });
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) });
    const charge = chargeOn(source);

    const step = await rail.startCharge(charge);

    expect(step).toMatchObject({
      kind: 'answered',
      outcome: { kind: 'authentication-required', paymentId: expect.stringMatching(/^pi_/) },
    });
    expect(await rail.lookUpCharge(charge)).toMatchObject({
      kind: 'found',
      outcome: { kind: 'authentication-required' },
    });
    const order: OffsetOrder = {
      ...createOrder({ orderId: charge.orderId, userId: 'u', rail: 'linked-card', quote: gbpQuote(), now: T0, source }),
      paymentId: step.kind === 'answered' && 'paymentId' in step.outcome ? String(step.outcome.paymentId) : undefined,
    };
    expect(await rail.cancelCharge(order)).toBe('cancelled');
    expect(await rail.cancelCharge(order)).toBe('too-late');
    expect(await rail.lookUpCharge(charge)).toMatchObject({
      kind: 'found',
      outcome: { kind: 'refused', code: 'canceled' },
    });
  });

  it('a card removed on the account page since: refused, add a card', async () => {
    const source = await savedCard('pm_card_visa');
    await stripe.paymentMethods.detach(source.paymentMethodId);
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) });

    expect(await rail.startCharge(chargeOn(source))).toMatchObject({
      kind: 'answered',
      outcome: { kind: 'refused', code: 'resource_missing', action: 'add-card' },
    });
  });

  it('processing: pending, then what the bank decided', async () => {
    const source = await savedCard('pm_card_visa');
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) });
    const charge = chargeOn(source);
    stand.holdNextCharges();

    const step = await rail.startCharge(charge);
    expect(step).toMatchObject({ kind: 'answered', outcome: { kind: 'pending' } });
    const [intent] = stand
      .paymentIntents()
      .filter((i) => (i.metadata as { orderId: string }).orderId === charge.orderId);
    stand.settle(String(intent?.id), 'succeeded');

    expect(await rail.lookUpCharge(charge)).toMatchObject({ kind: 'found', outcome: { kind: 'charged' } });
  });

  it('no answer: a timeout, the service failing, or nobody listening, and nothing is assumed', async () => {
    const source = await savedCard('pm_card_visa');
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)), timeoutMs: 1000 });

    stand.behave({ kind: 'slow', delayMs: 1500 });
    expect(await rail.startCharge(chargeOn(source))).toMatchObject({
      outcome: { kind: 'unreachable', reason: 'timeout' },
    });
    stand.behave({ kind: 'fail', times: 1, status: 503 });
    expect(await rail.startCharge(chargeOn(source))).toMatchObject({
      outcome: { kind: 'unreachable', reason: 'server-error' },
    });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nobody = stripeClient({
      secretKey: stand.apiKey,
      apiUrl: new URL(`http://127.0.0.1:${port}`),
      timeoutMs: 500,
      maxNetworkRetries: 0,
    });
    const offline = createLinkedCardRail({ stripe: nobody, accounts: accountsWith(summary(source)) });
    expect(await offline.startCharge(chargeOn(source))).toMatchObject({
      outcome: { kind: 'unreachable', reason: 'network' },
    });
    expect(
      await offline.refund({
        ...createOrder({
          orderId: 'o1234567890',
          userId: 'u',
          rail: 'linked-card',
          quote: gbpQuote(),
          now: T0,
          source,
        }),
        paymentId: 'pi_x',
      }),
    ).toEqual({ kind: 'failed', reason: 'unreachable' });
  });

  it('refunds a paid order once, whatever the number of asks', async () => {
    const source = await savedCard('pm_card_visa');
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) });
    const charge = chargeOn(source);
    const step = await rail.startCharge(charge);
    const paymentId = step.kind === 'answered' && step.outcome.kind === 'charged' ? step.outcome.paymentId : undefined;
    const order: OffsetOrder = {
      ...createOrder({ orderId: charge.orderId, userId: 'u', rail: 'linked-card', quote: gbpQuote(), now: T0, source }),
      paymentId,
    };

    const first = await rail.refund(order);
    const second = await rail.refund(order);

    expect(first).toEqual({ kind: 'refunded', refundId: expect.stringMatching(/^re_/), amount: money(1778, 'GBP') });
    expect(second).toEqual(first);
    expect(stand.refunds().filter((refund) => refund.payment_intent === paymentId)).toHaveLength(1);
    expect(await rail.refund({ ...order, paymentId: undefined })).toEqual({ kind: 'failed', reason: 'refused' });
  });
});

describe('who pays', () => {
  it('is the linked account’s card, or what is missing', async () => {
    const source = await savedCard('pm_card_visa');
    const buyer = { userId: 'u', paymentsAllowed: false, accessToken: 'token' };

    expect(
      await createLinkedCardRail({ stripe, accounts: accountsWith(summary(source)) }).payer(buyer, {
        billingAgreementId: undefined,
      }),
    ).toEqual({
      kind: 'ready',
      source,
      card: { brand: 'visa', last4: '4242' },
      voiceCode: 'none',
    });
    const rail = createLinkedCardRail({ stripe, accounts: accountsWith({ ...summary(source), card: undefined }) });
    expect(await rail.payer(buyer, { billingAgreementId: undefined })).toEqual({ kind: 'needs-card' });
    expect(await rail.payer({ ...buyer, accessToken: undefined }, { billingAgreementId: undefined })).toEqual({
      kind: 'needs-link',
      reason: 'not-linked',
    });
    const down = createLinkedCardRail({ stripe, accounts: accountsWith(undefined) });
    expect(await down.payer(buyer, { billingAgreementId: undefined })).toEqual({ kind: 'unavailable' });
    expect(await down.checkVoiceCode(buyer, '1234')).toEqual({ kind: 'no-account' });
    expect(() => rail.startSetup({ kind: 'order', orderId: 'o1' })).toThrow(RangeError);
    expect(() => rail.interpretCharge({ status: { code: '200' } })).toThrow(RangeError);
    expect(() => rail.interpretSetup({ status: { code: '200' } })).toThrow(RangeError);
  });

  it('reads the account as unavailable (never as unlinked) when the accounts table does not answer', async () => {
    const reasons: unknown[] = [];
    const directory = createAccountsDirectory({
      verify: async () => ({
        kind: 'valid',
        token: { accountId: ACCOUNT, clientId: 'c', scopes: ['offsets'], issuedAt: 1, expiresAt: 2 },
      }),
      directory: {
        getLinkedAccount: async () => {
          throw new Error('timeout');
        },
        getAccount: async () => undefined,
        verifyVoiceCode: async () => ({ kind: 'not-set' }),
      },
      onUnavailable: (error) => reasons.push(error),
    });

    expect(await directory.identify('token')).toEqual({ kind: 'unavailable' });
    expect(reasons).toHaveLength(1);
    expect(await directory.account(ACCOUNT)).toBeUndefined();
  });
});

describe('the monthly plan’s charges', () => {
  it('charge the account’s current card once per month’s reference, and say what is missing', async () => {
    const source = await savedCard('pm_card_visa');
    const charges = createCardMerchantCharges({ stripe, accounts: accountsWith(summary(source)) });
    const request = {
      reference: 'p0123456789abcdef01234567-202503',
      amount: money(263, 'USD'),
      source,
      description: 'Monthly',
    };

    expect(await charges.lookUp(request)).toEqual({ kind: 'not-found' });
    const first = await charges.charge(request);
    const again = await charges.charge(request);

    expect(first).toEqual({
      kind: 'authorized',
      paymentId: expect.stringMatching(/^pi_/),
      reference: request.reference,
      captured: money(263, 'USD'),
    });
    expect(again).toEqual(first);
    expect(await charges.lookUp(request)).toEqual(first);
    expect(
      stand.paymentIntents().filter((i) => (i.metadata as { reference: string }).reference === request.reference),
    ).toHaveLength(1);
    const none = createCardMerchantCharges({ stripe, accounts: accountsWith({ ...summary(source), card: undefined }) });
    expect(await none.charge({ ...request, reference: 'other-202503' })).toEqual({
      kind: 'declined',
      reasonCode: 'no_card',
    });
    const gone = createCardMerchantCharges({ stripe, accounts: accountsWith(undefined) });
    expect(await gone.charge(request)).toEqual({ kind: 'error', code: 'account_deleted', retryable: false });
  });
});

describe('decline codes, as Stripe documents them, by what the customer can do', () => {
  it.each([
    ['insufficient_funds', 'insufficient-funds'],
    ['expired_card', 'card-expired'],
    ['card_velocity_exceeded', 'card-limit'],
    ['try_again_later', 'try-again-later'],
    ['incorrect_cvc', 'use-another-card'],
    ['duplicate_transaction', 'contact-us'],
    ['lost_card', 'contact-bank'],
    ['stolen_card', 'contact-bank'],
    ['fraudulent', 'contact-bank'],
    ['pickup_card', 'contact-bank'],
    ['a_code_stripe_adds_later', 'contact-bank'],
  ])('%s: %s', (code, action) => {
    expect(declineAction(code)).toBe(action);
  });
});
