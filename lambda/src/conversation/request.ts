import type { HandlerInput } from 'ask-sdk-core';
import type { IntentRequest, slu } from 'ask-sdk-model';

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

export const anyOf =
  (...matchers: Matcher[]): Matcher =>
  (input) =>
    matchers.some((matches) => matches(input));

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
