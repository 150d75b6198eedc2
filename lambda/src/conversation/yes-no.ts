import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { SpeechPart } from '../shared/ssml';
import { conversationOf, isYesNoQuestion, type QuestionOf, type YesNoQuestion } from './conversation-state';
import { intentName, isIntent } from './request';
import { Turn, type TurnDeps } from './turn';

/**
 * How a feature answers a yes and a no to one of its questions, and what it says when the customer asks for help
 * there (what the question is about and what each answer does; the question itself is then asked again).
 */
export interface YesNoAnswer<Q extends YesNoQuestion> {
  yes(turn: Turn, question: Q): Promise<Response>;
  no(turn: Turn, question: Q): Promise<Response>;
  help(turn: Turn, question: Q): SpeechPart;
}

/** One answer per yes/no question: each feature exports its part, the composition root joins them. */
export type YesNoAnswers = { readonly [K in YesNoQuestion['kind']]: YesNoAnswer<QuestionOf<K>> };

export function answerTo<Q extends YesNoQuestion>(answers: YesNoAnswers, question: Q): YesNoAnswer<Q> {
  return answers[question.kind] as unknown as YesNoAnswer<Q>;
}

/**
 * AMAZON.YesIntent and AMAZON.NoIntent, routed by the pending question (never by registration order). A yes or a no
 * to nothing the skill asked is left to the fallback handler.
 */
export function createYesNoHandler(answers: YesNoAnswers, deps: TurnDeps): RequestHandler {
  return {
    canHandle: (input) =>
      isIntent('AMAZON.YesIntent', 'AMAZON.NoIntent')(input) && isYesNoQuestion(conversationOf(input).asked),
    async handle(input) {
      const turn = new Turn(input, deps);
      const question = turn.conversation.asked;
      if (!isYesNoQuestion(question)) throw new TypeError('A yes or no reached the router without a question');
      const answer = answerTo(answers, question);
      return intentName(input) === 'AMAZON.YesIntent' ? answer.yes(turn, question) : answer.no(turn, question);
    },
  };
}
