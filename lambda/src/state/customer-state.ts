/**
 * The customer's persisted state: what ask-sdk-core calls persistent attributes, stored under `attributes` in
 * the customer's DynamoDB item. Stored data is untrusted (older schema, hand edits, the official adapter's
 * items): `parseCustomerState` reads whatever is there into this shape, with defaults.
 *
 * Feature areas add their own slice here as they land.
 */
export interface CustomerState {
  readonly visits: number;
  readonly firstVisitAt: string | undefined;
  readonly lastVisitAt: string | undefined;
}

export const EMPTY_STATE: CustomerState = { visits: 0, firstVisitAt: undefined, lastVisitAt: undefined };

type Raw = Readonly<Record<string, unknown>>;

function nonNegativeInteger(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function isoString(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

export function parseCustomerState(raw: Raw): CustomerState {
  return {
    visits: nonNegativeInteger(raw.visits),
    firstVisitAt: isoString(raw.firstVisitAt),
    lastVisitAt: isoString(raw.lastVisitAt),
  };
}

/** The stored form: plain JSON, undefined fields dropped. */
export function serializeCustomerState(state: CustomerState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}
