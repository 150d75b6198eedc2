/**
 * A stand-in Lambda bundle for testing the driver's purchase plumbing before the real skill sells anything: it calls
 * the in-skill products API the way the skill will (apiEndpoint + Bearer apiAccessToken) and answers HelpIntent with
 * a Buy directive for the first product, and Connections.Response with what the customer now owns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = String.raw`
const API = '/v1/users/~current/skills/~current/inSkillProducts';

async function products(event) {
  const { apiEndpoint, apiAccessToken } = event.context.System;
  const answer = await fetch(apiEndpoint + API, {
    headers: { authorization: 'Bearer ' + apiAccessToken, 'accept-language': event.request.locale },
  });
  if (answer.status !== 200) throw new Error('in-skill products API answered ' + answer.status);
  return (await answer.json()).inSkillProducts;
}

function ask(text) {
  return {
    version: '1.0',
    response: {
      outputSpeech: { type: 'SSML', ssml: '<speak>' + text + '</speak>' },
      reprompt: { outputSpeech: { type: 'PlainText', text: 'Anything else?' } },
      shouldEndSession: false,
    },
  };
}

exports.handler = async (event) => {
  const request = event.request;
  process.stdout.write(JSON.stringify({ level: 'INFO', message: 'fake handled', requestType: request.type }) + '\n');
  if (request.type === 'IntentRequest' && request.intent.name === 'AMAZON.HelpIntent') {
    const [first] = await products(event);
    return {
      version: '1.0',
      response: {
        directives: [
          { type: 'Connections.SendRequest', name: 'Buy', payload: { InSkillProduct: { productId: first.productId } }, token: 'resume:help' },
        ],
      },
    };
  }
  if (request.type === 'Connections.Response') {
    const owned = (await products(event)).filter((p) => p.entitled === 'ENTITLED');
    const names = owned.map((p) => p.name + ' times ' + p.activeEntitlementCount).join(', ') || 'nothing';
    return ask(request.name + ' ' + request.payload.purchaseResult + ' for ' + request.token + '. You own ' + names + '.');
  }
  if (request.type === 'SessionEndedRequest') return { version: '1.0', response: {} };
  return ask('Fake skill, log level ' + process.env.LOG_LEVEL + ', new session ' + (event.session && event.session.new) + '.');
};
`;

export interface FakeSkill {
  readonly bundlePath: string;
  remove(): void;
}

export function writeFakeSkill(): FakeSkill {
  const folder = mkdtempSync(join(tmpdir(), 'fake-skill-'));
  const bundlePath = join(folder, 'index.js');
  writeFileSync(bundlePath, SOURCE);
  return { bundlePath, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A subscription and a consumable, as ISP-file JSON. */
export const FAKE_PRODUCTS: readonly unknown[] = [
  {
    version: '1.0',
    type: 'SUBSCRIPTION',
    referenceName: 'green_plus',
    purchasableState: 'PURCHASABLE',
    subscriptionInformation: { subscriptionPaymentFrequency: 'MONTHLY', subscriptionTrialPeriodDays: 7 },
    publishingInformation: {
      locales: { 'en-US': { name: 'Green Plus', summary: 'Unlimited estimates and weekly tips.' } },
      pricing: { 'amazon.com': { defaultPriceListing: { price: 2.99, currency: 'USD' } } },
    },
  },
  {
    version: '1.0',
    type: 'CONSUMABLE',
    referenceName: 'offset_credit',
    purchasableState: 'PURCHASABLE',
    publishingInformation: {
      locales: { 'en-US': { name: 'Offset Credit', summary: 'Offsets one tonne of carbon.' } },
      pricing: { 'amazon.com': { defaultPriceListing: { price: 9.99, currency: 'USD' } } },
    },
  },
];
