import { type BuiltHandler, loadBuiltHandler } from '../support/built-skill';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { envelope, intentRequest, launchRequest, sessionEndedRequest, TEST_SKILL_ID } from '../support/envelopes';
import { expectValidResponse, spoken } from '../support/response-checks';
import { sourceHandler } from '../support/source-skill';

/** The same requests to the skill built from source and to the built bundle (lambda/dist/index.js, as deployed). */
const BUILDS: ReadonlyArray<[string, (env: Record<string, string>) => BuiltHandler]> = [
  ['from source', (env) => sourceHandler(env)],
  ['the built bundle', (env) => loadBuiltHandler(env)],
];

describe.each(BUILDS)('the skill %s', (_build, load) => {
  let dynamo: LocalDynamo;
  let handler: BuiltHandler;
  let userCount = 0;
  const newUser = () => `amzn1.ask.account.FOUNDATION${++userCount}`;

  beforeAll(async () => {
    dynamo = await startDynalite();
    handler = load({ TABLE_NAME: 'foundation', DYNAMODB_ENDPOINT: dynamo.endpoint, SKILL_ID: TEST_SKILL_ID });
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  describe('the built handler answers each built-in request with a valid response', () => {
    it('greets a first-time customer, then welcomes them back in a later session', async () => {
      const userId = newUser();

      const first = await handler(launchRequest({ userId }));
      const second = await handler(launchRequest({ userId }));

      expectValidResponse(first);
      expectValidResponse(second);
      expect(spoken(first)).toMatch(/^Welcome to Green Horizons/);
      expect(spoken(second)).not.toMatch(/^Welcome to Green Horizons/);
      expect(first.response.shouldEndSession).toBe(false);
    });

    it.each([
      ['AMAZON.HelpIntent', /flight/],
      ['AMAZON.NavigateHomeIntent', /Back to the start/],
      ['AMAZON.FallbackIntent', /didn't|not sure/],
      ['AMAZON.YesIntent', /didn't|not sure/],
    ])('%s keeps the session open with a reprompt', async (intent, expected) => {
      const response = await handler(intentRequest(intent, {}, { userId: newUser() }));

      expectValidResponse(response);
      expect(spoken(response)).toMatch(expected);
      expect(spoken(response, 'reprompt')).not.toBe('');
    });

    it.each(['AMAZON.StopIntent', 'AMAZON.CancelIntent'])('%s says goodbye and ends the session', async (intent) => {
      const response = await handler(intentRequest(intent, {}, { userId: newUser() }));

      expectValidResponse(response);
      expect(response.response.shouldEndSession).toBe(true);
      expect(response.response.reprompt).toBeUndefined();
    });

    it('answers SessionEndedRequest with an empty response', async () => {
      const response = await handler(sessionEndedRequest('EXCEEDED_MAX_REPROMPTS', { userId: newUser() }));

      expectValidResponse(response);
      expect(response.response.outputSpeech).toBeUndefined();
    });

    it('gives help that depends on what the customer was doing', async () => {
      const atStart = await handler(intentRequest('AMAZON.HelpIntent', {}, { sessionAttributes: { topic: 'start' } }));
      const whileEstimating = await handler(
        intentRequest('AMAZON.HelpIntent', {}, { sessionAttributes: { topic: 'estimate' } }),
      );

      expect(spoken(atStart)).not.toEqual(spoken(whileEstimating));
      expect(spoken(whileEstimating)).toMatch(/kilowatt hours/);
    });
  });

  describe('bad input gets a clear spoken answer', () => {
    it('apologises without ending the session when the request has no user', async () => {
      const request = launchRequest();
      const { user: _user, ...systemWithoutUser } = request.context.System;
      const malformed = { ...request, context: { System: systemWithoutUser } } as typeof request;

      const response = await handler(malformed);

      expectValidResponse(response);
      expect(spoken(response)).toMatch(/Sorry/);
      expect(response.response.shouldEndSession).toBe(false);
    });

    it('answers an intent it does not know like a fallback', async () => {
      const response = await handler(intentRequest('SomeRetiredIntent'));

      expectValidResponse(response);
      expect(spoken(response)).toMatch(/didn't|not sure/);
    });

    it('rejects a request for another skill', async () => {
      const request = launchRequest({ applicationId: 'amzn1.ask.skill.someone-else' });

      await expect(handler(request)).rejects.toThrow();
    });

    it('apologises and keeps the session when DynamoDB cannot be reached', async () => {
      const offline = load({ TABLE_NAME: 'foundation', DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' });

      const response = await offline(launchRequest({ userId: newUser() }));

      expectValidResponse(response);
      expect(spoken(response)).toMatch(/Sorry/);
      expect(response.response.shouldEndSession).toBe(false);
    });

    it('answers an unknown request type with an empty response', async () => {
      const response = await handler(
        envelope({ type: 'System.ExceptionEncountered', error: { type: 'INVALID_RESPONSE' } }),
      );

      expectValidResponse(response);
      expect(response.response.outputSpeech).toBeUndefined();
    });
  });
});
