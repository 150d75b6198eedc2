import { ResponseFactory } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { toSsml } from '../shared/ssml';
import { boundedSessionAttributes } from './edge';
import { coreMessagesFor } from './messages';
import { expectsNoSpeech } from './request';

/**
 * The answer the Lambda entry gives when a turn is still not done shortly after its deadline (an outbound call that
 * ignores the deadline's signal): the same apology the error handler gives, with the session state as the request
 * brought it, so the question the customer was answering is still the pending one and they can simply say it again.
 * Built from the request alone (the turn that would have built it is stuck), with the SDK's response builder.
 */
export function lateAnswer(envelope: RequestEnvelope | undefined): ResponseEnvelope {
  const request = envelope?.request;
  if (expectsNoSpeech(request?.type)) return { version: '1.0', response: {} };
  const { deadline } = coreMessagesFor(typeof request?.locale === 'string' ? request.locale : undefined);
  const response = ResponseFactory.init()
    .speak(toSsml(deadline.apology[0]))
    .reprompt(toSsml(deadline.reprompt[0]))
    .withShouldEndSession(false)
    .getResponse();
  return {
    version: '1.0',
    ...(envelope?.session ? { sessionAttributes: boundedSessionAttributes(envelope.session.attributes) } : {}),
    response,
  };
}
