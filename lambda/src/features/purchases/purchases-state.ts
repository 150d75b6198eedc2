/**
 * The purchases feature's slice of the customer's state: declined suggestions, Reduction Plans used, and the flight a
 * Travel Pack suggestion interrupted.
 */
import { type StateSlice, stateSlice } from '../../shared/customer-store';
import { isoString, nonNegativeInteger, positiveNumber, type Raw, record } from '../../shared/stored-values';
import type { Cabin, FlightRequest } from '../footprint';
import { PRODUCT_REFS, type ProductRef } from './domain/products';

/** A flight asked for with Travel Pack features, kept while Amazon's purchase flow runs (it ends the session). */
export interface PendingFlight extends FlightRequest {
  readonly from: string;
  readonly to: string;
  readonly via: string | undefined;
  readonly cabin: Cabin | undefined;
  readonly passengers: number | undefined;
  readonly roundTrip: boolean;
  readonly at: string;
}

export interface PurchasesState {
  /** When the customer last declined each product: no suggestion again within the cooling-off. */
  readonly declines: Readonly<Partial<Record<ProductRef, string>>>;
  /** Reduction Plans used. Amazon counts purchases; we count use, never "plans left". */
  readonly plansUsed: number;
  readonly pendingFlight: PendingFlight | undefined;
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

export const purchasesState: StateSlice<PurchasesState> = stateSlice<PurchasesState>(
  { declines: {}, plansUsed: 0, pendingFlight: undefined },
  (stored) => ({
    declines: parseDeclines(record(stored.declines)),
    plansUsed: nonNegativeInteger(stored.plansUsed),
    pendingFlight: parsePendingFlight(record(stored.pendingFlight)),
  }),
);
