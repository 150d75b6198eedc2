import type { ResponseEnvelope } from 'ask-sdk-model';
import { type OffsetProvider, OffsetProviderError } from '../../lambda/src/features/offsets/ports';
import type { ProductCatalogue } from '../../lambda/src/features/purchases';
import type { Product } from '../../lambda/src/features/purchases/domain/products';
import { DialogDriver } from '../../tools/simulator/dialog-driver';
import { type ChargeRequestLike, chargeApproved, setupApproved } from '../../tools/stand-ins/amazon-pay-responses';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { type EnvelopeOptions, intentRequest } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';
import { type SkillHandler, sourceHandler } from '../support/source-skill';

/**
 * The conversation state through the skill built from source, with injected ports: a product catalogue that needs no
 * Alexa API, and an offset provider that fails. What a yes answers is the question last asked, nothing else.
 */
const TRAVEL_PACK: Product = {
  ref: 'travel_pack',
  productId: 'amzn1.adg.product.travel-pack',
  name: 'Travel Pack',
  summary: 'Stopovers, cabin class and several travellers.',
  type: 'ENTITLEMENT',
  entitled: false,
  purchasable: true,
  activeEntitlementCount: 0,
};

const catalogue: ProductCatalogue = {
  products: async () => ({ available: true, products: [TRAVEL_PACK] }),
  forget: () => {},
};

let dynamo: LocalDynamo;
let skill: SkillHandler;
let users = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  skill = sourceHandler(
    {
      TABLE_NAME: 'conversation',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      PAYMENT_RAIL: 'amazon-pay',
      AMAZON_PAY_SELLER_ID: 'A2SANDBOXSELLER01',
      AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: 'sandbox-buyer@example.com',
    },
    { productCatalogue: () => catalogue, clock: () => new Date('2026-11-23T12:00:00Z') },
  );
});

afterAll(async () => {
  await dynamo.stop();
});

/** One customer's session: each turn carries the session attributes the last response returned, as Alexa does. */
function customer() {
  const userId = `amzn1.ask.account.CONVERSATION${++users}`;
  let attributes: Record<string, unknown> = {};
  return async (intent: string, slots: Parameters<typeof intentRequest>[1] = {}, options: EnvelopeOptions = {}) => {
    const response: ResponseEnvelope = await skill(
      intentRequest(intent, slots, { userId, sessionAttributes: attributes, ...options }),
    );
    expectValidResponse(response);
    attributes = response.sessionAttributes ?? {};
    return response;
  };
}

describe('the pending question', () => {
  it('a yes after a product is described buys that product', async () => {
    const turn = customer();
    const named = {
      value: 'travel pack',
      resolutions: {
        resolutionsPerAuthority: [
          {
            authority: 'amzn1.er-authority.echo-sdk.PRODUCT',
            status: { code: 'ER_SUCCESS_MATCH' as const },
            values: [{ value: { name: 'Travel Pack', id: 'travel_pack' } }],
          },
        ],
      },
    };
    const described = await turn('DescribeProductIntent', { product: named });
    expect(described.sessionAttributes?.question).toEqual({ kind: 'buy-product', product: 'travel_pack' });

    const yes = await turn('AMAZON.YesIntent');

    expect(yes.response.directives).toEqual([
      expect.objectContaining({
        type: 'Connections.SendRequest',
        name: 'Buy',
        payload: { InSkillProduct: { productId: TRAVEL_PACK.productId } },
      }),
    ]);
  });

  it('a slot asked for is the pending question too (a yes to it is no answer)', async () => {
    const turn = customer();

    const asked = await turn('DescribeProductIntent');

    expect(asked.sessionAttributes?.question).toEqual({
      kind: 'slot',
      intent: 'DescribeProductIntent',
      slot: 'product',
      choices: ['travel_pack'],
    });
    expect(spoken(await turn('AMAZON.YesIntent'))).toMatch(/didn't get that|didn't catch that|not sure/);
  });

  it('routes a yes by what was asked: after an estimate, it offsets that estimate', async () => {
    const turn = customer();
    await turn('EstimateElectricityIntent', { kwh: '500' });

    const offer = await turn('AMAZON.YesIntent');

    // The estimate's follow-up asked "want to offset it?": the yes starts the offset (no permission: the consent card).
    expect(spoken(offer)).toMatch(/needs your permission to use Amazon Pay/);
    expect(offer.response.card).toMatchObject({ type: 'AskForPermissionsConsent' });
  });

  it('a question lasts one turn: a yes after something else answers nothing', async () => {
    const turn = customer();
    await turn('EstimateElectricityIntent', { kwh: '500' });
    await turn('EcoTipIntent');

    const yes = await turn('AMAZON.YesIntent');

    expect(spoken(yes)).toMatch(/didn't get that|didn't catch that|not sure/);
  });

  it('keeps the last answer, with its question, for Repeat', async () => {
    const turn = customer();

    const estimate = await turn('EstimateElectricityIntent', { kwh: '500' });

    const last = estimate.sessionAttributes?.lastAnswer as { speech: string; reprompt: string; question: unknown };
    expect(`<speak>${last.speech}</speak>`).toBe(
      estimate.response.outputSpeech?.type === 'SSML' ? estimate.response.outputSpeech.ssml : '',
    );
    expect(last.question).toEqual({ kind: 'offset-estimate' });
    expect(last.reprompt).not.toBe('');
  });
});

describe('ports injected into the skill built from source', () => {
  it('answers "what can I buy" from the injected catalogue', async () => {
    const turn = customer();

    const shop = await turn('WhatCanIBuyIntent');

    expect(spoken(shop)).toBe('You can buy Travel Pack. Which would you like to hear about?');
  });
});

describe('a port injected through the dialog driver', () => {
  it('an offset provider that fails: the order is paid, kept for the retry, and said to be on its way', async () => {
    const failing: OffsetProvider = {
      name: 'failing',
      within: () => failing,
      retire: async () => {
        throw new OffsetProviderError('The registry is down', true);
      },
    };
    const alexa = await DialogDriver.start({
      tableName: 'conversation-provider',
      userId: 'amzn1.ask.account.PROVIDERDOWN',
      permissions: { 'payments:autopay_consent': 'GRANTED' },
      overrides: { offsetProvider: failing },
      logLevel: 'ERROR',
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

      const placed = await alexa.answerConnection({
        status: approved.status,
        payload: approved.payload as Record<string, unknown>,
      });

      expect(placed.speech).toMatch(/Your order is placed.*The credits are being retired now/);
      expect((await alexa.say('where is my order')).speech).toMatch(/is paid, and the credits are being retired/);
    } finally {
      await alexa.stop();
    }
  });
});
