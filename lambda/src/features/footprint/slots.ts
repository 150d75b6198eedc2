import type { HandlerInput } from 'ask-sdk-core';
import { resolveSlot, slotValue } from '../../conversation/request';
import type { Cabin, CarFuel, CarSize, DistanceUnit } from './domain';
import { TRAVEL_MODES, type TravelMode } from './domain/footprints';

/** Readers for the footprint intents' slots: each returns undefined when the slot is empty or unrecognised. */

/**
 * AMAZON.NUMBER: digits, or "?" when Alexa heard something it could not read as a number (NaN then). Only numbers a
 * person says count: up to twelve digits, and two decimals at most; a 23-digit count or 0.0000000000000000001 miles
 * is no number anyone said (NaN too), so it is never spoken back or stored.
 */
export function numberSlot(input: HandlerInput, name: string): number | undefined {
  const value = slotValue(input, name);
  if (value === undefined) return undefined;
  return /^-?\d{1,12}(\.\d{1,2})?$/.test(value) ? Number(value) : Number.NaN;
}

function resolvedId<T extends string>(input: HandlerInput, name: string, known: readonly T[]): T | undefined {
  const resolution = resolveSlot(input, name);
  if (resolution.status !== 'match') return undefined;
  return known.find((id) => id === resolution.value.id);
}

export function travelModeSlot(input: HandlerInput): TravelMode | undefined {
  return resolvedId(input, 'mode', TRAVEL_MODES);
}

/** The unit said; `unknown` when one was said that is neither miles nor kilometres ("10 zorks"). */
export function distanceUnitSlot(input: HandlerInput): DistanceUnit | 'unknown' | undefined {
  const unit = resolvedId(input, 'unit', ['mi', 'km'] as const);
  return unit ?? (resolveSlot(input, 'unit').status === 'no-match' ? 'unknown' : undefined);
}

const FRACTIONS = { half: 0.5, quarter: 0.25, three_quarters: 0.75 } as const;

/**
 * The distance as said: a whole number ("twelve"), with a decimal part ("one point five": `decimal` holds the
 * digits after the point) or a fraction ("two and a half", "half a mile"). NaN when a number was not understood.
 */
export function distanceSlot(input: HandlerInput): number | undefined {
  const whole = numberSlot(input, 'distance');
  const decimals = slotValue(input, 'decimal');
  const fraction = resolvedId(input, 'fraction', ['half', 'quarter', 'three_quarters'] as const);
  if (whole === undefined) return fraction === undefined ? undefined : FRACTIONS[fraction];
  if (decimals !== undefined) return /^\d+$/.test(decimals) ? whole + Number(`0.${decimals}`) : Number.NaN;
  return fraction === undefined ? whole : whole + FRACTIONS[fraction];
}

export function fuelSlot(input: HandlerInput): CarFuel | undefined {
  return resolvedId(input, 'fuel', ['petrol', 'diesel', 'hybrid', 'electric'] as const);
}

export function carSizeSlot(input: HandlerInput): CarSize | undefined {
  return resolvedId(input, 'size', ['small', 'medium', 'large', 'suv'] as const);
}

export function roundTripSlot(input: HandlerInput): boolean {
  return resolvedId(input, 'tripType', ['one_way', 'round_trip'] as const) === 'round_trip';
}

/** A trip type that did not resolve as one ("a train from New York to Boston" heard as a flight): what was said. */
export function unresolvedTripType(input: HandlerInput): string | undefined {
  const resolution = resolveSlot(input, 'tripType');
  return resolution.status === 'no-match' ? resolution.spoken : undefined;
}

export function cabinSlot(input: HandlerInput): Cabin | undefined {
  return resolvedId(input, 'cabin', ['economy', 'premium-economy', 'business', 'first'] as const);
}
