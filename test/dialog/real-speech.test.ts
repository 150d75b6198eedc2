import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { type ChargeRequestLike, chargeApproved, setupApproved } from '../../tools/stand-ins/amazon-pay-responses';
import { beforeQuestion, converse, heardWell, type Line } from '../support/transcript';

/**
 * Issue 9: a conversation that survives real speech. Each finding of the issue is a conversation here that must not
 * derail, in en-US and en-GB: bare answers to the skill's own questions, choices that can be told apart, everyday
 * phrasings, slots that did not resolve, help, fallback and repeat at every question, one breath, honest numbers.
 * Utterances go through the interaction model of the locale (the simulator's resolver, slot samples after
 * Dialog.ElicitSlot), against the skill built from source.
 */
const PERMISSION = 'payments:autopay_consent';
let customers = 0;

function driverFor(locale: 'en-US' | 'en-GB', env: Record<string, string> = {}) {
  const state: { alexa?: DialogDriver } = {};
  beforeAll(async () => {
    state.alexa = await DialogDriver.start({ locale, env, tableName: `real-speech-${locale}`, logLevel: 'ERROR' });
  });
  afterAll(async () => {
    await state.alexa?.stop();
  });
  beforeEach(async () => {
    const alexa = state.alexa as DialogDriver;
    await alexa.switchUser(`amzn1.ask.account.REALSPEECH${++customers}`);
    alexa.setPermission(PERMISSION, 'GRANTED');
    await alexa.launch();
  });
  return () => state.alexa as DialogDriver;
}

/** Amazon Pay approves the Setup the skill just sent: the read-back follows. */
async function approveSetup(alexa: DialogDriver): Promise<TurnResult> {
  const approved = setupApproved();
  const turn = await alexa.answerConnection({ status: approved.status, payload: approved.payload as never });
  heardWell(turn);
  return turn;
}

/** The amount an estimate says ("about 30 kilograms", "roughly 1.2 metric tons"), whichever wording it took. */
function amount(turn: TurnResult | undefined): string | undefined {
  return /(?:about|roughly) ([\d.]+ (?:kilograms?|metric tons?|tonnes?))/.exec(turn?.speech ?? '')?.[1];
}

async function approveCharge(alexa: DialogDriver): Promise<TurnResult> {
  const charge = alexa.pendingConnection;
  if (!charge) throw new Error('no Charge was sent');
  const approved = chargeApproved({ request: charge.payload as unknown as ChargeRequestLike });
  const turn = await alexa.answerConnection({ status: approved.status, payload: approved.payload as never });
  heardWell(turn);
  return turn;
}

describe('en-US', () => {
  const alexa = driverFor('en-US');
  const talk = (lines: readonly Line[]) => converse(alexa(), lines);

  describe('every question takes a bare answer', () => {
    it('an airport, then another: the flight is kept while the skill asks which one', async () => {
      await talk([
        ['a flight from london to new york', { says: /Heathrow, Gatwick or Stansted\?/, elicits: 'from' }],
        ['heathrow', { says: /JFK, Newark or LaGuardia\?/, elicits: 'to' }],
        ['newark', /flight from London Heathrow to Newark, about 3500 miles/],
      ]);
    });

    it('a mode: "How did you travel?" then "car"', async () => {
      await talk([
        ['50 miles', { says: /How did you travel/, elicits: 'mode' }],
        ['car', /A 50 mile drive/],
      ]);
    });

    it('a number: "How far?" then "nine hundred"', async () => {
      await talk([
        ['a train trip', { elicits: 'distance' }],
        ['nine hundred', /A 900 mile train trip/],
      ]);
    });

    it('a product name: "Which would you like to hear about?" then "travel pack"', async () => {
      await talk([
        ['what can I buy', { says: /Which would you like to hear about\?/, elicits: 'product' }],
        ['travel pack', /Travel Pack: .*Would you like to buy it\?/],
      ]);
    });

    it('"I flew from seattle", then "where to?", then "boston"', async () => {
      await talk([
        ['I flew from seattle', { says: /to\?$/, elicits: 'to' }],
        ['boston', /flight from Seattle to Boston/],
      ]);
    });
  });

  describe('choices that can be told apart', () => {
    it('Portland, Oregon or Portland, Maine; Chicago without Rockford; each answered by what tells them apart', async () => {
      await talk([
        ['a flight from portland to chicago', { says: /Portland, Oregon or Portland, Maine\?/, never: /Jetport/ }],
        ['oregon', { says: /O'Hare or Midway\?/, never: /Rockford/ }],
        ["o'hare", /from Portland,? Oregon to Chicago O'Hare/],
      ]);
    });

    it('New York includes Newark, and at most three are named, the ones people mean first', async () => {
      const [asked] = await talk([['a flight from new york to boston', { never: /Stewart|Newburgh/ }]]);

      expect(asked?.speech).toMatch(/JFK, Newark or LaGuardia\?/);
    });

    it('a repeated "which one?" never loops unchanged', async () => {
      const turns = await talk([
        ['a flight from london to boston', { elicits: 'from' }],
        ['london', { elicits: 'from' }],
        ['london', { elicits: 'from' }],
        ['gatwick', /from London Gatwick to Boston/],
      ]);

      const questions = turns.slice(0, 3).map((turn) => turn.speech);
      expect(new Set(questions).size).toBe(3);
    });
  });

  describe('everyday phrasings', () => {
    it.each<[string, RegExp]>([
      ['what is the carbon footprint of driving 30 miles', /A 30 mile drive/],
      ['how much CO2 does a 20 mile drive make', /A 20 mile drive/],
      ['how much CO2 is a drive of 40 miles', /A 40 mile drive/],
      ['how bad is a flight from seattle to boston', /flight from Seattle to Boston/],
      ['I drove to work, about 12 kilometers', /A 12 kilometer drive/],
      ['a one point five mile drive', /A 1\.5 mile drive/],
      ['two and a half miles by bus', /A 2\.5 mile bus ride/],
      ['how much carbon is a round trip flight from seattle to boston', /round trip from Seattle to Boston/],
      ['a flight from seattle to boston and back', /round trip from Seattle to Boston/],
    ])('"%s"', async (said, says) => {
      await talk([[said, says]]);
    });

    it('"round trip" at the end of the sentence is the trip, not part of an airport', async () => {
      await talk([
        ['flight from SFO to Tokyo round trip', { says: /Haneda or Narita\?/, never: /round trip\?|called/ }],
        ['haneda', /round trip from San Francisco to Tokyo Haneda/],
      ]);
    });

    it('a train between two cities is not a flight: the skill asks how far, with the straight-line distance', async () => {
      await talk([
        ['a train from new york to boston', { says: /190 miles.*How far/, never: /airport/, elicits: 'distance' }],
        ['about two hundred miles', /A 200 mile train trip/],
      ]);
    });

    it.each(['a 10 mile bike ride', 'I walked 2 miles', 'I cycled to work, about 5 miles'])(
      '"%s" is zero-carbon, and nothing is offered to offset',
      async (said) => {
        await talk([[said, { says: /no CO2/, never: /offset/ }]]);
      },
    );
  });

  describe('a slot that did not resolve is never spoken back as a name', () => {
    it('an unknown unit is asked about, never assumed', async () => {
      await talk([
        ['a 10 zorks drive', { says: /10 miles or 10 kilometers\?/, never: /zorks/, elicits: 'unit' }],
        ['miles', /A 10 mile drive/],
      ]);
    });

    it('an airport it does not know: it says it did not catch it and asks again', async () => {
      await talk([
        ['a flight from seattle to narnia', { says: /didn't catch/, never: /narnia/i, elicits: 'to' }],
        ['boston', /from Seattle to Boston/],
      ]);
    });

    it('"refund my offset" heard as a product refund answers about the offset order', async () => {
      const turn = await alexa().intent('RefundProductIntent', { product: 'my offset' });
      heardWell(turn);

      expect(turn.speech).toMatch(/offset/);
      expect(turn.speech).not.toMatch(/anything called|my offset/);
      expect(turn.directives).toEqual([]);
    });

    it('"cancel my order" heard as a subscription cancel answers about the offset order', async () => {
      const turn = await alexa().intent('CancelSubscriptionIntent', { product: 'my order' });
      heardWell(turn);

      expect(turn.speech).toMatch(/haven't ordered an offset/);
      expect(turn.directives).toEqual([]);
    });

    it('a footprint question heard as a product question is taken back to estimating', async () => {
      const turn = await alexa().intent('DescribeProductIntent', { product: 'carbon footprint of driving 30 miles' });
      heardWell(turn);

      expect(turn.speech).not.toMatch(/anything called|driving 30 miles/);
      expect(turn.speech).toMatch(/distance|drive/);
    });
  });

  describe('questions survive help, fallback and repeat', () => {
    it('repeat says the last answer again, and the question still stands', async () => {
      const [estimate] = await talk([['a 50 mile drive']]);
      const [again] = await talk([['repeat that']]);

      expect(again?.speech).toBe(estimate?.speech);
      await talk([['yes', { handsOff: 'Setup' }]]);
    });

    it('help at an elicitation explains it and asks again; the flight so far is kept', async () => {
      await talk([
        ['a flight from seattle', { elicits: 'to' }],
        ['help', { says: /airport or city/i, elicits: 'to' }],
        ['boston', /from Seattle to Boston/],
      ]);
    });

    it('fallback at an elicitation re-asks it gently, and not twice the same way', async () => {
      await talk([['a flight from seattle', { elicits: 'to' }]]);
      const first = await alexa().intent('AMAZON.FallbackIntent');
      const second = await alexa().intent('AMAZON.FallbackIntent');
      for (const turn of [first, second]) {
        heardWell(turn);
        expect(turn.directives).toEqual([expect.objectContaining({ type: 'Dialog.ElicitSlot', slotToElicit: 'to' })]);
      }

      expect(second.speech).not.toBe(first.speech);
      await talk([['boston', /from Seattle to Boston/]]);
    });

    it('help and repeat at "Shall I place the order?" explain and ask it again; yes still places it', async () => {
      await talk([['a flight from seattle to boston'], ['offset it', { handsOff: 'Setup' }]]);
      const readBack = await approveSetup(alexa());
      expect(readBack.speech).toMatch(/Shall I place the order\?$/);

      await talk([
        ['help', { says: /retire|certificate|charged/, never: /You can ask about a flight/ }],
        ['repeat that', { says: /Shall I place the order\?$/ }],
        ['yes', { handsOff: 'Charge' }],
      ]);
    });

    it('help at a suggestion explains it and asks again', async () => {
      await talk([
        ['tell me about the travel pack', /Would you like to buy it\?/],
        ['help', { says: /yes|Amazon/, never: /You can ask about a flight/ }],
        ['yes', { handsOff: 'Buy' }],
      ]);
    });
  });

  describe('one breath, ending in a question that fits', () => {
    it('estimates stay short, the basis is said once and briefly, and electricity is not followed by "another trip"', async () => {
      const turns = await talk([
        ['a flight from seattle to j. f. k.', /EPA/],
        ['a 100 mile drive', { never: /EPA/ }],
        ['500 kilowatt hours', { never: /another trip/ }],
      ]);

      expect(beforeQuestion(turns[0]?.speech ?? '')).toMatch(/EPA 2025/);
    });
  });

  describe('honest numbers', () => {
    it("comparisons come from the skill's own factors: a 10 mile motorcycle ride is not like a 10 mile drive", async () => {
      const [ride, drive] = await talk([['a 10 mile motorcycle ride'], ['a 10 mile drive']]);

      expect(ride?.speech).toMatch(/3\.8 kilograms/);
      expect(drive?.speech).toMatch(/3 kilograms/);
      expect(ride?.speech).toMatch(/like driving an average car 13 miles/);
    });

    it('fuel and size change the estimate, and are said', async () => {
      const [plain, hybrid, diesel, small] = await talk([
        ['a 100 mile drive'],
        ['a 100 mile drive in a hybrid car', /hybrid/],
        ['a 100 mile drive in a diesel car', /diesel/],
        ['a 100 mile drive in a small car', /small car/],
      ]);
      expect(new Set([plain, hybrid, diesel, small].map(amount)).size).toBe(4);
    });

    it('with the Travel Pack, business class is not the economy figure', async () => {
      alexa().products.purchase(alexa().userId, 'travel_pack');
      const [economy, business] = await talk([
        ['an economy class flight from seattle to london heathrow'],
        ['a business class flight from seattle to london heathrow', /business class/],
      ]);
      expect(amount(business)).not.toBe(amount(economy));
    });

    it('the minimum charge is said when it applies', async () => {
      await talk([['a 20 mile drive'], ['offset it', { handsOff: 'Setup' }]]);

      expect((await approveSetup(alexa())).speech).toMatch(/minimum charge/);
    });

    it('a monthly plan says what it is sized from', async () => {
      await talk([
        ['a flight from seattle to boston'],
        ['set up a monthly offset plan', /sized from your last estimate, .*Seattle to Boston/],
      ]);
    });

    it('"what have I bought" includes offsets, and refunds and cancellations answer about the offset order', async () => {
      await talk([['a 50 mile drive'], ['offset it', { handsOff: 'Setup' }]]);
      await approveSetup(alexa());
      await talk([['yes', { handsOff: 'Charge' }]]);
      await approveCharge(alexa());

      await talk([
        ['what have I bought', /offset/],
        ['refund my offset', /refund/],
        ['cancel my order', /cancel/],
      ]);
    });
  });
});

describe('en-GB', () => {
  const alexa = driverFor('en-GB', { AMAZON_PAY_COUNTRY_OF_ESTABLISHMENT: 'UK' });
  const talk = (lines: readonly Line[]) => converse(alexa(), lines);

  it('bare answers to "which one?", with the flight kept', async () => {
    await talk([
      ['a flight from london to new york', { says: /Heathrow, Gatwick or Stansted\?/, elicits: 'from' }],
      ['heathrow', { says: /JFK, Newark or LaGuardia\?/, elicits: 'to' }],
      ['j. f. k.', /flight from London Heathrow to New York JFK, about 5500 kilometres/],
    ]);
  });

  it('a mode and a number as bare answers, in kilometres', async () => {
    await talk([
      ['80 kilometres', { elicits: 'mode' }],
      ['train', /An 80 kilometre train trip/],
      ['a bus ride', { elicits: 'distance' }],
      ['twelve', /A 12 kilometre bus ride/],
    ]);
  });

  it.each<[string, RegExp]>([
    ['what is the carbon footprint of driving 30 kilometres', /A 30 kilometre drive/],
    ['how bad is a flight from glasgow to london heathrow', /flight from Glasgow to London Heathrow/],
    ['a one point five kilometre drive', /A 1\.5 kilometre drive/],
    ['a 100 kilometre drive in a large diesel car', /large diesel car/],
  ])('"%s"', async (said, says) => {
    await talk([[said, says]]);
  });

  it('a train between two cities asks how far, in kilometres', async () => {
    await talk([
      ['a train from london to manchester', { says: /kilometres.*How far/, never: /airport/, elicits: 'distance' }],
      ['about two hundred and sixty kilometres', /A 260 kilometre train trip/],
    ]);
  });

  it('walking is zero-carbon', async () => {
    await talk([['a 3 kilometre walk', { says: /no CO2/, never: /offset/ }]]);
  });

  it('an unknown unit is asked about', async () => {
    await talk([
      ['a 10 zorks drive', { says: /10 kilometres or 10 miles\?/, never: /zorks/, elicits: 'unit' }],
      ['kilometres', /A 10 kilometre drive/],
    ]);
  });

  it('help and repeat at the read-back, then yes', async () => {
    await talk([['a flight from edinburgh to london heathrow'], ['offset it', { handsOff: 'Setup' }]]);
    expect((await approveSetup(alexa())).speech).toMatch(/£/);
    await talk([
      ['help', { says: /charged/ }],
      ['repeat that', /Shall I place the order\?$/],
      ['yes', { handsOff: 'Charge' }],
    ]);
  });
});
