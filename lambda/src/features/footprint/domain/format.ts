// Rounds a footprint for speech. Locale-independent: the catalogue decides how a number is said.
import { GRAMS_PER_TONNE } from './units';

export type SpokenAmount =
  | { readonly unit: 'kg'; readonly value: number }
  | { readonly unit: 't'; readonly value: number };

const GRAMS_PER_KG = 1000;
/** Below this, two significant figures ("30 kilograms", "1.2 kilograms"); from it, whole kilograms. */
const WHOLE_KG_FROM_GRAMS = 100 * GRAMS_PER_KG;

/** Rounds a positive whole number of grams to two significant figures, half up. */
function twoSignificantGrams(grams: number): number {
  const digits = Math.floor(Math.log10(grams)) + 1;
  const step = 10 ** Math.max(0, digits - 2);
  return Math.round(grams / step) * step;
}

/**
 * Under 1 tonne: kilograms, to two significant figures below 100 kg and to the whole kilogram from 100 kg.
 * From 1 tonne: tonnes to one decimal. The unit follows the rounded amount, so 999.5 kg is said as 1 tonne.
 * Estimates carry uncertainties of 10% or more, so no more precision than this is worth saying.
 */
export function roundForSpeech(grams: number): SpokenAmount {
  if (!Number.isFinite(grams) || grams < 0) throw new RangeError(`Not an amount of grams: ${grams}`);
  const whole = Math.round(grams);
  if (whole === 0) return { unit: 'kg', value: 0 };
  if (whole < WHOLE_KG_FROM_GRAMS) return { unit: 'kg', value: twoSignificantGrams(whole) / GRAMS_PER_KG };
  const kg = Math.round(whole / GRAMS_PER_KG);
  if (kg < GRAMS_PER_TONNE / GRAMS_PER_KG) return { unit: 'kg', value: kg };
  return { unit: 't', value: Math.round(whole / (GRAMS_PER_TONNE / 10)) / 10 };
}

/**
 * A distance for speech in the customer's unit: whole units below 100, then to the nearest 10 below 1,000, then two
 * significant figures ("about 2400 miles"). A great-circle distance is only an approximation of the route flown.
 */
export function roundDistanceForSpeech(km: number, unit: 'mi' | 'km'): number {
  if (!Number.isFinite(km) || km < 0) throw new RangeError(`Not a distance: ${km}`);
  const value = unit === 'mi' ? km / 1.609344 : km;
  if (value < 100) return Math.max(1, Math.round(value));
  if (value < 1000) return Math.round(value / 10) * 10;
  const step = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / step) * step;
}
