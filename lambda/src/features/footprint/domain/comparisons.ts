// Relatable comparisons for a footprint, with the constants of the US EPA Greenhouse Gas Equivalencies Calculator
// ("Calculations and References", epa.gov/energy/greenhouse-gas-equivalencies-calculator-calculations-and-references).
import type { DistanceUnit } from './units';
import { KM_PER_MILE } from './units';

export type ComparisonKind = 'smartphone-charges' | 'car-miles' | 'car-km' | 'tree-seedlings-10-years' | 'car-years';

export interface Comparison {
  readonly kind: ComparisonKind;
  /** A whole number, two significant figures from 100 up. */
  readonly count: number;
}

export interface ComparisonUnit {
  readonly kind: ComparisonKind;
  readonly gramsEach: number;
  readonly source: string;
}

const CAR_GRAMS_PER_MILE = 393;

/** Smallest first. */
export const COMPARISON_UNITS: readonly ComparisonUnit[] = [
  {
    kind: 'smartphone-charges',
    gramsEach: 12.4,
    source: 'EPA equivalencies: 1.24 x 10^-5 metric tons CO2 per smartphone charged',
  },
  {
    kind: 'car-miles',
    gramsEach: CAR_GRAMS_PER_MILE,
    source:
      'EPA equivalencies: 3.93 x 10^-4 metric tons CO2e per mile driven by the average gasoline passenger vehicle',
  },
  {
    kind: 'car-km',
    gramsEach: CAR_GRAMS_PER_MILE / KM_PER_MILE,
    source: 'EPA equivalencies per mile (3.93 x 10^-4 t CO2e) divided by 1.609344 km per mile (our conversion)',
  },
  {
    kind: 'tree-seedlings-10-years',
    gramsEach: 60_000,
    source: 'EPA equivalencies: 0.060 metric ton CO2 per urban tree seedling grown for 10 years',
  },
  {
    kind: 'car-years',
    gramsEach: 4_290_000,
    source: 'EPA equivalencies: 4.29 metric tons CO2e per gasoline passenger vehicle driven for one year',
  },
];

/** The count aimed for; the unit whose count is nearest to it on a log scale is chosen. */
const TARGET_COUNT = 30;

function roundCount(count: number): number {
  if (count < 100) return Math.round(count);
  const step = 10 ** (Math.floor(Math.log10(count)) - 1);
  return Math.round(count / step) * step;
}

/**
 * Chooses, by magnitude alone, the comparison whose count is closest to about 30 on a log scale, so the number said
 * stays between about 1 and a few hundred (above 15 t it is car-years, which passes 1,000 only above 4,290 t).
 * Distance comparisons use miles or km as asked; `exclude` leaves kinds out (a drive is not compared with driving).
 * Undefined when even one smartphone charge would overstate it.
 */
export function chooseComparison(
  grams: number,
  distanceUnit: DistanceUnit = 'mi',
  exclude: readonly ComparisonKind[] = [],
): Comparison | undefined {
  if (!(grams > 0)) return undefined;
  const skipped: ComparisonKind = distanceUnit === 'mi' ? 'car-km' : 'car-miles';
  let best: { unit: ComparisonUnit; distance: number } | undefined;
  for (const unit of COMPARISON_UNITS) {
    if (unit.kind === skipped || exclude.includes(unit.kind)) continue;
    // A count that rounds to zero says nothing: only units of which there is at least one are candidates.
    if (roundCount(grams / unit.gramsEach) < 1) continue;
    const distance = Math.abs(Math.log10(grams / unit.gramsEach / TARGET_COUNT));
    if (best === undefined || distance < best.distance) best = { unit, distance };
  }
  if (best === undefined) return undefined;
  const count = roundCount(grams / best.unit.gramsEach);
  return count >= 1 ? { kind: best.unit.kind, count } : undefined;
}
