/**
 * The Stripe stand-in, driven by the official `stripe` library through its own host/port/protocol options, as the
 * account service reaches it: customers, SetupIntents with Stripe's test payment methods, Checkout Sessions in
 * setup mode with the hosted page, expand, errors, and idempotency keys.
 */
import type Stripe from 'stripe';
import { type CardVault, createStripeCardVault, stripeClient } from '../../accounts/src/payments/card-vault';
import { StripeStandIn } from '../../tools/stand-ins/stripe';
import { textOf, WebClient } from './support/web-client';

let standIn: StripeStandIn;
let stripe: Stripe;
let vault: CardVault;

beforeAll(async () => {
  standIn = await StripeStandIn.start();
  stripe = stripeClient({ secretKey: standIn.apiKey, apiUrl: new URL(standIn.url), timeoutMs: 2000 });
  vault = createStripeCardVault(stripe);
});

afterAll(() => standIn.close());

describe('customers', () => {
  it('creates, updates, retrieves and deletes', async () => {
    const customer = await stripe.customers.create({ metadata: { accountId: 'acct_1' } });
    expect(customer).toMatchObject({ object: 'customer', metadata: { accountId: 'acct_1' }, livemode: false });
    expect(customer.id).toMatch(/^cus_/);

    const deleted = await stripe.customers.del(customer.id);
    expect(deleted).toMatchObject({ id: customer.id, deleted: true });
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ deleted: true });
  });

  it('answers 404 resource_missing for an unknown ID, as Stripe does', async () => {
    await expect(stripe.customers.update('cus_nope', { metadata: { a: 'b' } })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      statusCode: 404,
    });
  });

  it('refuses a wrong secret key', async () => {
    const other = stripeClient({ secretKey: 'sk_test_wrong', apiUrl: new URL(standIn.url), timeoutMs: 2000 });
    await expect(other.customers.create({})).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
    });
  });
});

describe('idempotency keys', () => {
  it('replays the first answer for the same key and parameters, and refuses other parameters', async () => {
    const first = await stripe.customers.create({ metadata: { n: '1' } }, { idempotencyKey: 'same-key-1' });
    const again = await stripe.customers.create({ metadata: { n: '1' } }, { idempotencyKey: 'same-key-1' });
    expect(again.id).toBe(first.id);
    expect(standIn.requests().at(-1)).toMatchObject({ idempotencyKey: 'same-key-1', replayed: true });

    await expect(
      stripe.customers.create({ metadata: { n: '2' } }, { idempotencyKey: 'same-key-1' }),
    ).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
    });
    expect(standIn.state.all('customer').filter((customer) => customer.id === first.id)).toHaveLength(1);
  });

  it('the vault makes one customer per account however often it is asked', async () => {
    const one = await vault.createCustomer('acct_0123456789abcdef01234567');
    const two = await vault.createCustomer('acct_0123456789abcdef01234567');
    expect(two).toBe(one);
  });
});

describe('saving test cards by API (SetupIntents, usage off_session)', () => {
  it.each([
    ['pm_card_visa', 'visa', '4242'],
    ['pm_card_mastercard', 'mastercard', '4444'],
    ['pm_card_amex', 'amex', '0005'],
    ['pm_card_chargeCustomerFail', 'visa', '0341'],
  ])('%s is saved and becomes the default', async (testCard, brand, last4) => {
    const customer = await stripe.customers.create({});
    const outcome = await vault.saveDirectly(customer.id, testCard);

    expect(outcome).toMatchObject({ kind: 'saved', card: { brand, last4, expMonth: 12 } });
    if (outcome.kind !== 'saved') return;
    expect(outcome.card.paymentMethodId).toMatch(/^pm_(?!card_)/);
    const stored = await stripe.customers.retrieve(customer.id);
    expect(stored).toMatchObject({ invoice_settings: { default_payment_method: outcome.card.paymentMethodId } });
    expect(standIn.paymentMethodsOf(customer.id).map((method) => method.id)).toEqual([outcome.card.paymentMethodId]);
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card'],
  ])('%s is declined with %s', async (testCard, declineCode) => {
    const customer = await stripe.customers.create({});
    expect(await vault.saveDirectly(customer.id, testCard)).toEqual({ kind: 'declined', declineCode });
    expect(standIn.paymentMethodsOf(customer.id)).toEqual([]);
  });

  it('a card that wants 3-D Secure on setup answers requires_action with a redirect', async () => {
    const customer = await stripe.customers.create({});
    const intent = await stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      usage: 'off_session',
      confirm: true,
      return_url: 'https://example.test/back',
    });
    expect(intent).toMatchObject({
      status: 'requires_action',
      usage: 'off_session',
      next_action: { type: 'redirect_to_url' },
    });

    const page = await fetch(intent.next_action?.redirect_to_url?.url ?? '');
    expect(await page.text()).toContain('Complete authentication');
    const done = await fetch(new URL(`/authenticate/setup/${intent.id}`, standIn.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=complete&return_url=https%3A%2F%2Fexample.test%2Fback',
      redirect: 'manual',
    });
    expect(done.headers.get('location')).toBe(`https://example.test/back?setup_intent=${intent.id}`);
    expect(await stripe.setupIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded' });
  });

  it('detaches a payment method, and the customer loses it as default', async () => {
    const customer = await stripe.customers.create({});
    const outcome = await vault.saveDirectly(customer.id, 'pm_card_visa');
    if (outcome.kind !== 'saved') throw new Error('not saved');
    await vault.detach(outcome.card.paymentMethodId);
    await vault.detach(outcome.card.paymentMethodId); // twice is fine

    expect(standIn.paymentMethodsOf(customer.id)).toEqual([]);
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({
      invoice_settings: { default_payment_method: null },
    });
  });
});

describe('Checkout Sessions in setup mode and the hosted page', () => {
  async function startSession() {
    const customer = await stripe.customers.create({});
    const session = await vault.startSetup({
      customerId: customer.id,
      accountId: 'acct_0123456789abcdef01234567',
      successUrl: 'https://accounts.example/account/card/done',
      cancelUrl: 'https://accounts.example/account',
    });
    return { customer, session };
  }

  it('takes a test card on the page, saves it off-session and sends the customer back with the session ID', async () => {
    const { customer, session } = await startSession();
    expect(session.url).toBe(`${standIn.url}/checkout/pay/${session.sessionId}`);
    expect(await vault.settleSetup(session.sessionId, customer.id)).toEqual({ kind: 'open' });

    const browser = new WebClient(standIn.url);
    const form = await browser.get(session.url);
    expect(textOf(form)).toContain('Save a card for future payments');
    const back = await browser.submit(form, `/checkout/pay/${session.sessionId}`, {
      number: '4242 4242 4242 4242',
      expiry: '12 / 34',
      cvc: '123',
    });
    expect(back.url).toBe(`https://accounts.example/account/card/done?session_id=${session.sessionId}`);

    const settled = await vault.settleSetup(session.sessionId, customer.id);
    expect(settled).toMatchObject({ kind: 'saved', card: { brand: 'visa', last4: '4242' } });
    const stored = await stripe.checkout.sessions.retrieve(session.sessionId, { expand: ['setup_intent'] });
    expect(stored).toMatchObject({
      mode: 'setup',
      status: 'complete',
      setup_intent: { usage: 'off_session', status: 'succeeded' },
    });
    expect(await browser.get(session.url)).toMatchObject({ status: 410 });
  });

  it('shows Stripe’s messages for a declined card, a non-test number and a past expiry, and lets the customer retry', async () => {
    const { customer, session } = await startSession();
    const browser = new WebClient(standIn.url);
    const form = await browser.get(session.url);

    const declined = await browser.submit(form, `/checkout/pay/${session.sessionId}`, {
      number: '4000000000000002',
      expiry: '12/34',
      cvc: '123',
    });
    expect(textOf(declined)).toContain('Your card was declined.');
    const real = await browser.submit(declined, `/checkout/pay/${session.sessionId}`, {
      number: '4111111111111112',
      expiry: '12/34',
      cvc: '123',
    });
    expect(textOf(real)).toContain('used a non test card');
    const past = await browser.submit(real, `/checkout/pay/${session.sessionId}`, {
      number: '4242424242424242',
      expiry: '01/20',
      cvc: '123',
    });
    expect(textOf(past)).toContain('expiration year is in the past');
    expect(await vault.settleSetup(session.sessionId, customer.id)).toEqual({ kind: 'open' });

    const ok = await browser.submit(past, `/checkout/pay/${session.sessionId}`, {
      number: '5555555555554444',
      expiry: '12/34',
      cvc: '123',
    });
    expect(ok.url).toContain('session_id=');
    expect(await vault.settleSetup(session.sessionId, customer.id)).toMatchObject({
      kind: 'saved',
      card: { brand: 'mastercard' },
    });
  });

  it('plays 3-D Secure on the page: failing it keeps the customer there, completing it saves the card', async () => {
    const { customer, session } = await startSession();
    const browser = new WebClient(standIn.url);
    const form = await browser.get(session.url);
    const challenge = await browser.submit(form, `/checkout/pay/${session.sessionId}`, {
      number: '4000002500003155',
      expiry: '12/34',
      cvc: '123',
    });
    expect(textOf(challenge)).toContain('3-D Secure test authentication');

    const failed = await browser.submit(challenge, `/checkout/pay/${session.sessionId}/authenticate`, {
      outcome: 'fail',
    });
    expect(textOf(failed)).toContain('unable to authenticate your payment method');

    const again = await browser.submit(failed, `/checkout/pay/${session.sessionId}`, {
      number: '4000002500003155',
      expiry: '12/34',
      cvc: '123',
    });
    const done = await browser.submit(again, `/checkout/pay/${session.sessionId}/authenticate`, {
      outcome: 'complete',
    });
    expect(done.url).toContain('session_id=');
    expect(await vault.settleSetup(session.sessionId, customer.id)).toMatchObject({
      kind: 'saved',
      card: { last4: '3155' },
    });
  });

  it('refuses to settle another customer’s session, and reports an expired one', async () => {
    const { session } = await startSession();
    const stranger = await stripe.customers.create({});
    await expect(vault.settleSetup(session.sessionId, stranger.id)).rejects.toThrow('another customer');

    const { customer, session: second } = await startSession();
    await stripe.checkout.sessions.expire(second.sessionId);
    expect(await vault.settleSetup(second.sessionId, customer.id)).toEqual({ kind: 'expired' });
  });

  it('implements setup mode only, and says so', async () => {
    await expect(
      stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.example/ok', line_items: [] }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('setup mode only') });
  });
});

describe('failure modes for tests', () => {
  it('fails the next requests with a status, then recovers; the library retries once', async () => {
    standIn.behave({ kind: 'fail', times: 2, status: 500 });
    await expect(stripe.customers.create({})).rejects.toMatchObject({ statusCode: 500 });
    expect((await stripe.customers.create({})).id).toMatch(/^cus_/);
  });
});
