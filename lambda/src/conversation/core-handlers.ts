import type { ErrorHandler, RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { StateConflictError } from '../shared/customer-store';
import { isDeadlineError, turnDeadline } from '../shared/deadline';
import { describeError } from '../shared/logger';
import type { SpeechPart } from '../shared/ssml';
import { sameQuestion } from './conversation-state';
import type { QuestionHelp } from './question-help';
import type { AskedQuestion } from './reply';
import { expectsNoSpeech, intentName, isIntent, isRequestType, requestType } from './request';
import { Turn, type TurnDeps } from './turn';
import { greetingFor, recordVisit, visitsState } from './visits';

/** A question a feature asks a returning customer at launch, when it has one (an unfinished order). */
export type LaunchQuestion = (turn: Turn) => Promise<AskedQuestion | undefined>;

export interface CoreDeps extends TurnDeps {
  /** Asked in turn; the first that has a question asks it. */
  readonly launchQuestions: readonly LaunchQuestion[];
}

async function firstQuestion(turn: Turn, questions: readonly LaunchQuestion[]): Promise<AskedQuestion | undefined> {
  for (const question of questions) {
    const asked = await question(turn);
    if (asked) return asked;
  }
  return undefined;
}

export function createLaunchHandler(deps: CoreDeps): RequestHandler {
  return {
    canHandle: isRequestType('LaunchRequest'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const { result: greeting } = await turn.customer.transact(visitsState, (state) => ({
        state: recordVisit(state, turn.now()),
        result: greetingFor(state),
      }));
      turn.conversation.topic = 'start';
      const { launch } = turn.messages;
      const unfinished = greeting === 'returning' ? await firstQuestion(turn, deps.launchQuestions) : undefined;
      if (unfinished) {
        turn.reply.say(turn.say(launch.welcomeBack));
        return turn.reply.ask([unfinished.speech], [unfinished.reprompt], unfinished.question);
      }
      return turn.reply.ask(
        [turn.say(greeting === 'first-visit' ? launch.firstVisit : launch.returning)],
        [turn.say(launch.reprompt)],
      );
    },
  };
}

/** What the help, fallback and repeat handlers are given: each feature's explanation of its own questions. */
export interface QuestionDeps extends TurnDeps {
  readonly questionHelp: QuestionHelp;
}

/**
 * The question the skill is waiting for, asked again after `lead` (its reprompt is the question itself), so that
 * help, a fallback or a repeat never drops it. Undefined when nothing is pending.
 */
function askPendingAgain(turn: Turn, lead: (question: NonNullable<Turn['conversation']['asked']>) => SpeechPart[]) {
  const { asked, lastAnswer } = turn.conversation;
  if (!asked || !lastAnswer || !sameQuestion(asked, lastAnswer.question)) return undefined;
  const question = { ssml: lastAnswer.reprompt };
  return turn.reply.askAgain(asked, [...lead(asked), question], [question]);
}

export function createHelpHandler(deps: QuestionDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.HelpIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      const { help } = turn.messages;
      const atQuestion =
        turn.conversation.asked &&
        askPendingAgain(turn, (asked) => [deps.questionHelp(turn, asked) ?? turn.say(help.atQuestion)]);
      return atQuestion || turn.reply.ask([turn.say(help[turn.conversation.topic])], [turn.say(help.reprompt)]);
    },
  };
}

/** AMAZON.RepeatIntent: the last answer again, word for word, and its question still stands. */
export function createRepeatHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.RepeatIntent'),
    handle(input): Response {
      const turn = new Turn(input, deps);
      const last = turn.conversation.lastAnswer;
      if (!last) {
        return turn.reply.ask([turn.say(turn.messages.repeat.nothingYet)], [turn.say(turn.messages.help.reprompt)]);
      }
      const speech = [{ ssml: last.speech }];
      const reprompt = [{ ssml: last.reprompt }];
      return last.question ? turn.reply.askAgain(last.question, speech, reprompt) : turn.reply.ask(speech, reprompt);
    },
  };
}

export function createStopHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.PauseIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      return turn.reply.tell(turn.say(turn.messages.goodbye));
    },
  };
}

export function createNavigateHomeHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.NavigateHomeIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      turn.conversation.topic = 'start';
      return turn.reply.ask([turn.say(turn.messages.home.prompt)], [turn.say(turn.messages.home.reprompt)]);
    },
  };
}

/**
 * FallbackIntent, and any other intent that no handler claimed (for example a yes or no to nothing the skill asked):
 * a gentle, contextual nudge, and the session stays open. Register it after every other handler.
 */
export function createFallbackHandler(deps: QuestionDeps): RequestHandler {
  return {
    canHandle: isRequestType('IntentRequest'),
    handle(input) {
      const turn = new Turn(input, deps);
      if (intentName(input) !== 'AMAZON.FallbackIntent') {
        deps.logger.info('Unhandled intent', { intent: intentName(input) });
      }
      if (!turn.conversation.asked) return fallbackReply(turn);
      // At a question: asked again, gently, and never twice the same way (the explanation joins from the second time).
      const { atQuestion: sorries } = turn.messages.fallback;
      const times = turn.conversation.timesAsked;
      const sorry = sorries[(times - 1) % sorries.length] ?? sorries[0];
      const again = askPendingAgain(turn, (asked) => {
        const explanation = times >= 2 ? deps.questionHelp(turn, asked) : undefined;
        return explanation === undefined ? [sorry] : [sorry, explanation];
      });
      return again ?? fallbackReply(turn);
    },
  };
}

/** The fallback's answer when no question is pending: a nudge that fits what the customer was doing. */
export function fallbackReply(turn: Turn): Response {
  const { fallback } = turn.messages;
  return turn.reply.ask([turn.say(fallback[turn.conversation.topic])], [turn.say(fallback.reprompt)]);
}

export function createSessionEndedHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: isRequestType('SessionEndedRequest'),
    handle(input) {
      const request = input.requestEnvelope.request;
      if (request.type === 'SessionEndedRequest') {
        deps.logger.info('Session ended', {
          reason: request.reason,
          ...(request.error ? { errorType: request.error.type } : {}),
        });
      }
      return input.responseBuilder.getResponse();
    },
  };
}

/**
 * Requests the skill receives but has nothing to say to (system exceptions). They get an empty response rather than
 * an error.
 */
export function createSilentEventsHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: isRequestType('System.ExceptionEncountered'),
    handle(input) {
      const request = input.requestEnvelope.request;
      if (request.type === 'System.ExceptionEncountered') {
        deps.logger.warn('Alexa reported an exception for our response', { errorType: request.error?.type });
      }
      return input.responseBuilder.getResponse();
    },
  };
}

/**
 * What a feature ends for a customer who disabled the skill when Amazon keeps nothing of them (`NOT_PERSISTED`),
 * before their data is deleted: offsets cancels the monthly plan, so nothing is charged for them again.
 */
export type ForgetCustomer = (turn: Turn) => Promise<void>;

export interface SkillDisabledDeps extends TurnDeps {
  /** Run in turn, each to completion, before the customer's item is deleted. */
  readonly beforeDeletion: readonly ForgetCustomer[];
}

/**
 * The skill was disabled: keep the customer's data when Alexa says it is kept (the user ID survives re-enabling,
 * and with it their purchases), delete it otherwise, after each feature has ended what runs on without them (the
 * monthly plan). A feature that fails stops the deletion (the error is logged), so the customer is never left with a
 * plan still charged and no user ID to cancel it by; a deletion whose answer was lost is tried again.
 */
export function createSkillDisabledHandler(deps: SkillDisabledDeps): RequestHandler {
  return {
    canHandle: isRequestType('AlexaSkillEvent.SkillDisabled'),
    async handle(input) {
      const { body } = input.requestEnvelope.request as unknown as {
        body?: { userInformationPersistenceStatus?: unknown };
      };
      const status =
        typeof body?.userInformationPersistenceStatus === 'string' ? body.userInformationPersistenceStatus : undefined;
      if (status === 'NOT_PERSISTED') {
        const turn = new Turn(input, deps);
        for (const forget of deps.beforeDeletion) await forget(turn);
        await turn.customer.delete();
      }
      deps.logger.info('Skill disabled', { persistence: status ?? 'unknown', deleted: status === 'NOT_PERSISTED' });
      return input.responseBuilder.getResponse();
    },
  };
}

/**
 * The one error handler: logs what is safe to log and apologises without ending the session, so nothing the
 * customer was doing is lost. When the turn ran out of time (shared/deadline.ts) it says so and asks the question
 * the customer was answering again. A request Alexa expects no speech for gets an empty response.
 */
export function createErrorHandler(deps: TurnDeps): ErrorHandler {
  return {
    canHandle: () => true,
    handle(input, error) {
      const deadline = turnDeadline(input.requestEnvelope);
      const late = isDeadlineError(error, deadline);
      deps.logger.error(late ? 'Request ran out of time' : 'Request failed', {
        requestType: requestType(input),
        intent: intentName(input),
        ...describeError(error),
      });
      if (expectsNoSpeech(requestType(input))) return input.responseBuilder.getResponse();
      const turn = new Turn(input, deps);
      const { messages } = turn;
      if (late) {
        return turn.reply.askAgainIfAsked(
          [turn.say(messages.deadline.apology)],
          [turn.say(messages.deadline.reprompt)],
        );
      }
      const apology = error instanceof StateConflictError ? messages.conflict.retry : messages.error.apology;
      return turn.reply.ask([turn.say(apology)], [turn.say(messages.error.reprompt)]);
    },
  };
}
