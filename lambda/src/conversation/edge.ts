/**
 * The edge: what every request is checked for before any feature reads it. A request that fails gets a plain spoken
 * answer here (or the empty response Alexa expects for events) and reaches no feature, no store and no log line
 * beyond a bounded one:
 *
 * - the user ID must be an Alexa account ID (`amzn1.ask.account.…`, shared/alexa-ids.ts): everything is keyed on it,
 *   and its form keeps customers' items apart from every other item in the table;
 * - the locale, when there is one, must look like one (`en-US`): it picks the words, and `constructor` is no locale;
 * - what the customer said (the intent: its name, slot values and entity-resolution values) and what Amazon's
 *   `Connections.Response` carries must be of a size people and Amazon produce, since slot values are said back;
 * - the session attributes (echoed in every response, whose total size Alexa limits to 24 KB) must be of a size this
 *   skill writes: larger ones are dropped before anything reads them.
 *
 * The checks walk the request with a budget and stop at the first excess, so a normal request costs microseconds.
 */
import type { RequestHandler, RequestInterceptor } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { isAlexaUserId } from '../shared/alexa-ids';
import { clearSession } from './conversation-state';
import { expectsNoSpeech } from './request';
import { Turn, type TurnDeps } from './turn';

export const EDGE_LIMITS = {
  /** Characters of one string said by the customer (a slot value, an entity name). Real ones are a few words. */
  spokenChars: 200,
  /** Strings and containers in one intent (slots, resolutions, values). */
  intentNodes: 400,
  /** Characters of one string in a Connections.Response (tokens, IDs, status messages). */
  connectionsChars: 2_000,
  connectionsNodes: 400,
  /** Characters of the session attributes altogether, keys included. Ours stay well under 10 KB. */
  sessionChars: 12_000,
} as const;

export type EdgeProblem =
  /** No valid user ID or locale: nothing can be done with the request. */
  | 'malformed'
  /** Something said or sent is far too long: ask again. */
  | 'too-long'
  /** The session state is not one this skill wrote: dropped, start afresh. */
  | 'session-dropped';

const LOCALE = /^[a-z]{2,3}-[A-Z0-9]{2,3}$/;

/**
 * Whether `value` stays within the budget: no string longer than `maxChars`, at most `maxNodes` strings and
 * containers, and (with `totalChars`) no more characters in all than that. Stops at the first excess.
 */
export function withinBudget(
  value: unknown,
  limits: { readonly maxChars: number; readonly maxNodes: number; readonly totalChars?: number },
): boolean {
  let nodes = 0;
  let chars = 0;
  const total = limits.totalChars ?? Number.POSITIVE_INFINITY;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      nodes += 1;
      chars += current.length;
      if (current.length > limits.maxChars) return false;
    } else if (typeof current === 'object' && current !== null) {
      nodes += 1;
      if (Array.isArray(current)) {
        for (const item of current) stack.push(item);
      } else {
        for (const [key, item] of Object.entries(current)) {
          chars += key.length;
          if (key.length > limits.maxChars) return false;
          stack.push(item);
        }
      }
    }
    if (nodes > limits.maxNodes || chars > total) return false;
  }
  return true;
}

/** The session attributes as they may be used and echoed: as they came, or none when they are too big to be ours. */
export function boundedSessionAttributes(attributes: unknown): Record<string, unknown> {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return {};
  const fits = withinBudget(attributes, {
    maxChars: EDGE_LIMITS.sessionChars,
    maxNodes: EDGE_LIMITS.sessionChars,
    totalChars: EDGE_LIMITS.sessionChars,
  });
  return fits ? (attributes as Record<string, unknown>) : {};
}

/** What is wrong with this request, if anything (pure: the request is only read). */
export function edgeProblem(envelope: RequestEnvelope): EdgeProblem | undefined {
  const request = envelope.request as (RequestEnvelope['request'] & Record<string, unknown>) | undefined;
  if (!isAlexaUserId(envelope.context?.System?.user?.userId)) return 'malformed';
  const locale: unknown = request?.locale;
  if (locale !== undefined && (typeof locale !== 'string' || !LOCALE.test(locale))) return 'malformed';
  if (request?.type === 'IntentRequest') {
    const spoken = { maxChars: EDGE_LIMITS.spokenChars, maxNodes: EDGE_LIMITS.intentNodes };
    if (!withinBudget(request.intent, spoken)) return 'too-long';
  } else if (request?.type === 'Connections.Response') {
    const sent = { maxChars: EDGE_LIMITS.connectionsChars, maxNodes: EDGE_LIMITS.connectionsNodes };
    if (!withinBudget([request.name, request.status, request.payload, request.token], sent)) return 'too-long';
  }
  const session = envelope.session?.attributes;
  if (session !== undefined && boundedSessionAttributes(session) !== session) return 'session-dropped';
  return undefined;
}

const PROBLEM_KEY = 'edgeProblem';

/**
 * The first request interceptor: checks the request once, keeps the verdict for `createEdgeHandler`, and drops
 * session attributes too big to be ours (whatever else is wrong) before anything, the conversation state first,
 * reads or echoes them.
 */
export const checkAtTheEdge: RequestInterceptor = {
  process(input) {
    const problem = edgeProblem(input.requestEnvelope);
    if (problem === undefined) return;
    const attributes = input.attributesManager.getRequestAttributes();
    attributes[PROBLEM_KEY] = problem;
    input.attributesManager.setRequestAttributes(attributes);
    const session = input.requestEnvelope.session?.attributes;
    if (session !== undefined && boundedSessionAttributes(session) !== session) clearSession(input);
  },
};

/** The first request handler: answers a request the edge refused, in plain words. Register it before all others. */
export function createEdgeHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: (input) => input.attributesManager.getRequestAttributes()[PROBLEM_KEY] !== undefined,
    handle(input) {
      const problem = input.attributesManager.getRequestAttributes()[PROBLEM_KEY] as EdgeProblem;
      deps.logger.warn('Request refused at the edge', { problem, requestType: input.requestEnvelope.request?.type });
      if (expectsNoSpeech(input.requestEnvelope.request?.type)) return input.responseBuilder.getResponse();
      const turn = new Turn(input, deps);
      const { edge, launch, error } = turn.messages;
      switch (problem) {
        case 'malformed':
          // Nothing is read or written for it; the session stays open, as after any apology.
          return turn.reply.ask([turn.say(edge.malformed)], [turn.say(error.reprompt)]);
        case 'too-long':
          // What the customer was asked is asked again: nothing is lost.
          return turn.reply.ask([turn.say(edge.tooLong)], [turn.say(edge.tooLongReprompt)], turn.conversation.asked);
        case 'session-dropped':
          return turn.reply.ask([turn.say(edge.lostTrack), turn.say(launch.reprompt)], [turn.say(launch.reprompt)]);
      }
    },
  };
}
