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
import { clearSession, openConversation } from './conversation-state';
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

interface Budget {
  readonly maxChars: number;
  readonly maxNodes: number;
  readonly totalChars?: number;
}

/**
 * Whether `value` stays within the budget: no string (or key) longer than `maxChars`, at most `maxNodes` strings and
 * containers, and (with `totalChars`) no more characters in all than that. Stops at the first excess; allocates
 * nothing on the way (it runs on every request).
 */
export function withinBudget(value: unknown, limits: Budget): boolean {
  const counts = { nodes: 0, chars: 0, total: limits.totalChars ?? Number.POSITIVE_INFINITY };
  return fits(value, limits, counts, 0);
}

const MAX_DEPTH = 32;

function fits(value: unknown, limits: Budget, counts: { nodes: number; chars: number; total: number }, depth: number) {
  if (typeof value === 'string') {
    counts.nodes += 1;
    counts.chars += value.length;
    return value.length <= limits.maxChars && counts.nodes <= limits.maxNodes && counts.chars <= counts.total;
  }
  if (typeof value !== 'object' || value === null) return true;
  counts.nodes += 1;
  if (depth > MAX_DEPTH || counts.nodes > limits.maxNodes) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!fits(item, limits, counts, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    counts.chars += key.length;
    if (key.length > limits.maxChars || !fits((value as Record<string, unknown>)[key], limits, counts, depth + 1)) {
      return false;
    }
  }
  return counts.chars <= counts.total;
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
 * The one request interceptor: checks the request at the edge, keeping the verdict for `createEdgeHandler` and
 * dropping session attributes too big to be ours (whatever else is wrong) before anything reads or echoes them; then
 * opens the turn's conversation state (`openConversation`), where the last turn's question stops being pending. One
 * interceptor rather than two: the SDK awaits each, and this runs on every request.
 */
export const openTurn: RequestInterceptor = {
  process(input) {
    const problem = edgeProblem(input.requestEnvelope);
    if (problem !== undefined) {
      const attributes = input.attributesManager.getRequestAttributes();
      attributes[PROBLEM_KEY] = problem;
      input.attributesManager.setRequestAttributes(attributes);
      const session = input.requestEnvelope.session?.attributes;
      if (session !== undefined && boundedSessionAttributes(session) !== session) clearSession(input);
    }
    return openConversation.process(input);
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
          // What the customer was asked is asked again (a slot with Dialog.ElicitSlot and its kept slots): nothing is lost.
          return turn.reply.askAgainIfAsked([turn.say(edge.tooLong)], [turn.say(edge.tooLongReprompt)]);
        case 'session-dropped':
          return turn.reply.ask([turn.say(edge.lostTrack), turn.say(launch.reprompt)], [turn.say(launch.reprompt)]);
      }
    },
  };
}
