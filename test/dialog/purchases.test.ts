import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { responseProblems } from '../support/response-checks';

/**
 * The In-Skill Purchasing rows of docs/certification.md (I1 to I13), as a certification tester walks
 * them: utterances through the interaction model, the skill built from source, the in-skill products stand-in on
 * 127.0.0.1 reached through apiEndpoint, and Amazon's side of each purchase played with a Connections.Response.
 */
let alexa: DialogDriver;
let customers = 0;

beforeAll(async () => {
  alexa = await DialogDriver.start({ tableName: 'isp-dialogs' });
});

afterAll(async () => {
  await alexa.stop();
});

/** Every test is a new customer who owns nothing, in a fresh session. */
beforeEach(async () => {
  await alexa.switchUser(`amzn1.ask.account.ISP${++customers}`);
  alexa.products.setBehaviour({ kind: 'normal' });
  await alexa.launch();
});

function valid(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  return turn;
}

const say = async (utterance: string) => valid(await alexa.say(utterance));

interface SendRequest {
  readonly name: string;
  readonly payload: { InSkillProduct: { productId: string }; upsellMessage?: string };
  readonly token: string;
}

function purchaseRequest(turn: TurnResult): SendRequest {
  const directive = turn.directives.find((d) => (d as { type?: string }).type === 'Connections.SendRequest');
  expect(directive).toBeDefined();
  expect(turn.response.response.reprompt).toBeUndefined();
  expect(turn.sessionOpen).toBe(false);
  return directive as unknown as SendRequest;
}

function refOf(request: SendRequest): string {
  const product = alexa.products.product(request.payload.InSkillProduct.productId);
  if (!product) throw new Error(`unknown product ${request.payload.InSkillProduct.productId}`);
  return product.referenceName;
}

/** Amazon's purchase prompt answered: what Amazon records, then the Connections.Response in a new session. */
async function amazon(
  result: 'ACCEPTED' | 'DECLINED' | 'ERROR' | 'ALREADY_PURCHASED' | 'NOT_ENTITLED',
): Promise<TurnResult> {
  const request = alexa.pendingConnection as unknown as SendRequest | undefined;
  if (!request) throw new Error('no purchase flow is waiting');
  const ref = refOf(request);
  if (result === 'ACCEPTED' && request.name !== 'Cancel') alexa.products.purchase(alexa.userId, ref);
  if (result === 'ACCEPTED' && request.name === 'Cancel') alexa.products.cancel(alexa.userId, ref);
  return valid(
    await alexa.answerConnection({
      payload: { purchaseResult: result, productId: request.payload.InSkillProduct.productId },
    }),
  );
}

async function buy(ref: string): Promise<TurnResult> {
  const spoken = {
    green_horizons_plus: 'green horizons plus',
    travel_pack: 'the travel pack',
    reduction_plan: 'reduction plans',
  }[ref];
  purchaseRequest(await say(`buy ${spoken}`));
  return amazon('ACCEPTED');
}

async function estimates(count: number): Promise<void> {
  const trips = [
    'a 50 mile bus ride',
    'a 100 mile drive',
    'a flight from seattle to boston',
    'my electricity bill was 500 kilowatt hours',
  ];
  for (let i = 0; i < count; i++) {
    const turn = await say(trips[i % trips.length] ?? 'a 10 mile drive');
    if (/Want to hear more/.test(turn.speech)) await say('no');
  }
}

const NO_PRICE = /\$|dollar|cents|price|\d+\.\d\d/i;

describe('I1: "what can I buy" names every product available to this customer', () => {
  it('lists the subscription, the one-time purchase and the consumable', async () => {
    const turn = await say('what can I buy');

    expect(turn.speech).toMatch(/Green Horizons Plus/);
    expect(turn.speech).toMatch(/Travel Pack/);
    expect(turn.speech).toMatch(/Reduction Plan/);
    expect(turn.speech).not.toMatch(NO_PRICE);
    expect(turn.sessionOpen).toBe(true);
  });

  it('leaves out what the customer already owns, but still offers more plans', async () => {
    await buy('travel_pack');
    await buy('reduction_plan');

    const turn = await say('what can I buy');

    expect(turn.speech).not.toMatch(/Travel Pack/);
    expect(turn.speech).toMatch(/Green Horizons Plus/);
  });
});

describe("I2: suggestions come in context, say what and why, never the price, and differ from Amazon's prompt", () => {
  const definitions = Object.fromEntries(
    ['subscription/green_horizons_plus', 'entitlement/travel_pack', 'consumable/reduction_plan'].map((file) => {
      const json = JSON.parse(readFileSync(join(__dirname, `../../skill-package/isps/${file}.json`), 'utf8'));
      return [
        json.referenceName,
        json.publishingInformation.locales['en-US'].customProductPrompts.purchasePromptDescription,
      ];
    }),
  );

  it.each([
    ['a business class flight from seattle to heathrow', 'travel_pack'],
    ['a flight from seattle to heathrow via new york j. f. k.', 'travel_pack'],
    ["what's my footprint this month", 'green_horizons_plus'],
    ['give me a reduction plan', 'reduction_plan'],
  ])('"%s" suggests %s', async (utterance, ref) => {
    const request = purchaseRequest(await say(utterance));

    expect(request.name).toBe('Upsell');
    expect(refOf(request)).toBe(ref);
    expect(request.payload.upsellMessage).toMatch(/\?$/);
    expect(request.payload.upsellMessage).not.toMatch(NO_PRICE);
    expect(request.payload.upsellMessage).not.toBe(definitions[ref]);
  });

  it('suggests Plus in its own words after the third estimate of the month', async () => {
    await say('a 50 mile bus ride');
    await say('a 100 mile drive');
    const third = await say('my electricity bill was 500 kilowatt hours');

    expect(third.speech).toMatch(/3 estimates this month; Plus adds them up\. Want to hear about it\?/);
    expect(third.speech).not.toMatch(NO_PRICE);
    expect(purchaseRequest(await say('yes')).name).toBe('Buy');
  });
});

describe('I3: buying by name starts the purchase, and the product works at once', () => {
  it('Travel Pack: the business class flight that was asked for is estimated straight after buying', async () => {
    purchaseRequest(await say('a business class flight from seattle to heathrow'));

    const after = await amazon('ACCEPTED');

    expect(after.speech).toMatch(
      /^Thanks for buying Travel Pack\. A business class flight from Seattle to London Heathrow/,
    );
    expect(after.speech).toMatch(/Counting contrails and flying's other warming effects/);
  });

  it('Travel Pack bought by name works for a flight with a stop and several travellers', async () => {
    expect((await buy('travel_pack')).speech).toMatch(/Thanks for buying Travel Pack/);

    const turn = await say('a flight from seattle to heathrow via new york j. f. k.');

    expect(turn.speech).toMatch(/from Seattle to London Heathrow via New York JFK/);
  });

  it('Plus: the monthly report is spoken straight after buying', async () => {
    await estimates(2);
    purchaseRequest(await say("what's my footprint this month"));

    const after = await amazon('ACCEPTED');

    expect(after.speech).toMatch(/Thanks for buying Green Horizons Plus\. This month you've logged 2 estimates/);
  });

  it('Reduction Plan: the first plan is used straight after buying', async () => {
    await estimates(2);
    purchaseRequest(await say('give me a reduction plan'));

    const after = await amazon('ACCEPTED');

    expect(after.speech).toMatch(/Thanks for buying Reduction Plan\. Here's your Reduction Plan/);
    expect(after.speech).toMatch(/You have 2 plans left/);
  });

  it('asks which product when the name is not one it sells, with a reprompt', async () => {
    const turn = await say('buy a pony');

    // "buy a {product}": the slot holds "pony", as it holds "travel pack" in "buy a travel pack"; it is not said back.
    expect(turn.speech).toMatch(
      /I didn't catch the name\. I have Green Horizons Plus, Travel Pack and Reduction Plan\./,
    );
    expect(turn.response.response.reprompt).toBeDefined();
    expect(turn.directives).toEqual([expect.objectContaining({ type: 'Dialog.ElicitSlot', slotToElicit: 'product' })]);
  });

  it('tells about a product and buys it on "yes"', async () => {
    const about = await say('tell me about the travel pack');

    expect(about.speech).toMatch(/Travel Pack: .* Would you like to buy it\?/);
    const request = purchaseRequest(await say('yes'));
    expect([request.name, refOf(request)]).toEqual(['Buy', 'travel_pack']);
  });

  it('does not sell again what the customer owns', async () => {
    await buy('travel_pack');

    const turn = await say('buy the travel pack');

    expect(turn.speech).toMatch(/You already have Travel Pack/);
    expect(turn.sessionOpen).toBe(true);
  });
});

describe('I4: a purchase is honoured in a new session', () => {
  it.each([
    ['travel_pack', 'a business class flight from seattle to heathrow', /business class flight/],
    ['green_horizons_plus', "what's my footprint this month", /This month you've logged/],
  ])('%s still works after the session ends and the skill opens again', async (ref, utterance, works) => {
    await estimates(1);
    await buy(ref);
    await alexa.endSession();
    await alexa.launch();

    const turn = await say(utterance);

    expect(turn.speech).toMatch(works);
    expect(turn.directives).toEqual([]);
  });
});

describe('I5: the product definitions match what is sold', () => {
  it('names, summaries and purchase texts are complete and agree with the store', async () => {
    for (const product of alexa.products.products) {
      const view = alexa.products.view(alexa.userId, product.referenceName, 'en-US');
      expect(view.name).toBeTruthy();
      expect(view.summary).toBeTruthy();
    }
    for (const file of ['subscription/green_horizons_plus', 'entitlement/travel_pack', 'consumable/reduction_plan']) {
      const json = JSON.parse(readFileSync(join(__dirname, `../../skill-package/isps/${file}.json`), 'utf8'));
      const locale = json.publishingInformation.locales['en-US'];
      expect(locale.description.length).toBeGreaterThan(40);
      expect(locale.customProductPrompts.purchasePromptDescription).toBeTruthy();
      expect(locale.customProductPrompts.boughtCardDescription).toBeTruthy();
      expect(json.testingInstructions.length).toBeGreaterThan(40);
    }
  });
});

describe('I6: no suggestion for what the customer owns', () => {
  it('an owner of the Travel Pack gets the business class estimate, not a suggestion', async () => {
    await buy('travel_pack');
    await alexa.endSession();
    await alexa.launch();

    expect((await say('a business class flight from seattle to heathrow')).speech).toMatch(/business class flight/);
  });

  it('a Plus subscriber is never told about Plus after estimates', async () => {
    await buy('green_horizons_plus');
    await alexa.endSession();
    await alexa.launch();

    for (const utterance of ['a 50 mile bus ride', 'a 100 mile drive', 'a 20 mile subway ride', 'a 30 mile drive']) {
      expect((await say(utterance)).speech).not.toMatch(/Green Horizons Plus/);
    }
  });
});

describe('I7 and I9: "no" to a suggestion starts nothing, and the suggestion does not come back', () => {
  it('declining the spoken Plus suggestion carries on, and later estimates do not suggest it again', async () => {
    await say('a 50 mile bus ride');
    await say('a 100 mile drive');
    expect((await say('a 20 mile subway ride')).speech).toMatch(/Want to hear about it\?/);

    const no = await say('no');

    expect(no.speech).toMatch(/No problem/);
    expect(no.directives).toEqual([]);
    await alexa.endSession();
    await alexa.launch();
    expect((await say('a 30 mile drive')).speech).not.toMatch(/Green Horizons Plus/);
  });
});

describe("I8: declining Amazon's purchase prompt goes on with free content", () => {
  it('the flight is estimated for one economy traveller instead', async () => {
    purchaseRequest(await say('a business class flight from seattle to heathrow'));

    const after = await amazon('DECLINED');

    expect(after.speech).toMatch(
      /^No problem\. Here it is for one traveller on an average seat, flying direct\. A flight from Seattle to London Heathrow/,
    );
    expect(after.sessionOpen).toBe(true);
  });

  it('and walking the same flow again gives the free estimate without a second suggestion (I9)', async () => {
    purchaseRequest(await say('a business class flight from seattle to heathrow'));
    await amazon('DECLINED');

    const again = await say('a business class flight from seattle to heathrow');

    expect(again.directives).toEqual([]);
    expect(again.speech).toMatch(/Here it is for one traveller on an average seat, flying direct/);
  });
});

describe('I10: cancel the subscription by voice', () => {
  it('"cancel my subscription" hands Plus to Amazon\'s cancel flow', async () => {
    await buy('green_horizons_plus');
    await alexa.launch();

    const request = purchaseRequest(await say('cancel my subscription'));
    expect([request.name, refOf(request)]).toEqual(['Cancel', 'green_horizons_plus']);

    expect((await amazon('ACCEPTED')).speech).toMatch(/Your Green Horizons Plus subscription is cancelled/);
  });
});

describe('I11: refunds are handed to Amazon', () => {
  it.each([
    ['refund the travel pack', 'travel_pack'],
    ['refund my reduction plans', 'reduction_plan'],
  ])('"%s" sends Amazon\'s Cancel request for %s', async (utterance, ref) => {
    await buy(ref);
    await alexa.launch();

    const request = purchaseRequest(await say(utterance));

    expect([request.name, refOf(request)]).toEqual(['Cancel', ref]);
    expect((await amazon('ACCEPTED')).speech).toMatch(/refund request .* is with Amazon/);
  });

  it('asks which product when none is named', async () => {
    const turn = await say('I want a refund');

    expect(turn.speech).toMatch(/Which one: Green Horizons Plus, Travel Pack or Reduction Plan\?/);
  });
});

describe('I12: a failed payment is spoken by Amazon only', () => {
  it('after ERROR the skill says nothing of it and carries on with free content', async () => {
    purchaseRequest(await say('a business class flight from seattle to heathrow'));

    const after = await amazon('ERROR');

    expect(after.speech).not.toMatch(/sorry|error|payment|wrong/i);
    expect(after.speech).toMatch(/^Here it is for one traveller on an average seat, flying direct/);
  });

  it('ALREADY_PURCHASED counts as bought, with no error of its own', async () => {
    await say('what can I buy');
    // Bought on another device after this session read the products: the skill still thinks it is not owned.
    alexa.products.purchase(alexa.userId, 'travel_pack');
    purchaseRequest(await say('a business class flight from seattle to heathrow'));

    const after = await amazon('ALREADY_PURCHASED');

    expect(after.speech).toMatch(/Thanks for buying Travel Pack\. A business class flight/);
    expect(after.speech).not.toMatch(/sorry|error/i);
  });
});

describe('I13: consumable inventory survives disabling and re-enabling', () => {
  it('counts plans right before and after the skill is disabled and enabled again', async () => {
    await estimates(2);
    // Each purchase gives three plans and goes straight into using one: 3 - 1, then 6 - 2.
    expect((await buy('reduction_plan')).speech).toMatch(/You have 2 plans left/);
    await alexa.launch();
    purchaseRequest(await say('buy more reduction plans'));
    await amazon('ACCEPTED');
    expect((await say('how many plans do I have left')).speech).toMatch(/You have 4 Reduction Plans left/);

    await alexa.endSession();
    await alexa.send(
      { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'PERSISTED' } },
      { session: 'none' },
    );
    await alexa.launch();

    expect((await say('how many plans do I have left')).speech).toMatch(/You have 4 Reduction Plans left/);
    expect((await say('give me a reduction plan')).speech).toMatch(/You have 3 plans left/);
  });
});

describe('purchase plumbing that every row relies on', () => {
  it('a failing in-skill products API leaves the free experience intact and mentions no premium content', async () => {
    alexa.products.setBehaviour({ kind: 'fail', status: 500 });

    const flight = await say('a business class flight from seattle to heathrow');
    const shop = await say('what can I buy');

    expect(flight.speech).toMatch(/A flight from Seattle to London Heathrow/);
    expect(flight.speech).not.toMatch(/Travel Pack|economy, direct/);
    expect(shop.speech).toMatch(/can't reach the store right now/);
  });

  it("a slow in-skill products API is given up on well inside Alexa's 8 seconds", async () => {
    alexa.products.setBehaviour({ kind: 'slow', delayMs: 3000 });
    const started = Date.now();

    const turn = await say('what can I buy');

    expect(turn.speech).toMatch(/can't reach the store/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a non-200 status or a token it never sent is answered gracefully', async () => {
    const broken = valid(
      await alexa.answerConnection({
        name: 'Buy',
        status: { code: '500', message: 'Internal error' },
        payload: {},
        token: 'Buy:travel_pack:none',
      }),
    );
    const stranger = valid(
      await alexa.answerConnection({
        name: 'Upsell',
        payload: { purchaseResult: 'ACCEPTED' },
        token: 'something-else',
      }),
    );

    expect(broken.speech).toMatch(/Let's carry on/);
    expect(stranger.speech).toMatch(/Let's carry on/);
    expect(stranger.sessionOpen).toBe(true);
  });

  it('a cancel of something not owned is answered sensibly', async () => {
    purchaseRequest(await say('cancel my subscription'));

    expect((await amazon('NOT_ENTITLED')).speech).toMatch(
      /You don't have Green Horizons Plus, so there's nothing to cancel/,
    );
  });
});
