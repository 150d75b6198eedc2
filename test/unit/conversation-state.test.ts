import type { HandlerInput } from 'ask-sdk-core';
import {
  Conversation,
  conversationOf,
  isYesNoQuestion,
  type PendingQuestion,
  readQuestion,
  sameQuestion,
} from '../../lambda/src/conversation/conversation-state';
import { createAttributesManager } from '../support/attributes';
import { envelope, intentRequest } from '../support/envelopes';

const noPersistence = {
  getAttributes: async () => ({}),
  saveAttributes: async () => {},
};

function session(attributes: Record<string, unknown>) {
  return createAttributesManager(
    intentRequest('AMAZON.YesIntent', {}, { sessionAttributes: attributes }),
    noPersistence,
  );
}

describe('the pending question', () => {
  it.each<[PendingQuestion]>([
    [{ kind: 'offset-estimate' }],
    [{ kind: 'confirm-order', orderId: 'o123456789' }],
    [{ kind: 'resume-order', orderId: 'o123456789' }],
    [{ kind: 'confirm-monthly-plan' }],
    [{ kind: 'buy-product', product: 'travel_pack' }],
    [{ kind: 'slot', intent: 'EstimateFlightIntent', slot: 'to' }],
    [
      {
        kind: 'slot',
        intent: 'EstimateFlightIntent',
        slot: 'to',
        slots: {
          from: {
            value: 'PDX',
            resolution: { authority: 'amzn1.er-authority.echo-sdk.x.AIRPORT', name: 'P', id: 'PDX' },
          },
        },
        choices: ['ORD', 'MDW'],
      },
    ],
  ])('reads %j back from the session', (question) => {
    expect(readQuestion(JSON.parse(JSON.stringify(question)))).toEqual(question);
  });

  it.each([
    [undefined],
    ['confirm-order'],
    [{ kind: 'confirm-order' }],
    [{ kind: 'buy-product', product: 7 }],
    [{ kind: 'slot', intent: 'EstimateFlightIntent' }],
    [{ kind: 'awaiting-something-else' }],
  ])('reads %j as no question', (stored) => {
    expect(readQuestion(stored)).toBeUndefined();
  });

  it('tells the questions a yes or a no answers from the ones a slot answers', () => {
    expect(isYesNoQuestion({ kind: 'confirm-monthly-plan' })).toBe(true);
    expect(isYesNoQuestion({ kind: 'slot', intent: 'EstimateTripIntent', slot: 'distance' })).toBe(false);
    expect(isYesNoQuestion(undefined)).toBe(false);
  });

  it('is taken out of the session when the turn begins: asked once, pending no more', () => {
    const attributes = session({ question: { kind: 'confirm-order', orderId: 'o123456789' }, topic: 'offset' });

    const conversation = new Conversation(attributes);

    expect(conversation.asked).toEqual({ kind: 'confirm-order', orderId: 'o123456789' });
    expect(conversation.pending).toBeUndefined();
    expect(attributes.getSessionAttributes()).toEqual({ topic: 'offset' });
  });

  it('is set again only when the turn asks something, and kept with the last answer for Repeat', () => {
    const attributes = session({});
    const conversation = new Conversation(attributes);

    conversation.ask({ kind: 'offset-estimate' });
    conversation.remember({
      speech: 'Want to offset it?',
      reprompt: 'Offset it?',
      question: { kind: 'offset-estimate' },
    });

    expect(conversation.pending).toEqual({ kind: 'offset-estimate' });
    expect(conversation.lastAnswer).toEqual({
      speech: 'Want to offset it?',
      reprompt: 'Offset it?',
      question: { kind: 'offset-estimate' },
    });
    expect(attributes.getSessionAttributes().question).toEqual({ kind: 'offset-estimate' });
  });
});

describe('a question asked again', () => {
  const which = (choices: string[]): PendingQuestion => ({
    kind: 'slot',
    intent: 'EstimateFlightIntent',
    slot: 'from',
    choices,
  });

  it('counts how many times in a row the same question was asked, so it can be worded anew', () => {
    const first = new Conversation(session({}));
    first.ask(which(['LHR', 'LGW']));
    const stored = { question: which(['LHR', 'LGW']), timesAsked: 1 };

    const second = new Conversation(session(stored));

    expect(second.timesAsked).toBe(1);
    expect(second.timesAsking(which(['LHR', 'LGW']))).toBe(1);
    // The same slot offering other choices is another question ("which New York airport?" after "which London?").
    expect(second.timesAsking(which(['JFK', 'EWR']))).toBe(0);
  });

  it('tells the same question from another, whatever was kept with it', () => {
    expect(sameQuestion({ kind: 'confirm-order', orderId: 'a' }, { kind: 'confirm-order', orderId: 'a' })).toBe(true);
    expect(sameQuestion({ kind: 'confirm-order', orderId: 'a' }, { kind: 'confirm-order', orderId: 'b' })).toBe(false);
    expect(sameQuestion({ kind: 'offset-estimate' }, undefined)).toBe(false);
  });
});

describe('the rest of the session state', () => {
  it('writes every change to the session attributes at once, so an error later in the turn keeps it', () => {
    const attributes = session({});
    const conversation = new Conversation(attributes);

    conversation.topic = 'shopping';
    conversation.markBasisSaid();
    conversation.markSuggested();

    expect(attributes.getSessionAttributes()).toEqual({ topic: 'shopping', basisSaid: true, suggested: true });
    expect([conversation.topic, conversation.basisSaid, conversation.suggestedThisSession]).toEqual([
      'shopping',
      true,
      true,
    ]);
  });

  it('reads an unknown topic as the start', () => {
    expect(new Conversation(session({ topic: 'constructor' })).topic).toBe('start');
  });

  it('is empty, and ignores changes, for requests outside a session (skill events)', () => {
    const event = envelope({ type: 'AlexaSkillEvent.SkillDisabled', body: {} });
    const { session: _none, ...outside } = event;
    const input = { requestEnvelope: outside, attributesManager: createAttributesManager(outside, noPersistence) };

    const conversation = conversationOf(input as unknown as HandlerInput);
    conversation.topic = 'offset';

    expect([conversation.asked, conversation.topic, conversation.lastAnswer]).toEqual([undefined, 'start', undefined]);
  });

  it('is one per request', () => {
    const attributes = session({ question: { kind: 'offset-estimate' } });
    const input = { requestEnvelope: intentRequest('AMAZON.YesIntent'), attributesManager: attributes };

    const first = conversationOf(input as unknown as HandlerInput);

    expect(conversationOf(input as unknown as HandlerInput)).toBe(first);
    expect(first.asked).toEqual({ kind: 'offset-estimate' });
  });
});
