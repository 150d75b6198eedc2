/**
 * The real-world purchase rows of docs/certification.md (P1 to P10) on the linked-card rail, as a tester walks them:
 * utterances through the interaction model, the skill built from source with PAYMENT_RAIL=linked-card, and everything
 * it talks to real on 127.0.0.1 — the account service (its OAuth server gives the tokens, as Alexa gets them), the
 * Stripe stand-in through the official library, the SES stand-in, dynalite. Customers sign up, link and add their card
 * on the pages, as people do. Every Stripe outcome is played, and "charged once" is asserted on the Stripe
 * stand-in's own record of PaymentIntents.
 */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { RequestEnvelope } from 'ask-sdk-model';
import { importJWK, type JWK, SignJWT } from 'jose';
import { deriveServiceKeys } from '../../accounts/src/crypto/keys';
import { monthlyPlanIdFor } from '../../lambda/src/features/offsets/domain/monthly-plan';
import type { TurnResult } from '../../tools/simulator/dialog-driver';
import { textOf, WebClient } from '../../tools/stand-ins/web-client';
import { type Customer, intentsFor, type LinkedCardWorld, newCustomer, startLinkedCard } from '../support/linked-card';
import { responseProblems } from '../support/response-checks';
import { sourceHandler } from '../support/source-skill';

/** The skill's clock runs with real time, and the tests move it on (the scheduled job's grace periods). */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

/**
 * The account service and the skill for the tests of one describe block: its own, so that the account service's
 * sign-up limit per address (30 an hour) is never what a test meets, and the job sees only that block's orders.
 */
let world: LinkedCardWorld;
let worlds = 0;
function freshWorld(env?: Record<string, string>): void {
  beforeAll(async () => {
    world = await startLinkedCard({
      tableName: `linked-card-${++worlds}`,
      overrides: { clock },
      ...(env ? { env } : {}),
    });
  });
  afterAll(async () => {
    await world.stop();
  });
  beforeEach(() => {
    offsetMs = 0;
    world.accounts.stripe.behave({ kind: 'normal' });
  });
}

function valid(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  return turn;
}

const say = async (utterance: string) => valid(await world.alexa.say(utterance));

/** The order the skill is waiting for a yes (or a voice code) about. */
function pendingOrder(turn: TurnResult): string {
  const question = turn.response.sessionAttributes?.question as { orderId?: string } | undefined;
  if (!question?.orderId) throw new Error(`No order is pending: ${turn.speech}`);
  return question.orderId;
}

/** A linked customer with a card, an estimate, and the order read back. */
async function readBack(options?: Parameters<typeof newCustomer>[1], estimate = 'a flight from seattle to j. f. k.') {
  const customer = await newCustomer(world, options);
  await world.alexa.launch();
  await say(estimate);
  const turn = await say('offset it');
  return { customer, turn, orderId: pendingOrder(turn) };
}

/** The scheduled job, a few minutes later (its grace period for records just changed is a minute). */
async function runJob() {
  offsetMs += 5 * 60_000;
  return world.alexa.runMonthlyJob();
}

function emailsTo(customer: Customer) {
  return world.accounts.ses.sentTo(customer.email);
}

describe("P1: the skill opens by the seller's name", () => {
  freshWorld();

  it('"open green horizons" opens it, and the seller read back is Green Horizons', async () => {
    const { turn } = await readBack();

    expect(turn.speech).toMatch(/Green Horizons, the seller/);
  });
});

describe('P2: before charging, the order is read back and confirmed', () => {
  freshWorld();

  it('says the seller, what is bought, the delivery, the total with tax and the card, then asks yes or no', async () => {
    const { turn } = await readBack();

    expect(turn.speech).toMatch(
      /Green Horizons, the seller, will retire 398 kilograms of verified carbon credits for you\. Your certificate goes to your email and your Alexa app\. The total is \$5\.97, tax included\. It will be charged to your Visa ending in 4 2 4 2\. Shall I place the order\?/,
    );
    expect(turn.sessionOpen).toBe(true);
  });

  it('charges nothing on "no"', async () => {
    const { orderId } = await readBack();

    const no = await say('no');

    expect(no.speech).toMatch(/haven't placed the order, and nothing was charged/);
    expect(intentsFor(world, orderId)).toEqual([]);
  });

  it('makes one off-session PaymentIntent on "yes", for the total read back, keyed on the order ID', async () => {
    const { orderId, customer } = await readBack();

    await say('yes');

    const [intent, ...more] = intentsFor(world, orderId);
    expect(more).toEqual([]);
    expect(intent).toMatchObject({
      amount: 597,
      currency: 'usd',
      status: 'succeeded',
      off_session: true,
      metadata: { orderId, reference: orderId, accountId: customer.accountId },
    });
    const created = world.accounts.stripe
      .requests()
      .find((r) => r.path === '/v1/payment_intents' && r.method === 'POST');
    expect(created?.idempotencyKey).toBeDefined();
    expect(world.accounts.stripe.requests().some((r) => r.idempotencyKey === orderId)).toBe(true);
  });
});

describe('P3 and P9: completing the purchase', () => {
  freshWorld();

  it('confirms by voice, puts the order card in the Alexa app, and emails the order details', async () => {
    const { orderId, customer } = await readBack();
    const before = emailsTo(customer).length;

    const done = await say('yes');

    expect(done.speech).toMatch(
      /Your order is placed: 398 kilograms of carbon credits retired for you, for \$5\.97\. Your certificate is in your email/,
    );
    expect(done.card?.title).toBe('Your carbon offset order');
    expect(done.card?.content).toMatch(/paid with your Visa ending in 4242/);
    expect(done.card?.content).toMatch(/Certificate: GH-\d{8}-/);
    const [email] = emailsTo(customer).slice(before);
    expect(email?.subject).toBe(`Your carbon offset order ${orderId}`);
    expect(email?.text).toMatch(/Seller of record: Green Horizons/);
    expect(email?.text).toMatch(/398 kg of CO2e of existing, verified carbon credits/);
    expect(email?.text).toMatch(/Amount: 5\.97 USD \+ tax 0\.00 USD = 5\.97 USD/);
    expect(email?.text).toMatch(
      new RegExp(`Certificate: GH-\\d{8}-\\w+ — ${world.accounts.url}/account/orders/${orderId}`),
    );
    expect((await say('where is my order')).speech).toMatch(/is complete: the credits are retired/);
  });

  it('lists the order, with its certificate, on the account page', async () => {
    const { orderId, customer } = await readBack();
    await say('yes');

    const page = textOf(await customer.browser.get(`/account/orders/${orderId}`));

    expect(page).toMatch(/Carbon offset: 398 kg CO2e/);
    expect(page).toMatch(/Status Completed/);
    expect(page).toMatch(/Certificate GH-\d{8}-/);
  });
});

describe('never charged twice', () => {
  freshWorld();

  it('a second "yes" after the charge sends nothing to Stripe', async () => {
    const { orderId, turn } = await readBack();
    await say('yes');

    const again = valid(
      await world.alexa.send(
        { type: 'IntentRequest', intent: { name: 'AMAZON.YesIntent', confirmationStatus: 'NONE' } },
        {
          session: 'new',
          editEnvelope: (envelope) =>
            Object.assign(envelope.session ?? {}, { attributes: { question: { kind: 'confirm-order', orderId } } }),
        },
      ),
    );

    expect(again.speech).toMatch(/is complete/);
    expect(intentsFor(world, orderId)).toHaveLength(1);
    void turn;
  });

  it('two devices saying yes at the same moment make one PaymentIntent', async () => {
    const { orderId, turn } = await readBack();
    const yes = yesEnvelope(turn.request, orderId);
    // Two Lambda containers: two skills built from the same configuration, the same request at once.
    const mine = sourceHandler(envOf(world), { clock });
    const other = sourceHandler(envOf(world), { clock });

    const answers = await Promise.all([mine(yes), other(structuredClone(yes))]);

    expect(intentsFor(world, orderId)).toHaveLength(1);
    const spoken = answers.map((answer) => JSON.stringify(answer.response.outputSpeech));
    expect(spoken.filter((speech) => /Your order is placed/.test(speech))).toHaveLength(1);
  });
});

function envOf(current: LinkedCardWorld): Record<string, string> {
  const config = current.alexa.config;
  if (!config?.offsets?.linkedCard) throw new Error('not the linked-card rail');
  return {
    TABLE_NAME: config.tableName,
    DYNAMODB_ENDPOINT: current.alexa.dynamoDbEndpoint,
    SKILL_ID: current.alexa.skillId,
    PAYMENT_RAIL: 'linked-card',
    ACCOUNTS_URL: current.accounts.url,
    ACCOUNTS_TABLE_NAME: current.accounts.config.tableName,
    VOICE_CODE_PEPPER: current.accounts.config.voiceCodePepper,
    STRIPE_SECRET_KEY: current.accounts.stripe.apiKey,
    STRIPE_API_URL: current.accounts.stripe.url,
    ORDER_EMAIL_FROM: 'Green Horizons <orders@green-horizons.test>',
    SES_ENDPOINT: current.accounts.ses.url,
  };
}

/** The request of a read-back turn, turned into the customer's "yes" to it (in the same session). */
function yesEnvelope(request: RequestEnvelope, orderId: string): RequestEnvelope {
  const envelope = structuredClone(request);
  envelope.request = {
    type: 'IntentRequest',
    requestId: `amzn1.echo-api.request.${randomBytes(8).toString('hex')}`,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    dialogState: 'COMPLETED',
    intent: { name: 'AMAZON.YesIntent', confirmationStatus: 'NONE' },
  };
  if (envelope.session) {
    envelope.session.new = false;
    envelope.session.attributes = { question: { kind: 'confirm-order', orderId } };
  }
  return envelope;
}

describe('P4: an order left unconfirmed is offered again', () => {
  freshWorld();

  it('offers to continue it at the next launch, and reads it back, card and all, on "yes"', async () => {
    await readBack();
    await world.alexa.endSession();

    const launch = valid(await world.alexa.launch());

    expect(launch.speech).toMatch(/unfinished order to offset 398 kilograms\. Would you like to continue it\?/);
    expect((await say('yes')).speech).toMatch(
      /will retire 398 kilograms .* Visa ending in 4 2 4 2\. Shall I place the order\?/,
    );
  });
});

describe('P5 and P7: refunds and cancellations', () => {
  freshWorld();

  it('refunds a paid order by voice, after a confirmation, through Stripe, once; retired credits stay retired', async () => {
    const { orderId, customer } = await readBack();
    await say('yes');

    const offer = await say('refund my offset');
    expect(offer.speech).toMatch(
      /I can refund the full \$5\.97 to your card\. The 398 kilograms of credits already retired for you stay retired.* Shall I refund it\?/,
    );
    const done = await say('yes');

    expect(done.speech).toMatch(/\$5\.97 is refunded to your card/);
    const refunds = world.accounts.stripe
      .refunds()
      .filter((refund) => refund.payment_intent === intentsFor(world, orderId)[0]?.id);
    expect(refunds).toHaveLength(1);
    expect((await say('where is my order')).speech).toMatch(/was refunded to your card/);
    expect(textOf(await customer.browser.get(`/account/orders/${orderId}`))).toMatch(/Refunded/);
    expect((await say('refund my offset')).speech).toMatch(/already been refunded/);
  });

  it('"no" to the refund keeps the order', async () => {
    await readBack();
    await say('yes');
    await say('refund my offset');

    expect((await say('no')).speech).toMatch(/OK, no refund/);
  });

  it('a refund asked for on the account page is made there, through Stripe, and the skill says so', async () => {
    const { orderId, customer } = await readBack();
    await say('yes');

    const page = await customer.browser.get('/account');
    const after = await customer.browser.submit(page, `/account/orders/${orderId}/refund`, {
      reason: 'changed my mind',
    });

    expect(textOf(after)).toMatch(/Your order is refunded to your card/);
    expect(
      world.accounts.stripe.refunds().filter((r) => r.payment_intent === intentsFor(world, orderId)[0]?.id),
    ).toHaveLength(1);
    expect((await say('where is my order')).speech).toMatch(/was refunded/);
    expect(emailsTo(customer).at(-1)?.subject).toBe(`Your refund for order ${orderId}`);
  });

  it('asked to cancel a paid order, offers its refund (P7)', async () => {
    await readBack();
    await say('yes');

    expect((await say('cancel my order')).speech).toMatch(
      /already paid, so it can't be cancelled, but it can be refunded\. .* Shall I refund it\?/,
    );
  });

  it('cancels an unpaid order outright', async () => {
    await readBack();
    await world.alexa.endSession();
    await world.alexa.launch();
    await say('help');

    expect((await say('cancel my order')).speech).toMatch(/cancelled your order before payment\. Nothing was charged/);
  });
});

describe('P8: no linked account', () => {
  freshWorld();

  it('says why and sends a LinkAccount card; nothing is ordered or charged', async () => {
    await newCustomer(world, { linked: false, card: undefined });
    await world.alexa.launch();
    await say('a 50 mile drive');
    const before = world.accounts.stripe.paymentIntents().length;

    const turn = await say('offset it');

    expect(turn.speech).toMatch(
      /link your Green Horizons account.*I've sent a card to your Alexa app.*Nothing was charged/,
    );
    expect(turn.card).toMatchObject({ type: 'LinkAccount' });
    expect(world.accounts.stripe.paymentIntents()).toHaveLength(before);
    expect((await say('where is my order')).speech).toMatch(/haven't ordered an offset yet/);
  });

  it('a linked account with no card: says how to add one, with a card that links the account page', async () => {
    await newCustomer(world, { card: undefined });
    await world.alexa.launch();
    await say('a 50 mile drive');

    const turn = await say('offset it');

    expect(turn.speech).toMatch(/no card saved yet.*add a card there/);
    expect(turn.card).toMatchObject({ type: 'Simple', title: 'Add a card to your Green Horizons account' });
    expect(turn.card?.content).toContain(`${world.accounts.url}/account`);
  });

  it('an account unlinked on the account page: link again (the token is revoked)', async () => {
    const customer = await newCustomer(world);
    const page = await customer.browser.get('/account');
    await customer.browser.submit(page, '/account/alexa/unlink');
    await world.alexa.launch();
    await say('a 50 mile drive');

    const turn = await say('offset it');

    expect(turn.speech).toMatch(/isn't linked to Alexa any more/);
    expect(turn.card).toMatchObject({ type: 'LinkAccount' });
  });

  describe('a token that proves nothing (forged on purpose)', () => {
    async function offsetWith(token: string): Promise<TurnResult> {
      await world.alexa.launch();
      await say('a 50 mile drive');
      return valid(
        await world.alexa.send(
          { type: 'IntentRequest', intent: { name: 'OffsetIntent', confirmationStatus: 'NONE', slots: {} } },
          {
            editEnvelope: (envelope) => {
              const system = (envelope.context as { System: { user: Record<string, unknown> } }).System;
              system.user.accessToken = token;
            },
          },
        ),
      );
    }

    async function forged(customer: Customer, change: { exp?: number; iss?: string; key?: 'own' | 'other' }) {
      const [jwk] = deriveServiceKeys(world.accounts.config.keysSeed).signingKeys;
      if (!jwk) throw new Error('no signing key');
      const now = Math.floor(Date.now() / 1000);
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const key = change.key === 'other' ? other : await importJWK(jwk as unknown as JWK, 'ES256');
      return new SignJWT({ client_id: 'alexa-green-horizons', scope: 'offsets' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid })
        .setSubject(customer.accountId)
        .setIssuer(change.iss ?? world.accounts.url)
        .setAudience('urn:green-horizons:skill')
        .setIssuedAt(now - 7200)
        .setExpirationTime(change.exp ?? now + 3600)
        .sign(key);
    }

    it('an expired token: link again (Alexa refreshes tokens itself, so linking broke)', async () => {
      const customer = await newCustomer(world);
      const turn = await offsetWith(await forged(customer, { exp: Math.floor(Date.now() / 1000) - 60 }));

      expect(turn.speech).toMatch(/account link has run out/);
      expect(turn.card).toMatchObject({ type: 'LinkAccount' });
    });

    it.each([
      ['another issuer', { iss: 'https://accounts.example.com' }],
      ['another key', { key: 'other' as const }],
    ])('a token of %s: link again, nothing charged', async (_what, change) => {
      const customer = await newCustomer(world);
      const turn = await offsetWith(await forged(customer, change));

      expect(turn.speech).toMatch(/couldn't confirm your Green Horizons account/);
      expect(turn.card).toMatchObject({ type: 'LinkAccount' });
    });

    it('a token Alexa got through linking is accepted (the same forger signs a valid one too)', async () => {
      const customer = await newCustomer(world);
      const turn = await offsetWith(await forged(customer, {}));

      expect(turn.speech).toMatch(/Shall I place the order\?/);
    });
  });
});

describe('P10: the voice code', () => {
  freshWorld();

  it('is offered in the read-back of an order of $100 or more when none is set', async () => {
    const { turn } = await readBack({ card: 'visa' }, 'my electricity bill was 20000 kilowatt hours');

    expect(turn.speech).toMatch(
      /The total is \$1\d\d\.\d\d.*you can set a four-digit voice code on your Green Horizons account page/,
    );
  });

  it('is not offered for a small order', async () => {
    const { turn } = await readBack();

    expect(turn.speech).not.toMatch(/voice code/);
  });

  it('once set, is asked before the charge; the right code charges', async () => {
    const { orderId } = await readBack({ card: 'visa', voiceCode: '2468' });

    const ask = await say('yes');
    expect(ask.speech).toMatch(/Please say your four-digit voice code/);
    expect(intentsFor(world, orderId)).toEqual([]);

    expect((await say('two four six eight')).speech).toMatch(/Your order is placed/);
    expect(intentsFor(world, orderId)).toHaveLength(1);
  });

  it('a wrong code is refused with the tries left; the third locks it, and then even the right code does not work', async () => {
    const { orderId } = await readBack({ card: 'visa', voiceCode: '2468' });
    await say('yes');

    expect((await say('my code is 1 1 1 1')).speech).toMatch(/That code isn't right\. You have 2 more tries/);
    expect((await say('my code is 1 1 1 2')).speech).toMatch(/One more wrong code locks it/);
    const locked = await say('my code is 1 1 1 3');
    expect(locked.speech).toMatch(
      /voice code is locked after three wrong tries.*nothing was charged.*Set a new code on your Green Horizons account page/,
    );
    expect(locked.card?.content).toContain('/account');

    await say('offset it');
    expect((await say('yes')).speech).toMatch(/voice code is locked/);
    expect(intentsFor(world, orderId)).toEqual([]);
  });

  it('is asked before a monthly plan is set up too', async () => {
    await newCustomer(world, { card: 'visa', voiceCode: '2468' });
    await world.alexa.launch();
    await say('my electricity bill was 500 kilowatt hours');
    await say('set up a monthly offset plan');

    expect((await say('yes')).speech).toMatch(/Please say your four-digit voice code/);
    expect((await say('2 4 6 8')).speech).toMatch(/monthly offset plan is set up/);
  });

  it('a code said when none was asked for is not checked', async () => {
    await newCustomer(world);
    await world.alexa.launch();

    expect((await say('my code is 2 4 6 8')).speech).toMatch(/wasn't asking for a voice code/);
  });
});

describe('every Stripe outcome, in plain words, with what to do', () => {
  freshWorld();

  it.each([
    ['insufficient_funds', /declined the card for insufficient funds.*add another card/],
    ['expired_card', /saved card has expired.*Add your new card/],
    ['lost_card', /Your bank declined the card.*call your bank, or add another card/],
    ['stolen_card', /Your bank declined the card.*call your bank/],
    ['fraudulent', /Your bank declined the card/],
    ['generic_decline', /Your bank declined the card/],
    ['do_not_honor', /Your bank declined the card/],
    ['card_velocity_exceeded', /reached its spending limit/],
    ['try_again_later', /couldn't be taken just now.*try again in a few minutes/],
    ['card_not_supported', /can't be used for this payment.*add another card/],
  ])('a %s decline: not placed, nothing charged', async (code, words) => {
    const { customer, orderId } = await readBack();
    const profile = await world.accounts.parts.accounts.get(customer.accountId);
    world.accounts.stripe.chargeAs(profile?.card?.paymentMethodId ?? '', {
      kind: 'declined',
      code: code === 'expired_card' ? 'expired_card' : 'card_declined',
      declineCode: code,
      message: 'Your card was declined.',
    });

    const turn = await say('yes');

    expect(turn.speech).toMatch(/wasn't placed and nothing was charged/);
    expect(turn.speech).toMatch(words);
    expect(turn.speech).not.toContain(code);
    expect(turn.speech).not.toMatch(/lost|stolen|fraud/i);
    expect(intentsFor(world, orderId)).toMatchObject([{ status: 'requires_payment_method' }]);
    // Said plainly again later, and the account page says the same.
    expect((await say('where is my order')).speech).toMatch(/wasn't placed, and nothing was charged/);
    expect(textOf(await customer.browser.get(`/account/orders/${orderId}`))).toMatch(/Declined: you were not charged/);
  });

  it('a card declined at charge time (saved fine, then every charge fails)', async () => {
    const { orderId } = await readBack({ card: 'declined' });

    expect((await say('yes')).speech).toMatch(/Your bank declined the card/);
    expect(intentsFor(world, orderId)).toHaveLength(1);
  });

  describe('3-D Secure: the bank wants the customer present', () => {
    it('keeps the order waiting, emails and cards a link, and the next session says so', async () => {
      const { orderId, customer } = await readBack({ card: '3ds' });

      const turn = await say('yes');

      expect(turn.speech).toMatch(
        /Your bank wants you to confirm this payment\. I've emailed you a link, and put it in your Alexa app/,
      );
      expect(turn.card?.title).toBe('Confirm your offset payment');
      expect(turn.card?.content).toContain(`${world.accounts.url}/account/orders/${orderId}/pay`);
      expect(emailsTo(customer).at(-1)?.text).toContain(`/account/orders/${orderId}/pay`);
      expect(textOf(await customer.browser.get('/account'))).toMatch(
        /Waiting for you to confirm the payment with your bank/,
      );

      await world.alexa.endSession();
      const launch = valid(await world.alexa.launch());
      expect(launch.speech).toMatch(/waiting for you to confirm the payment with your bank/);
      expect(intentsFor(world, orderId)).toHaveLength(1);
    });

    it('confirmed on the account page, the next session places the order (card, email), charged once', async () => {
      const { orderId, customer } = await readBack({ card: '3ds' });
      await say('yes');

      await confirmOnPage(customer, orderId);
      await world.alexa.endSession();
      const launch = valid(await world.alexa.launch());

      expect(launch.speech).toMatch(/Your order is placed: 398 kilograms/);
      expect(launch.card?.title).toBe('Your carbon offset order');
      expect(emailsTo(customer).at(-1)?.subject).toBe(`Your carbon offset order ${orderId}`);
      expect(intentsFor(world, orderId)).toMatchObject([{ status: 'succeeded' }]);
    });

    it('confirmed on the page, the scheduled job finishes the order if the customer does not come back', async () => {
      const { orderId, customer } = await readBack({ card: '3ds' });
      await say('yes');
      await confirmOnPage(customer, orderId);

      await runJob();

      expect(emailsTo(customer).at(-1)?.subject).toBe(`Your carbon offset order ${orderId}`);
      await world.alexa.launch();
      expect((await say('where is my order')).speech).toMatch(/is complete/);
      expect(intentsFor(world, orderId)).toHaveLength(1);
    });

    it('left unconfirmed for a week, the job drops the payment at Stripe and cancels the order', async () => {
      const { orderId, customer } = await readBack({ card: '3ds' });
      await say('yes');

      offsetMs += 8 * 24 * 60 * 60_000;
      const run = await world.alexa.runMonthlyJob();

      expect(run.openPayments.cancelled).toBeGreaterThanOrEqual(1);
      expect(intentsFor(world, orderId)).toMatchObject([{ status: 'canceled' }]);
      expect(textOf(await customer.browser.get(`/account/orders/${orderId}`))).toMatch(/Status Cancelled/);
    });

    it('"cancel my order" drops the waiting payment at Stripe', async () => {
      const { orderId } = await readBack({ card: '3ds' });
      await say('yes');

      expect((await say('cancel my order')).speech).toMatch(/cancelled your order before payment/);
      expect(intentsFor(world, orderId)).toMatchObject([{ status: 'canceled' }]);
    });
  });

  it('processing: the order completes when the bank decides (the job looks it up)', async () => {
    const { orderId, customer } = await readBack();
    world.accounts.stripe.holdNextCharges();

    expect((await say('yes')).speech).toMatch(/Your bank is still processing the payment/);
    const [intent] = intentsFor(world, orderId);
    world.accounts.stripe.settle(String(intent?.id), 'succeeded');
    await runJob();

    expect(emailsTo(customer).at(-1)?.subject).toBe(`Your carbon offset order ${orderId}`);
    expect(intentsFor(world, orderId)).toHaveLength(1);
  });

  it('Stripe failing: the order is kept, and the job retries with the same key, charging once', async () => {
    const { orderId, customer } = await readBack();
    world.accounts.stripe.behave({ kind: 'fail', times: 1, status: 500 });

    const turn = await say('yes');
    expect(turn.speech).toMatch(/couldn't get a clear answer from the payment service.*never be charged twice/);
    expect(intentsFor(world, orderId)).toEqual([]);

    await runJob();
    await runJob();

    expect(intentsFor(world, orderId)).toMatchObject([{ status: 'succeeded' }]);
    expect(emailsTo(customer).at(-1)?.subject).toBe(`Your carbon offset order ${orderId}`);
    const keys = world.accounts.stripe
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
    expect(keys.filter((r) => r.idempotencyKey === orderId).length).toBeGreaterThanOrEqual(2);
  });
});

describe('Stripe slow: the customer is not kept waiting, and the charge that went through is found', () => {
  freshWorld({ STRIPE_TIMEOUT_MS: '400' });

  it('times out inside the request, keeps the order, and the job finds the PaymentIntent by its reference', async () => {
    const customer = await newCustomer(world);
    await world.alexa.launch();
    valid(await world.alexa.say('a 50 mile drive'));
    const readBackTurn = valid(await world.alexa.say('offset it'));
    const orderId = pendingOrder(readBackTurn);
    world.accounts.stripe.behave({ kind: 'slow', delayMs: 1200 });

    const turn = valid(await world.alexa.say('yes'));
    expect(turn.speech).toMatch(/being confirmed: I couldn't get a clear answer from the payment service/);
    world.accounts.stripe.behave({ kind: 'normal' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(intentsFor(world, orderId)).toMatchObject([{ status: 'succeeded' }]);

    offsetMs += 5 * 60_000;
    const run = await world.alexa.runMonthlyJob();

    expect(run.openPayments).toMatchObject({ settled: 1 });
    expect(intentsFor(world, orderId)).toHaveLength(1);
    expect(world.accounts.ses.sentTo(customer.email).at(-1)?.subject).toBe(`Your carbon offset order ${orderId}`);
  });
});

describe("Stripe slower than the turn's deadline allows", () => {
  freshWorld({ TURN_DEADLINE_MS: '2500' });

  it('gives the charge only what the turn can spare, and says the order is kept', async () => {
    const { orderId } = await readBack();
    world.accounts.stripe.behave({ kind: 'slow', delayMs: 2500 });

    const turn = await say('yes');

    expect(turn.speech).toMatch(/couldn't get a clear answer from the payment service.*never be charged twice/);
    world.accounts.stripe.behave({ kind: 'normal' });
    await new Promise((resolve) => setTimeout(resolve, 2600));
    await runJob();
    expect(intentsFor(world, orderId)).toMatchObject([{ status: 'succeeded' }]);
  });
});

describe('Charge Later on the linked card: one off-session PaymentIntent per plan and month', () => {
  freshWorld();

  async function planSetUp(options?: Parameters<typeof newCustomer>[1]) {
    const customer = await newCustomer(world, options);
    await world.alexa.launch();
    await say('my electricity bill was 500 kilowatt hours');
    const offer = await say('set up a monthly offset plan');
    expect(offer.speech).toMatch(
      /retire 175 kilograms of verified carbon credits for you every month, with a certificate by email.* charged to your Visa ending in [\d ]+ until you cancel.* Shall I set it up\?/,
    );
    expect((await say('yes')).speech).toMatch(/monthly offset plan is set up/);
    return customer;
  }

  const planIntents = (customer: Customer) =>
    world.accounts.stripe
      .paymentIntents()
      .filter((intent) => (intent.metadata as Record<string, string>).accountId === customer.accountId);

  it('is charged by the job once a month however often it runs, emailed, and shown on the account page', async () => {
    const customer = await planSetUp();
    expect(textOf(await customer.browser.get('/account'))).toMatch(/175 kg of CO2e each month.*Active/);

    const first = await runJob();
    const second = await runJob();

    expect(first.plans[monthlyPlanIdFor(customer.userId)]).toBe('charged');
    expect(second.plans[monthlyPlanIdFor(customer.userId)]).toBe('done');
    expect(planIntents(customer)).toMatchObject([{ status: 'succeeded', amount: 263 }]);
    expect(emailsTo(customer).at(-1)?.subject).toMatch(/Your monthly carbon offset for \d{4}-\d\d/);
    await world.alexa.launch();
    expect((await say("what's my offset plan status")).speech).toMatch(/175 kilograms a month .* This month is paid/);
    expect(textOf(await customer.browser.get('/account'))).toMatch(/Monthly offset plan, \d{4}-\d\d/);
  });

  it('a month the bank holds for 3-D Secure: the customer gets the link, confirms on the page, and the next run finishes it', async () => {
    const customer = await planSetUp({ card: '3ds' });
    const planId = monthlyPlanIdFor(customer.userId);

    const first = await runJob();
    expect(first.plans[planId]).toBe('action-required');
    const [held] = planIntents(customer);
    const reference = (held?.metadata as Record<string, string> | undefined)?.reference ?? '';
    expect(emailsTo(customer).at(-1)?.text).toContain(`/account/orders/${reference}/pay`);
    expect(textOf(await customer.browser.get('/account'))).toMatch(/Monthly offset plan.*Waiting for you to confirm/);

    await confirmOnPage(customer, reference, /Your bank asks you to confirm the payment of \$2\.63/);
    const second = await runJob();

    expect(second.plans[planId]).toBe('charged');
    expect(planIntents(customer)).toMatchObject([{ status: 'succeeded' }]);
    expect(emailsTo(customer).at(-1)?.subject).toMatch(/Your monthly carbon offset/);
  });

  it('is not sold twice (P6)', async () => {
    await planSetUp();
    await world.alexa.launch();

    expect((await say('set up a monthly offset plan')).speech).toMatch(/already have a monthly offset plan/);
  });

  it('cancelled by voice: no more charges, and the account page says so', async () => {
    const customer = await planSetUp();
    await world.alexa.launch();

    expect((await say('cancel my offset plan')).speech).toMatch(/plan is cancelled\. There will be no more charges/);
    await runJob();
    expect(planIntents(customer)).toEqual([]);
    expect(textOf(await customer.browser.get('/account'))).toMatch(/Cancelled/);
  });

  it('cancelled on the account page: the job reads the page first and charges nothing; the skill says so', async () => {
    const customer = await planSetUp();
    const page = await customer.browser.get('/account');
    await customer.browser.submit(page, '/account/plan/cancel');

    const run = await runJob();

    expect(run.plans[monthlyPlanIdFor(customer.userId)]).toBe('plan-not-active');
    expect(planIntents(customer)).toEqual([]);
    await world.alexa.launch();
    expect((await say("what's my offset plan status")).speech).toMatch(/cancelled/);
  });
});

describe("the card rail's questions answer help, and what was bought is said", () => {
  freshWorld();

  it('help at the read-back names the card, and asks the question again', async () => {
    const { orderId } = await readBack();

    const help = await say('help');

    expect(help.speech).toMatch(
      /charged to the card saved in your Green Horizons account.*shall I place the offset order\?/,
    );
    expect(help.speech).not.toMatch(/Amazon Pay/);
    expect(pendingOrder(help)).toBe(orderId);
    expect((await say('yes')).speech).toMatch(/Your order is placed/);
  });

  it('help at the voice code says what it is, and the code still charges', async () => {
    const { orderId } = await readBack({ card: 'visa', voiceCode: '2468' });
    await say('yes');

    expect((await say('help')).speech).toMatch(/four digits you set on your Green Horizons account page/);
    expect((await say('2 4 6 8')).speech).toMatch(/Your order is placed/);
    expect(intentsFor(world, orderId)).toHaveLength(1);
  });

  it('help at the refund question says what a yes does', async () => {
    const { orderId } = await readBack();
    await say('yes');
    await say('refund my offset');

    expect((await say('help')).speech).toMatch(
      /the full amount goes back to your card.*shall I refund your offset order\?/,
    );
    expect((await say('no')).speech).toMatch(/no refund/);
    expect(
      world.accounts.stripe.refunds().filter((refund) => refund.payment_intent === intentsFor(world, orderId)[0]?.id),
    ).toEqual([]);
  });

  it('the monthly plan is read back with the estimate it is sized from, on the card; "no" sets up nothing', async () => {
    await newCustomer(world);
    await world.alexa.launch();
    await say('a flight from seattle to boston');

    const offer = await say('set up a monthly offset plan');
    expect(offer.speech).toMatch(/sized from your last estimate, .*Seattle to Boston.* charged to your Visa ending in/);
    expect((await say('help')).speech).toMatch(/card saved in your Green Horizons account is charged .* every month/);
    expect((await say('no')).speech).toMatch(/no monthly plan, and nothing will be charged/);
    expect((await say("what's my offset plan status")).speech).not.toMatch(/175 kilograms a month/);
  });

  it('"what have I bought" names the paid order and the plan, and not a plan cancelled on the account page', async () => {
    const customer = await newCustomer(world);
    await world.alexa.launch();
    await say('my electricity bill was 500 kilowatt hours');
    await say('offset it');
    await say('yes');
    await say('set up a monthly offset plan');
    await say('yes');

    expect((await say('what have I bought')).speech).toMatch(
      /an offset of 175 kilograms.*a monthly offset plan of 175 kilograms/,
    );

    const page = await customer.browser.get('/account');
    await customer.browser.submit(page, '/account/plan/cancel');
    const bought = await say('what have I bought');
    expect(bought.speech).toMatch(/an offset of 175 kilograms/);
    expect(bought.speech).not.toMatch(/monthly offset plan/);
  });
});

/** The customer confirms the held payment on the account page, and completes the bank's 3-D Secure page. */
async function confirmOnPage(
  customer: Customer,
  orderId: string,
  amount = /Your bank asks you to confirm the payment of \$5\.97/,
): Promise<void> {
  const pay = await customer.browser.get(`/account/orders/${orderId}/pay`);
  expect(textOf(pay)).toMatch(amount);
  const bank = await customer.browser.submit(pay, `/account/orders/${orderId}/pay`);
  const stripe = new WebClient(world.accounts.stripe.url);
  const challenge = await stripe.get(bank.url);
  const back = await stripe.submit(challenge, new URL(bank.url).pathname, { outcome: 'complete' });
  const result = await customer.browser.get(back.url);
  expect(textOf(result)).toMatch(/Payment confirmed/);
}
