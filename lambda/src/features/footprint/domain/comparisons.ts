// One comparison for a footprint, made from the skill's own factors (so the numbers never disagree with each other:
// a 10-mile motorcycle ride is compared with the same average car the skill prices a 10-mile drive with).
import type { DatasetId } from '../data/emission-factors';
import { comparisonRates } from './factors';
import { type DistanceUnit, KM_PER_MILE } from './units';

export type ComparisonKind = 'car-distance' | 'by-train' | 'led-hours' | 'around-the-world';

export interface Comparison {
  readonly kind: ComparisonKind;
  /**
   * `car-distance`: miles or km (as asked) of the dataset's average car; `by-train`: grams of the same trip by
   * intercity train; `led-hours`: hours of a 10-watt LED bulb on the dataset's grid; `around-the-world`: times around
   * the Earth by that average car. Whole numbers, two significant figures from 100 up.
   */
  readonly count: number;
  readonly unit: DistanceUnit;
}

/** What the estimate was of: a drive is compared with the train, anything else with driving. */
export type ComparedActivity =
  | { readonly kind: 'drive'; readonly distanceKm: number; readonly legs: 1 | 2 }
  | { readonly kind: 'other' };

/** A 10-watt LED bulb: 0.01 kWh an hour (what the smallest footprints are compared with). */
const LED_KWH_PER_HOUR = 0.01;
/** The Earth's equatorial circumference, in km. */
const EARTH_CIRCUMFERENCE_KM = 40_075;

function roundCount(count: number): number {
  if (count < 100) return Math.round(count);
  const step = 10 ** (Math.floor(Math.log10(count)) - 1);
  return Math.round(count / step) * step;
}

/**
 * A drive: the same distance by train, when the train is lower. Anything else: the distance an average car would
 * drive for the same CO2 (under one mile or km, hours of an LED bulb instead; beyond once around the Earth, the
 * number of times around). Undefined for nothing at all, or a drive the train would not improve on.
 */
export function chooseComparison(
  grams: number,
  dataset: DatasetId,
  unit: DistanceUnit,
  activity: ComparedActivity = { kind: 'other' },
): Comparison | undefined {
  if (!(grams > 0)) return undefined;
  const rates = comparisonRates(dataset);
  if (activity.kind === 'drive') {
    const byTrain = Math.round(activity.distanceKm * activity.legs * rates.trainPerKm);
    return byTrain < grams ? { kind: 'by-train', count: byTrain, unit } : undefined;
  }
  const carKm = grams / rates.carPerKm;
  if (carKm >= EARTH_CIRCUMFERENCE_KM) {
    return { kind: 'around-the-world', count: roundCount(carKm / EARTH_CIRCUMFERENCE_KM), unit };
  }
  const distance = unit === 'mi' ? carKm / KM_PER_MILE : carKm;
  if (Math.round(distance) >= 1) return { kind: 'car-distance', count: roundCount(distance), unit };
  const hours = roundCount(grams / (rates.gridPerKwh * LED_KWH_PER_HOUR));
  return hours >= 1 ? { kind: 'led-hours', count: hours, unit } : undefined;
}
