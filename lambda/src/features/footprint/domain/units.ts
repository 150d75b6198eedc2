// Unit conversions, used only where values enter or leave the footprint domain.

export type DistanceUnit = 'mi' | 'km';

/** International mile, exactly. */
export const KM_PER_MILE = 1.609344;
/** International avoirdupois pound, exactly. */
export const GRAMS_PER_POUND = 453.59237;
export const GRAMS_PER_TONNE = 1_000_000;

export function toKm(distance: number, unit: DistanceUnit): number {
  return unit === 'mi' ? distance * KM_PER_MILE : distance;
}

export function kmToMiles(km: number): number {
  return km / KM_PER_MILE;
}
