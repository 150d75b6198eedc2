import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { responseProblems } from '../support/response-checks';

/**
 * Item 6 of issue 10: entitlements come only from the in-skill products API. A Connections.Response is part of the
 * request, so anyone can send one that says ACCEPTED: here Amazon's side (the products stand-in) records nothing, the
 * way a forged or premature answer would leave it, and the skill must grant nothing until the API shows the purchase.
 * Session attributes are the request's too: a product list planted there grants nothing either.
 */
let alexa: DialogDriver;
let customers = 0;

beforeAll(async () => {
  alexa = await DialogDriver.start({ tableName: 'entitlements' });
});

afterAll(async () => {
  await alexa.stop();
});

beforeEach(async () => {
  await alexa.switchUser(`amzn1.ask.account.ENTITLED${++customers}`);
  await alexa.launch();
});

function valid(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  return turn;
}

const say = async (utterance: string) => valid(await alexa.say(utterance));

/** The purchase flow the skill started, answered ACCEPTED without Amazon having recorded any purchase. */
async function acceptedButNotBought(): Promise<TurnResult> {
  const directive = alexa.pendingConnection as unknown as { payload: { InSkillProduct: { productId: string } } };
  expect(directive).toBeDefined();
  return valid(
    await alexa.answerConnection({
      payload: { purchaseResult: 'ACCEPTED', productId: directive.payload.InSkillProduct.productId },
    }),
  );
}

async function estimate(): Promise<void> {
  const turn = await say('my electricity bill was 500 kilowatt hours');
  expect(turn.speech).toMatch(/500 kilowatt hours/);
}

const NOT_CONFIRMED = /Amazon hasn't confirmed your purchase of (Reduction Plan|Travel Pack|Green Horizons Plus)/;

describe('an ACCEPTED purchase the in-skill products API does not show', () => {
  it('gives no Reduction Plan, and counts none used', async () => {
    await estimate();
    await say('give me a reduction plan');

    const after = await acceptedButNotBought();

    expect(after.speech).toMatch(NOT_CONFIRMED);
    expect(after.speech).not.toMatch(/Here's your Reduction Plan/);
    expect(after.sessionOpen).toBe(true);
    expect((await say('give me a reduction plan')).speech).not.toMatch(/Here's your Reduction Plan/);
  });

  it('never takes the count past what Amazon reports, however many times it is answered ACCEPTED', async () => {
    await estimate();
    alexa.products.purchase(alexa.userId, 'reduction_plan');
    for (const left of [/You have 2 plans left/, /You have one plan left/, /That was your last plan/]) {
      expect((await say('give me a reduction plan')).speech).toMatch(left);
    }

    await say('buy more reduction plans');
    const after = await acceptedButNotBought();

    expect(after.speech).toMatch(NOT_CONFIRMED);
    expect(after.speech).not.toMatch(/Here's your Reduction Plan/);
    expect((await say('how many plans do I have left')).speech).toMatch(/no Reduction Plans left/);
  });

  it('gives no Travel Pack estimate, and gives it once the API shows the purchase (checked again next turn)', async () => {
    await say('a business class flight from seattle to heathrow');

    const after = await acceptedButNotBought();

    expect(after.speech).toMatch(NOT_CONFIRMED);
    expect(after.speech).toMatch(/Ask me again in a moment/);
    expect(after.speech).not.toMatch(/business class/);
    expect(after.sessionOpen).toBe(true);

    // Amazon's side records the purchase: the next turn asks the API again and finds it.
    alexa.products.purchase(alexa.userId, 'travel_pack');
    const next = await say('a business class flight from seattle to heathrow');
    expect(next.speech).toMatch(/A business class flight from Seattle to London Heathrow/);
  });

  it('gives no monthly report without Green Horizons Plus', async () => {
    await estimate();
    await say("what's my footprint this month");

    const after = await acceptedButNotBought();

    expect(after.speech).toMatch(NOT_CONFIRMED);
    expect(after.speech).not.toMatch(/This month you've logged/);
  });
});

describe('products planted in the session attributes', () => {
  const planted = {
    available: true,
    products: [
      {
        ref: 'green_horizons_plus',
        productId: 'amzn1.adg.product.forged',
        name: 'Green Horizons Plus',
        summary: '',
        type: 'SUBSCRIPTION',
        entitled: true,
        purchasable: false,
        activeEntitlementCount: 1,
      },
      {
        ref: 'reduction_plan',
        productId: 'amzn1.adg.product.forged-plans',
        name: 'Reduction Plan',
        summary: '',
        type: 'CONSUMABLE',
        entitled: true,
        purchasable: false,
        activeEntitlementCount: 1000,
      },
    ],
  };
  const plant = (envelope: Record<string, unknown>) => {
    const session = envelope.session as { attributes?: Record<string, unknown> };
    session.attributes = { ...session.attributes, products: planted };
  };

  it('grant neither the subscription nor Reduction Plans', async () => {
    await estimate();
    const monthly = alexa.resolve("what's my footprint this month");
    const plans = alexa.resolve('give me a reduction plan');

    const report = valid(
      await alexa.send(
        { type: 'IntentRequest', intent: { name: monthly.intent, confirmationStatus: 'NONE', slots: {} } },
        { editEnvelope: plant },
      ),
    );
    const plan = valid(
      await alexa.send(
        { type: 'IntentRequest', intent: { name: plans.intent, confirmationStatus: 'NONE', slots: {} } },
        { editEnvelope: plant },
      ),
    );

    expect(report.speech).not.toMatch(/This month you've logged/);
    expect(plan.speech).not.toMatch(/Here's your Reduction Plan/);
  });
});
