import { join } from 'node:path';
import { startAccountsLocally } from '../../accounts/local/start-locally';
import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { type ChargeRequestLike, chargeApproved, setupApproved } from '../../tools/stand-ins/amazon-pay-responses';
import { ClearingHouse } from '../../tools/stand-ins/clearing-house';
import { newCustomer } from '../support/linked-card';
import { responseProblems } from '../support/response-checks';

/**
 * The built bundle (lambda/dist/index.js, as `ask deploy` zips it), driven the way Alexa would: every other dialog
 * test builds the skill from source, so these few prove that what is deployed works too, with the files beside it
 * (the airport list, and the clearing-house, Amazon Pay API and linked-card bundles loaded on first use).
 */
const BUNDLE = join(__dirname, '../../lambda/dist/index.js');
const PERMISSION = 'payments:autopay_consent';

function valid(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  return turn;
}

describe('the built bundle', () => {
  let alexa: DialogDriver;

  beforeAll(async () => {
    alexa = await DialogDriver.start({ bundlePath: BUNDLE, tableName: 'bundle', userId: 'amzn1.ask.account.BUNDLE' });
  });

  afterAll(async () => {
    await alexa.stop();
  });

  const say = async (utterance: string) => valid(await alexa.say(utterance));

  it('estimates a flight from the airport list beside it', async () => {
    await alexa.launch();

    const flight = await say('a flight from seattle to boston');

    expect(flight.speech).toMatch(/A flight from Seattle to Boston, about 2\d\d\d miles/);
  });

  it('sells an in-skill product and carries on after Amazon has answered', async () => {
    await alexa.switchUser('amzn1.ask.account.BUNDLEBUYER');
    await alexa.launch();
    const buy = await say('buy the travel pack');
    expect(alexa.pendingConnection?.name).toBe('Buy');
    const productId = (buy.directives[0] as { payload: { InSkillProduct: { productId: string } } }).payload
      .InSkillProduct.productId;
    alexa.products.purchase(alexa.userId, 'travel_pack');

    const after = valid(await alexa.answerConnection({ payload: { purchaseResult: 'ACCEPTED', productId } }));

    expect(after.speech).toMatch(/Thanks for buying Travel Pack/);
  });

  it('takes an offset through Amazon Pay, and the monthly job charges a plan through the Amazon Pay API', async () => {
    await alexa.switchUser('amzn1.ask.account.BUNDLEOFFSET');
    alexa.setPermission(PERMISSION, 'GRANTED');
    await alexa.launch();
    await say('a 50 mile drive');
    await say('offset it');
    const readBack = valid(await alexa.answerConnection(setupApproved()));
    expect(readBack.speech).toMatch(/Shall I place the order\?/);
    await say('yes');
    const charge = alexa.pendingConnection;
    if (!charge) throw new Error('no Charge was sent');
    const approved = chargeApproved({ request: charge.payload as unknown as ChargeRequestLike });
    const placed = valid(
      await alexa.answerConnection({ status: approved.status, payload: approved.payload as Record<string, unknown> }),
    );
    expect(placed.speech).toMatch(/Your order is placed/);

    await alexa.launch();
    await say('set up a monthly offset plan');
    await say('yes');
    valid(await alexa.answerConnection(setupApproved({ billingAgreementId: 'C01-BUNDLE-PLAN-01' })));
    const run = await alexa.runMonthlyJob();

    expect(Object.values(run.plans)).toEqual(['charged']);
  });
});

describe('the built bundle with the clearing house', () => {
  it('loads the clearing-house provider on the first retirement and fulfils through it', async () => {
    const house = await ClearingHouse.start({ apiKey: 'ch_bundle_key' });
    const alexa = await DialogDriver.start({
      bundlePath: BUNDLE,
      tableName: 'bundle-clearing-house',
      userId: 'amzn1.ask.account.BUNDLEHOUSE',
      permissions: { [PERMISSION]: 'GRANTED' },
      env: {
        OFFSET_PROVIDER: 'clearing-house',
        CLEARING_HOUSE_URL: house.url,
        CLEARING_HOUSE_API_KEY: 'ch_bundle_key',
      },
    });
    try {
      await alexa.launch();
      await alexa.say('a 50 mile drive');
      await alexa.say('offset it');
      await alexa.answerConnection(setupApproved());
      await alexa.say('yes');
      const charge = alexa.pendingConnection;
      if (!charge) throw new Error('no Charge was sent');
      const approved = chargeApproved({ request: charge.payload as unknown as ChargeRequestLike });

      const placed = valid(
        await alexa.answerConnection({ status: approved.status, payload: approved.payload as Record<string, unknown> }),
      );

      expect(placed.speech).toMatch(/Your order is placed/);
      expect(house.orders).toHaveLength(1);
    } finally {
      await alexa.stop();
      await house.close();
    }
  });
});

describe('the built bundle on the linked card', () => {
  it('loads the linked-card bundle (Stripe, jose, SES) on the first payment, charges once and emails the order', async () => {
    const accounts = await startAccountsLocally({ passwordHashLog2N: 12, logLevel: 'SILENT' });
    const alexa = await DialogDriver.start({
      bundlePath: BUNDLE,
      tableName: 'bundle-linked-card',
      linkedCard: accounts,
    });
    try {
      const customer = await newCustomer({ accounts, alexa, stop: async () => {} });
      await alexa.launch();
      await alexa.say('a 50 mile drive');
      const readBack = valid(await alexa.say('offset it'));
      expect(readBack.speech).toMatch(/It will be charged to your Visa ending in 4 2 4 2\. Shall I place the order\?/);

      const placed = valid(await alexa.say('yes'));

      expect(placed.speech).toMatch(/Your order is placed/);
      expect(accounts.stripe.paymentIntents()).toHaveLength(1);
      expect(accounts.ses.sentTo(customer.email).at(-1)?.subject).toMatch(/^Your carbon offset order o/);
      expect((await alexa.runMonthlyJob()).openPayments).toEqual({ settled: 0, open: 0, cancelled: 0, review: 0 });
    } finally {
      await alexa.stop();
      await accounts.stop();
    }
  });
});
