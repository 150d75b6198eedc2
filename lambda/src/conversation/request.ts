import type { HandlerInput } from 'ask-sdk-core';
import type { IntentRequest, slu } from 'ask-sdk-model';
import { isAlexaUserId } from '../shared/alexa-ids';
import { MalformedRequestError } from '../shared/errors';

/** Small, total readers of the request envelope: they return undefined instead of throwing on odd input. */

export type Matcher = (input: HandlerInput) => boolean;

export function requestType(input: HandlerInput): string | undefined {
  return input.requestEnvelope.request?.type;
}

export function intentRequest(input: HandlerInput): IntentRequest | undefined {
  const request = input.requestEnvelope.request;
  return request?.type === 'IntentRequest' ? request : undefined;
}

export function intentName(input: HandlerInput): string | undefined {
  return intentRequest(input)?.intent?.name;
}

/** Requests Alexa expects no speech for: the session ended, an error report about our last response, skill events. */
export function expectsNoSpeech(type: string | undefined): boolean {
  return (
    type === 'SessionEndedRequest' ||
    type === 'System.ExceptionEncountered' ||
    type?.startsWith('AlexaSkillEvent.') === true
  );
}

export const isRequestType =
  (...types: string[]): Matcher =>
  (input) => {
    const type = requestType(input);
    return type !== undefined && types.includes(type);
  };

export const isIntent =
  (...names: string[]): Matcher =>
  (input) => {
    const name = intentName(input);
    return name !== undefined && names.includes(name);
  };

/** The raw spoken value of a slot, trimmed; undefined when the slot is absent or empty. */
export function slotValue(input: HandlerInput, slotName: string): string | undefined {
  const value = intentRequest(input)?.intent?.slots?.[slotName]?.value?.trim();
  return value ? value : undefined;
}

export interface ResolvedValue {
  readonly id: string | undefined;
  readonly name: string;
}

/**
 * The entity-resolution match of a custom slot: `{ status: 'match', value }` when a value matched,
 * `{ status: 'no-match', spoken }` when the customer said something the slot type does not know,
 * and `{ status: 'empty' }` when nothing was said. Never indexes `[0]` blindly.
 */
export type Resolution =
  | { readonly status: 'match'; readonly value: ResolvedValue; readonly spoken: string }
  | { readonly status: 'no-match'; readonly spoken: string }
  | { readonly status: 'empty' };

export function resolveSlot(input: HandlerInput, slotName: string): Resolution {
  const slot = intentRequest(input)?.intent?.slots?.[slotName];
  const spoken = slot?.value?.trim();
  if (!spoken) return { status: 'empty' };
  const authorities: slu.entityresolution.Resolution[] = slot?.resolutions?.resolutionsPerAuthority ?? [];
  for (const authority of authorities) {
    if (authority.status?.code !== 'ER_SUCCESS_MATCH') continue;
    const first = authority.values?.[0]?.value;
    if (first?.name) return { status: 'match', value: { id: first.id, name: first.name }, spoken };
  }
  return { status: 'no-match', spoken };
}

export function locale(input: HandlerInput): string | undefined {
  return input.requestEnvelope.request?.locale;
}

/**
 * The Alexa user ID; every request has one, of the form `amzn1.ask.account.…` (a request without a valid one is
 * answered at the edge, conversation/edge.ts, and refused here).
 */
export function userId(input: HandlerInput): string {
  const id = input.requestEnvelope.context?.System?.user?.userId;
  if (!isAlexaUserId(id)) throw new MalformedRequestError('The request has no valid context.System.user.userId');
  return id;
}

/**
 * The access token Alexa holds for the customer's linked account (`context.System.user.accessToken`), or undefined
 * when the skill is not linked. Proves nothing by itself: it must be verified (features/accounts).
 */
export function accessToken(input: HandlerInput): string | undefined {
  const token = input.requestEnvelope.context?.System?.user?.accessToken;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Whether the customer has granted a permission scope (for example payments:autopay_consent). */
export function hasPermission(input: HandlerInput, scope: string): boolean {
  return input.requestEnvelope.context?.System?.user?.permissions?.scopes?.[scope]?.status === 'GRANTED';
}

/** A Connections.Response (Amazon's answer to a Connections.SendRequest), read without trusting its shape. */
export interface ConnectionsAnswer {
  readonly name: string | undefined;
  /** The status code as a string ("200"), or undefined when there is none. */
  readonly statusCode: string | undefined;
  readonly statusMessage: string;
  readonly payload: unknown;
  readonly token: string | undefined;
}

export function connectionsAnswer(input: HandlerInput): ConnectionsAnswer | undefined {
  const request = input.requestEnvelope.request;
  if (request?.type !== 'Connections.Response') return undefined;
  const code = request.status?.code;
  return {
    name: request.name,
    statusCode: code === undefined || code === null ? undefined : String(code),
    statusMessage: request.status?.message ?? '',
    payload: request.payload,
    token: typeof request.token === 'string' ? request.token : undefined,
  };
}

/** A Connections.Response for one of `names` (Buy, Upsell, Cancel for purchases; Setup, Charge for Amazon Pay). */
export const isConnectionsResponse =
  (...names: string[]): Matcher =>
  (input) => {
    const name = connectionsAnswer(input)?.name;
    return name !== undefined && names.includes(name);
  };
