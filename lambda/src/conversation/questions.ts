import type { RequestInterceptor } from 'ask-sdk-core';
import { intentName } from './request';

/** Session attributes that hold a yes/no question the skill just asked (an order read-back, a product offer). */
const QUESTION_KEYS = ['awaiting', 'offer'] as const;

/**
 * A yes/no question is open for the next turn only: whatever else the customer says closes it. Without this, a
 * "yes" minutes later, meant for another question, could confirm an old order at an old price.
 */
export const closeUnansweredQuestions: RequestInterceptor = {
  process(input) {
    const request = input.requestEnvelope.request;
    if (request?.type !== 'IntentRequest') return;
    const name = intentName(input);
    if (name === 'AMAZON.YesIntent' || name === 'AMAZON.NoIntent') return;
    const session = input.attributesManager.getSessionAttributes();
    if (!QUESTION_KEYS.some((key) => key in session)) return;
    const open = { ...session };
    for (const key of QUESTION_KEYS) delete open[key];
    input.attributesManager.setSessionAttributes(open);
  },
};
