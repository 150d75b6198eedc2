import { type DistanceUnit, toKm } from './units';

export type ValidationCode =
  | 'not-a-number'
  | 'not-positive'
  | 'not-whole-number'
  | 'too-far'
  | 'too-much-energy'
  | 'too-few-passengers'
  | 'too-many-passengers'
  | 'same-airport';

export type ValidationField = 'distance' | 'kwh' | 'passengers' | 'route';

export interface ValidationError {
  readonly code: ValidationCode;
  readonly field: ValidationField;
  /** The bound that was crossed, in the field's canonical unit: km, kWh, or people. */
  readonly limit?: number;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ValidationError };

export const LIMITS = {
  /** Half the Earth's circumference is 20,037 km: no single trip between two places is longer. */
  maxTripKm: 20_000,
  /**
   * A US household uses about 10,800 kWh a year and a UK one about 2,700: 100,000 kWh is around nine US or 37 UK
   * household-years, so a bill or meter reading above it is a mishearing (or not a household), not a footprint.
   */
  maxKwh: 100_000,
  /** Covers a group or a whole full airliner; beyond that the answer is no longer a personal footprint. */
  maxPassengers: 500,
  /** Cars and people carriers seat at most nine (UK category B licence: eight passenger seats plus the driver). */
  maxCarOccupants: 9,
  /** A rider and a pillion. */
  maxMotorcycleRiders: 2,
} as const;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(field: ValidationField, code: ValidationCode, limit?: number): Result<T> => ({
  ok: false,
  error: limit === undefined ? { code, field } : { code, field, limit },
});

/** A one-way distance as said, returned in km. */
export function validateDistance(distance: number, unit: DistanceUnit): Result<number> {
  if (!Number.isFinite(distance)) return fail('distance', 'not-a-number');
  if (distance <= 0) return fail('distance', 'not-positive');
  const km = toKm(distance, unit);
  return km > LIMITS.maxTripKm ? fail('distance', 'too-far', LIMITS.maxTripKm) : ok(km);
}

/** Electricity used, in kWh. */
export function validateKwh(kwh: number): Result<number> {
  if (!Number.isFinite(kwh)) return fail('kwh', 'not-a-number');
  if (kwh <= 0) return fail('kwh', 'not-positive');
  return kwh > LIMITS.maxKwh ? fail('kwh', 'too-much-energy', LIMITS.maxKwh) : ok(kwh);
}

/** A head count; undefined means one. */
export function validatePassengers(passengers: number | undefined, max: number = LIMITS.maxPassengers): Result<number> {
  const count = passengers ?? 1;
  if (!Number.isFinite(count)) return fail('passengers', 'not-a-number');
  if (!Number.isInteger(count)) return fail('passengers', 'not-whole-number');
  if (count < 1) return fail('passengers', 'too-few-passengers', 1);
  return count > max ? fail('passengers', 'too-many-passengers', max) : ok(count);
}

export function validateRoute(fromIata: string, toIata: string): Result<true> {
  return fromIata === toIata ? fail('route', 'same-airport') : ok(true);
}
