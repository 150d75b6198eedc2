/**
 * The customer's persisted state: what ask-sdk-core calls persistent attributes, stored under `attributes` in
 * the customer's DynamoDB item. Stored data is untrusted (older schema, hand edits, the official adapter's
 * items): `parseCustomerState` reads whatever is there into this shape, with defaults.
 *
 * Feature areas add their own slice here as they land.
 */

import type { Cabin, DatasetId, FactorId } from '../features/footprint/domain';
import { type Activity, type RecordedEstimate, TRAVEL_MODES } from '../features/footprint/domain/footprints';
import { PRODUCT_REFS, type ProductRef } from '../features/purchases/domain/products';

/** A flight asked for with Travel Pack features, kept while Amazon's purchase flow runs (it ends the session). */
export interface PendingFlight {
  readonly from: string;
  readonly to: string;
  readonly via: string | undefined;
  readonly cabin: Cabin | undefined;
  readonly passengers: number | undefined;
  readonly roundTrip: boolean;
  readonly at: string;
}

export interface CustomerState {
  readonly visits: number;
  readonly firstVisitAt: string | undefined;
  readonly lastVisitAt: string | undefined;
  /** The last footprint estimate: what an offset is sold for. */
  readonly lastEstimate: RecordedEstimate | undefined;
  /** The eco tip heard last, so the next one differs. */
  readonly lastTipId: string | undefined;
  /** Every estimate, bounded (domain/purchases.ts appendToLog): Plus reports and Reduction Plans read it. */
  readonly log: readonly RecordedEstimate[];
  /** When the customer last declined each product: no suggestion again within the cooling-off. */
  readonly declines: Readonly<Partial<Record<ProductRef, string>>>;
  /** Reduction Plans used. Amazon counts purchases; we count use, never "plans left". */
  readonly plansUsed: number;
  readonly pendingFlight: PendingFlight | undefined;
  /** The offset order in progress or last placed (its record is `order#<id>` in the same table). */
  readonly currentOrderId: string | undefined;
  /** An OPEN Amazon Pay billing agreement from an earlier Setup, reused for the next Charge. Never a buyer ID. */
  readonly billingAgreementId: string | undefined;
}

export const EMPTY_STATE: CustomerState = {
  visits: 0,
  firstVisitAt: undefined,
  lastVisitAt: undefined,
  lastEstimate: undefined,
  lastTipId: undefined,
  log: [],
  declines: {},
  plansUsed: 0,
  pendingFlight: undefined,
  currentOrderId: undefined,
  billingAgreementId: undefined,
};

type Raw = Readonly<Record<string, unknown>>;

function nonNegativeInteger(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function isoString(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function record(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function parseActivity(raw: Raw | undefined): Activity | undefined {
  if (!raw) return undefined;
  const passengers = positiveNumber(raw.passengers) ?? 1;
  const roundTrip = raw.roundTrip === true;
  switch (raw.kind) {
    case 'flight':
      return typeof raw.from === 'string' && typeof raw.to === 'string'
        ? { kind: 'flight', from: raw.from, to: raw.to, roundTrip, passengers }
        : undefined;
    case 'trip': {
      const mode = TRAVEL_MODES.find((known) => known === raw.mode);
      const distance = positiveNumber(raw.distance);
      const unit = raw.unit === 'km' || raw.unit === 'mi' ? raw.unit : undefined;
      return mode && distance && unit ? { kind: 'trip', mode, distance, unit, roundTrip, passengers } : undefined;
    }
    case 'electricity': {
      const kwh = positiveNumber(raw.kwh);
      return kwh ? { kind: 'electricity', kwh } : undefined;
    }
    default:
      return undefined;
  }
}

function parseEstimate(raw: Raw | undefined): RecordedEstimate | undefined {
  if (!raw) return undefined;
  const activity = parseActivity(record(raw.activity));
  const grams = raw.grams;
  const at = isoString(raw.at);
  const dataset = raw.dataset === 'epa-2025' || raw.dataset === 'desnz-2025' ? (raw.dataset as DatasetId) : undefined;
  const factorIds = Array.isArray(raw.factorIds)
    ? raw.factorIds.filter((id): id is FactorId => typeof id === 'string')
    : [];
  if (!activity || typeof grams !== 'number' || !Number.isInteger(grams) || grams < 0 || !at || !dataset)
    return undefined;
  return { activity, grams, factorIds, dataset, at };
}

export function parseCustomerState(raw: Raw): CustomerState {
  return {
    visits: nonNegativeInteger(raw.visits),
    firstVisitAt: isoString(raw.firstVisitAt),
    lastVisitAt: isoString(raw.lastVisitAt),
    lastEstimate: parseEstimate(record(raw.lastEstimate)),
    lastTipId: typeof raw.lastTipId === 'string' ? raw.lastTipId : undefined,
    log: Array.isArray(raw.log)
      ? raw.log.flatMap((entry) => {
          const parsed = parseEstimate(record(entry));
          return parsed ? [parsed] : [];
        })
      : [],
    declines: parseDeclines(record(raw.declines)),
    plansUsed: nonNegativeInteger(raw.plansUsed),
    pendingFlight: parsePendingFlight(record(raw.pendingFlight)),
    currentOrderId: typeof raw.currentOrderId === 'string' ? raw.currentOrderId : undefined,
    billingAgreementId: typeof raw.billingAgreementId === 'string' ? raw.billingAgreementId : undefined,
  };
}

function parseDeclines(raw: Raw | undefined): Partial<Record<ProductRef, string>> {
  const declines: Partial<Record<ProductRef, string>> = {};
  for (const ref of PRODUCT_REFS) {
    const at = isoString(raw?.[ref]);
    if (at) declines[ref] = at;
  }
  return declines;
}

const CABINS: readonly Cabin[] = ['economy', 'premium-economy', 'business', 'first'];

function parsePendingFlight(raw: Raw | undefined): PendingFlight | undefined {
  const at = isoString(raw?.at);
  if (!raw || typeof raw.from !== 'string' || typeof raw.to !== 'string' || !at) return undefined;
  return {
    from: raw.from,
    to: raw.to,
    via: typeof raw.via === 'string' ? raw.via : undefined,
    cabin: CABINS.find((cabin) => cabin === raw.cabin),
    passengers: positiveNumber(raw.passengers),
    roundTrip: raw.roundTrip === true,
    at,
  };
}

/** The stored form: plain JSON, undefined fields dropped. */
export function serializeCustomerState(state: CustomerState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}
