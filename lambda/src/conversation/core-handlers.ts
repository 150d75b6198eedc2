import type { ErrorHandler, RequestHandler } from 'ask-sdk-core';
import { unfinishedOrderQuestion } from '../features/offsets/handlers';
import { StateConflictError } from '../shared/customer-store';
import { describeError } from '../shared/logger';
import { anyOf, intentName, isIntent, isRequestType, requestType } from './request';
import { type HandlerDeps, Turn } from './turn';
import { greetingFor, recordVisit } from './visits';

export function createLaunchHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isRequestType('LaunchRequest'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const { result: greeting } = await turn.store.transact((state) => ({
        state: recordVisit(state, deps.clock()),
        result: greetingFor(state),
      }));
      turn.topic = 'start';
      const { launch } = turn.messages;
      const unfinished = greeting === 'returning' ? await unfinishedOrderQuestion(turn) : undefined;
      if (unfinished)
        return turn.ask([turn.say(launch.welcomeBack), unfinished], [turn.messages.offset.resumeReprompt]);
      return turn.ask(
        [turn.say(greeting === 'first-visit' ? launch.firstVisit : launch.returning)],
        [turn.say(launch.reprompt)],
      );
    },
  };
}

export function createHelpHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.HelpIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      const { help } = turn.messages;
      return turn.ask([turn.say(help[turn.topic])], [turn.say(help.reprompt)]);
    },
  };
}

export function createStopHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.PauseIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      return turn.tell([turn.say(turn.messages.goodbye)]);
    },
  };
}

export function createNavigateHomeHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('AMAZON.NavigateHomeIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      turn.topic = 'start';
      return turn.ask([turn.say(turn.messages.home.prompt)], [turn.say(turn.messages.home.reprompt)]);
    },
  };
}

/**
 * FallbackIntent, and any other intent that no handler claimed (for example a built-in such as YesIntent said out
 * of context): a gentle, contextual nudge, and the session stays open. Register it after every other handler.
 */
export function createFallbackHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isRequestType('IntentRequest'),
    handle(input) {
      const turn = new Turn(input, deps);
      if (intentName(input) !== 'AMAZON.FallbackIntent') {
        deps.logger.info('Unhandled intent', { intent: intentName(input) });
      }
      const { fallback } = turn.messages;
      return turn.ask([turn.say(fallback[turn.topic])], [turn.say(fallback.reprompt)]);
    },
  };
}

export function createSessionEndedHandler(deps: HandlerDeps): RequestHandler {
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
 * Requests the skill receives but has nothing to say to (system exceptions, display events). They get an empty
 * response rather than an error.
 */
export function createSilentEventsHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: anyOf(isRequestType('System.ExceptionEncountered')),
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
 * The one error handler: logs what is safe to log and apologises without ending the session, so nothing the
 * customer was doing is lost. A request Alexa expects no speech for gets an empty response.
 */
export function createErrorHandler(deps: HandlerDeps): ErrorHandler {
  return {
    canHandle: () => true,
    handle(input, error) {
      deps.logger.error('Request failed', {
        requestType: requestType(input),
        intent: intentName(input),
        ...describeError(error),
      });
      const type = requestType(input);
      if (
        type === 'SessionEndedRequest' ||
        type === 'System.ExceptionEncountered' ||
        type?.startsWith('AlexaSkillEvent.')
      ) {
        return input.responseBuilder.getResponse();
      }
      const turn = new Turn(input, deps);
      const apology = error instanceof StateConflictError ? turn.messages.conflict.retry : turn.messages.error.apology;
      return turn.ask([turn.say(apology)], [turn.say(turn.messages.error.reprompt)]);
    },
  };
}
