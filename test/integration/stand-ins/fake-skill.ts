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

const PAY_SOURCE = String.raw`
const env = process.env;
const agreements = [];

function price(amount) {
  return { '@type': 'Price', '@version': '2', amount, currencyCode: 'USD' };
}

function say(text, directives, open) {
  return {
    version: '1.0',
    response: {
      outputSpeech: { type: 'PlainText', text },
      ...(directives ? { directives } : {}),
      shouldEndSession: open ? false : directives ? undefined : true,
    },
  };
}

function setup() {
  return {
    type: 'Connections.SendRequest',
    name: 'Setup',
    token: 'offset:plan-setup:plan-1',
    payload: {
      '@type': 'SetupAmazonPayRequest',
      '@version': '2',
      sellerId: env.AMAZON_PAY_SELLER_ID,
      countryOfEstablishment: 'US',
      ledgerCurrency: 'USD',
      checkoutLanguage: 'en_US',
      needAmazonShippingAddress: false,
      sandboxMode: Boolean(env.AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL),
      ...(env.AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL ? { sandboxCustomerEmailId: env.AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL } : {}),
      billingAgreementAttributes: {
        '@type': 'BillingAgreementAttributes',
        '@version': '2',
        billingAgreementType: 'MerchantInitiatedTransaction',
        subscriptionAmount: price('5.97'),
        sellerBillingAgreementAttributes: {
          '@type': 'SellerBillingAgreementAttributes',
          '@version': '2',
          sellerBillingAgreementId: 'plan-1',
          storeName: 'Green Horizons',
        },
      },
    },
  };
}

function charge(billingAgreementId, note) {
  return {
    type: 'Connections.SendRequest',
    name: 'Charge',
    token: 'offset:order-charge:ord-1:ord-1-a1',
    payload: {
      '@type': 'ChargeAmazonPayRequest',
      '@version': '2',
      sellerId: env.AMAZON_PAY_SELLER_ID,
      billingAgreementId,
      paymentAction: 'AuthorizeAndCapture',
      authorizeAttributes: {
        '@type': 'AuthorizeAttributes',
        '@version': '2',
        authorizationReferenceId: 'ord-1-a1',
        authorizationAmount: price('5.97'),
        transactionTimeout: 0,
        ...(note ? { sellerAuthorizationNote: note } : {}),
      },
      sellerOrderAttributes: { '@type': 'SellerOrderAttributes', '@version': '2', sellerOrderId: 'ord-1', storeName: 'Green Horizons' },
    },
  };
}

exports.handler = async (event) => {
  const request = event.request;
  if (request.type === 'LaunchRequest') {
    return say(
      'Pay fake, seller ' + (env.AMAZON_PAY_SELLER_ID || 'none') + ', sandbox ' + (env.AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL || 'none') +
        ', api ' + (env.AMAZON_PAY_API_URL ? 'set' : 'none') + '.',
      undefined,
      true,
    );
  }
  if (request.type === 'IntentRequest' && request.intent.name === 'AMAZON.HelpIntent') return say('', [setup()]);
  if (request.type === 'IntentRequest' && request.intent.name === 'AMAZON.YesIntent') {
    const simulation = JSON.stringify({ SandboxSimulation: { State: 'Declined', ReasonCode: 'AmazonRejected' } });
    return say('', [charge('C01-UNKNOWN', simulation)]);
  }
  if (request.type === 'Connections.Response') {
    const { code, message } = request.status;
    if (code !== '200') return say(request.name + ' ' + code + ' ' + message + '.');
    if (request.name === 'Setup') {
      const details = request.payload.billingAgreementDetails;
      const text = 'Setup 200 ' + details.billingAgreementStatus + ' ' + details.billingAgreementId + '.';
      if (details.billingAgreementStatus !== 'OPEN') return say(text);
      agreements.push(details.billingAgreementId);
      return say(text, [charge(details.billingAgreementId)]);
    }
    const status = request.payload.authorizationDetails.authorizationStatus;
    return say('Charge 200 ' + status.state + ' ' + (status.reasonCode || '') + '.');
  }
  return say('Pay fake.');
};

exports.monthlyChargesHandler = async () => {
  const plans = {};
  for (const id of agreements) {
    const answer = await fetch(env.AMAZON_PAY_API_URL + '/AuthorizeOnBillingAgreement', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        SellerId: env.AMAZON_PAY_SELLER_ID,
        AmazonBillingAgreementId: id,
        AuthorizationReferenceId: id + '-m1',
        AuthorizationAmount: { Amount: '5.97', CurrencyCode: 'USD' },
        CaptureNow: true,
        SellerOrderAttributes: { SellerOrderId: 'plan-1' },
      }),
    });
    const body = await answer.json();
    plans[id] = answer.status === 200
      ? body.AuthorizeOnBillingAgreementResult.AuthorizationDetails.AuthorizationStatus.State === 'Closed' ? 'charged' : 'declined'
      : 'failed:' + body.Error.Code;
  }
  process.stdout.write(JSON.stringify({ level: 'INFO', message: 'fake monthly job', count: agreements.length }) + '\n');
  return { month: new Date().toISOString().slice(0, 7), plans, fulfilmentRetries: { fulfilled: 0, pending: 0 } };
};
`;

/**
 * A stand-in bundle for Amazon Pay: HelpIntent returns a Setup; a Setup answered OPEN returns a Charge on that
 * agreement; YesIntent returns a Charge on an agreement Amazon never gave out, with a sandbox decline simulation;
 * every Connections.Response is spoken back ("Setup 200 OPEN <id>.", "Charge 200 Declined <reason>.",
 * "<name> <code> <message>."); launch speaks the Amazon Pay environment. `monthlyChargesHandler` charges each OPEN
 * agreement it was given through AMAZON_PAY_API_URL and reports per agreement: charged, declined, failed:<code>.
 */
export function writeFakePaySkill(): FakeSkill {
  const folder = mkdtempSync(join(tmpdir(), 'fake-pay-skill-'));
  const bundlePath = join(folder, 'index.js');
  writeFileSync(bundlePath, PAY_SOURCE);
  return { bundlePath, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
