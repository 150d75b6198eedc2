/**
 * The customer's DynamoDB item, whole: every area's slice of it. Each slice is declared beside the area that owns it
 * and read and written only there; this list is where they meet, so that no two areas can claim the same key.
 */
import { type VisitsState, visitsState } from '../conversation/visits';
import { type FootprintState, footprintState } from '../features/footprint';
import { type OffsetsState, offsetsState } from '../features/offsets';
import { type PurchasesState, purchasesState } from '../features/purchases';
import { APPLIED_WRITES_KEY, type StateSlice } from '../shared/customer-store';
import type { Raw } from '../shared/stored-values';

export const CUSTOMER_STATE = [visitsState, footprintState, purchasesState, offsetsState] as const;

/** Everything kept for one customer (under `attributes` in their item). */
export type CustomerState = VisitsState & FootprintState & PurchasesState & OffsetsState;

/** Keys claimed by more than one slice, or by a slice and the customer store itself (none, or the skill refuses to start). */
export function sharedKeys(slices: readonly StateSlice<object>[] = CUSTOMER_STATE): string[] {
  const seen = new Set<string>([APPLIED_WRITES_KEY]);
  const shared = new Set<string>();
  for (const key of slices.flatMap((slice) => slice.keys)) (seen.has(key) ? shared : seen).add(key);
  return [...shared];
}

/** Reads a whole stored item: every slice with its defaults. */
export function parseCustomerState(stored: Raw): CustomerState {
  return Object.assign({}, ...CUSTOMER_STATE.map((slice) => slice.parse(stored))) as CustomerState;
}
