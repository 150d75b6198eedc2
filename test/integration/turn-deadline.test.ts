import type { RequestEnvelope } from 'ask-sdk-model';
import type { OffsetStore } from '../../lambda/src/features/offsets/ports';
import { dynamoDbThrottle, FaultProxy } from '../../tools/fault-proxy/fault-proxy';
import { InSkillProductsApi, tokenFor } from '../../tools/stand-ins/in-skill-products-api';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { type EnvelopeOptions, intentRequest, launchRequest } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';
import { type SkillHandler, sourceHandler } from '../support/source-skill';

/**
 * Item 2 of issue 10: every outbound call has a timeout, and the turn has one deadline that every adapter respects,
 * so Alexa always gets an answer in time. DynamoDB is dynalite behind the fault proxy (tools/fault-proxy), the
 * in-skill products API the stand-in on 127.0.0.1. Nothing here is timed: a hang or a slow answer meets a short
 * configured timeout, and the test looks at what the customer hears.
 */
const TABLE = 'turn-deadline';
let dynamo: LocalDynamo;
let proxy: FaultProxy;
let products: InSkillProductsApi;
let customers = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  products = await InSkillProductsApi.start();
});

beforeEach(async () => {
  proxy = await FaultProxy.start({ target: dynamo.endpoint });
  products.setBehaviour({ kind: 'normal' });
});

afterEach(async () => {
  await proxy.stop();
});

afterAll(async () => {
  await products.close();
  await dynamo.stop();
});

function customer(): EnvelopeOptions & { userId: string } {
  const userId = `amzn1.ask.account.DEADLINE${++customers}`;
  return { userId, apiEndpoint: products.url, apiAccessToken: tokenFor(userId) };
}

function skill(env: Record<string, string> = {}): SkillHandler {
  return sourceHandler({ TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: proxy.url, ...env });
}

const APOLOGY = /took me longer than it should|couldn't finish that in time/;

describe("the DynamoDB client's own timeouts", () => {
  it('answers (an apology, the session open) when DynamoDB takes the connection and never answers', async () => {
    const handler = skill({ DYNAMODB_REQUEST_TIMEOUT_MS: '100', DYNAMODB_MAX_ATTEMPTS: '2' });
    proxy.always({ operation: 'GetItem' }, { kind: 'hang' });

    const response = await handler(launchRequest(customer()));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/^Sorry/);
    expect(response.response.shouldEndSession).toBe(false);
    // One attempt and one retry, each given up after its request timeout: the retry budget of DYNAMODB_MAX_ATTEMPTS.
    expect(proxy.events.filter((event) => event.outcome === 'hang')).toHaveLength(2);
  });

  it('retries a throttled read, and the turn goes on as if nothing happened', async () => {
    const handler = skill();
    proxy.fail({ operation: 'GetItem' }, dynamoDbThrottle('ThrottlingException'));

    const response = await handler(launchRequest(customer()));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/^Welcome to Green Horizons/);
    const reads = proxy.events.filter((event) => event.operation === 'GetItem').map((event) => event.outcome);
    expect(reads).toEqual(['respond', 'forwarded']);
  });

  it('apologises, keeping the session, when every attempt is throttled', async () => {
    const handler = skill({ DYNAMODB_MAX_ATTEMPTS: '2' });
    proxy.always({ operation: 'GetItem' }, dynamoDbThrottle('ProvisionedThroughputExceededException'));

    const response = await handler(launchRequest(customer()));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/^Sorry/);
    expect(response.response.shouldEndSession).toBe(false);
  });
});

describe("the turn's deadline", () => {
  const askedToBuyPlus = { question: { kind: 'buy-product', product: 'green_horizons_plus' } };

  it('cuts a slow customer read short, says so, and asks the same question again (nothing is lost)', async () => {
    const handler = skill({ DYNAMODB_REQUEST_TIMEOUT_MS: '5000', TURN_DEADLINE_MS: '300' });
    const who = customer();
    const stuck = proxy.always({ operation: 'GetItem' }, { kind: 'hang' });

    const late = await handler(intentRequest('AMAZON.NoIntent', {}, { ...who, sessionAttributes: askedToBuyPlus }));

    expectValidResponse(late);
    expect(spoken(late)).toMatch(APOLOGY);
    expect(late.response.shouldEndSession).toBe(false);
    expect(late.sessionAttributes?.question).toEqual(askedToBuyPlus.question);

    stuck();
    const again = await handler(
      intentRequest('AMAZON.NoIntent', {}, { ...who, sessionAttributes: late.sessionAttributes }),
    );
    expectValidResponse(again);
    expect(spoken(again)).toMatch(/^No problem/);
  });

  it('holds the Alexa API to it as well: a slow in-skill products API is given up on at the deadline', async () => {
    // The API client's own timeout (5 s) would wait for the stand-in's answer (1.5 s); the deadline (300 ms) does not.
    const handler = skill({ ALEXA_API_TIMEOUT_MS: '5000', TURN_DEADLINE_MS: '300' });
    products.setBehaviour({ kind: 'slow', delayMs: 1500 });

    const response = await handler(intentRequest('WhatCanIBuyIntent', {}, customer()));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(/can't reach the store right now/);
  });

  it("is never later than the Lambda's own remaining time allows", async () => {
    const handler = skill({ DYNAMODB_REQUEST_TIMEOUT_MS: '5000', TURN_DEADLINE_MS: '6000' });
    proxy.always({ operation: 'GetItem' }, { kind: 'hang' });
    // 800 ms left in the Lambda, 500 of them kept back: the turn has 300 ms.
    const context = { getRemainingTimeInMillis: () => 800 };

    const response = await handler(launchRequest(customer()), context);

    expectValidResponse(response);
    expect(spoken(response)).toMatch(APOLOGY);
  });

  it('holds the offset store to it: a hanging order read ends at the deadline, and the question is asked again', async () => {
    const handler = skill({
      DYNAMODB_REQUEST_TIMEOUT_MS: '5000',
      TURN_DEADLINE_MS: '300',
      PAYMENT_RAIL: 'amazon-pay',
      AMAZON_PAY_SELLER_ID: 'A2SANDBOXSELLER01',
      AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: 'sandbox-buyer@example.com',
    });
    const confirming = { question: { kind: 'confirm-order', orderId: 'o-deadline-1' }, topic: 'offset' };
    proxy.always({ operation: 'GetItem' }, { kind: 'hang' });

    const response = await handler(confirmOrder(confirming));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(APOLOGY);
    expect(response.response.shouldEndSession).toBe(false);
    // The error handler answered (not the Lambda entry's late answer): the same question, asked a second time.
    expect(response.sessionAttributes).toEqual({ ...confirming, timesAsked: 2 });
  });

  it('gets Alexa an answer even from a turn stuck on a call that ignores the deadline', async () => {
    // An offset store that never answers and takes no deadline: the Lambda entry answers shortly after the 300 ms
    // deadline with the session as it came, so the question is still pending.
    const stuck: OffsetStore = new Proxy({} as OffsetStore, {
      get: (_target, name) => (name === 'within' ? () => stuck : () => new Promise(() => undefined)),
    });
    const handler = sourceHandler(
      {
        TABLE_NAME: TABLE,
        DYNAMODB_ENDPOINT: proxy.url,
        TURN_DEADLINE_MS: '300',
        PAYMENT_RAIL: 'amazon-pay',
        AMAZON_PAY_SELLER_ID: 'A2SANDBOXSELLER01',
        AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: 'sandbox-buyer@example.com',
      },
      { offsetStore: stuck },
    );
    const confirming = { question: { kind: 'confirm-order', orderId: 'o-deadline-1' }, topic: 'offset' };

    const response = await handler(confirmOrder(confirming));

    expectValidResponse(response);
    expect(spoken(response)).toMatch(APOLOGY);
    expect(response.response.shouldEndSession).toBe(false);
    expect(response.sessionAttributes).toEqual(confirming);
  });
});

/** "Yes" to the read-back of an order, with the payments permission. */
function confirmOrder(sessionAttributes: Record<string, unknown>): RequestEnvelope {
  return intentRequest(
    'AMAZON.YesIntent',
    {},
    { ...customer(), sessionAttributes, permissions: { 'payments:autopay_consent': { status: 'GRANTED' } } },
  );
}
