/**
 * What the skill decides when a customer asks for a footprint: from what was said (already read from slots, possibly
 * incomplete or wrong) to one outcome. Pure: no Alexa types, no speech. Handlers render the outcome.
 */
import {
  type Airport,
  type AirportResolution,
  type Cabin,
  type CarFuel,
  type CarSize,
  type DatasetId,
  type DistanceUnit,
  type ElectricityEstimate,
  type Estimate,
  estimateCar,
  estimateElectricity,
  estimateFlight,
  estimateTransit,
  type FactorId,
  type FlightEstimate,
  greatCircleKm,
  type Result,
  type TransitMode,
  type ValidationError,
} from './';

/** A detail the skill asks for when it is missing or wrong; named after the slot that carries it. */
export type FlightDetail = 'from' | 'to' | 'via' | 'passengers';
export type TripDetail = 'mode' | 'distance' | 'unit' | 'passengers';
export type ElectricityDetail = 'kwh';

export type Outcome<E, D extends string> = { readonly kind: 'estimate'; readonly estimate: E } | DetailOf<D>;

/**
 * A detail to ask for. `settled`: details already resolved, as the codes to keep in their slots while the next is
 * asked ("oregon", the answer to "which Portland?", is kept as PDX, so it still means PDX on the next turn).
 */
export type DetailOf<D extends string> = (
  | { readonly kind: 'missing'; readonly detail: D }
  | { readonly kind: 'invalid'; readonly detail: D; readonly error: ValidationError }
  | { readonly kind: 'unknown-airport'; readonly detail: D; readonly spoken: string }
  | {
      readonly kind: 'ambiguous-airport';
      readonly detail: D;
      readonly spoken: string;
      readonly candidates: readonly Airport[];
    }
  /** A distance in a unit that did not resolve ("10 zorks"): which unit, never assumed. */
  | { readonly kind: 'which-unit'; readonly detail: D; readonly distance: number }
  /** A trip between two places with no distance said: how far, with the straight-line distance to go by. */
  | {
      readonly kind: 'distance-between';
      readonly detail: D;
      readonly mode: TravelMode;
      /** The places as said ("new york"), and the airports their straight line was measured between. */
      readonly places: { readonly from: string; readonly to: string };
      readonly from: Airport;
      readonly to: Airport;
      readonly straightKm: number;
    }
) & { readonly settled?: Readonly<Record<string, string>> };

// ---------------------------------------------------------------------------------------------------------------
// Flights

export interface FlightRequest {
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly roundTrip: boolean;
  /** Undefined when not said: one traveller. */
  readonly passengers: number | undefined;
  /** A stopover ("via New York"): two legs, each estimated with its own haul band. */
  readonly via?: string | undefined;
  readonly cabin?: Cabin | undefined;
  /** The airports just offered for one detail ("which one?"): an answer is matched against them first. */
  readonly choices?: { readonly detail: 'from' | 'to' | 'via'; readonly iatas: readonly string[] } | undefined;
}

/** How an airport is resolved: what was said, and the codes just offered for it. */
export type ResolveAirport = (text: string, choices?: readonly string[]) => AirportResolution;

const TRIP_TYPE_AT_END = /\s+(?:(round trip|roundtrip|return|and back|there and back|both ways)|(one way))$/i;

/**
 * "Tokyo round trip": Alexa's language model may leave the trip type inside the airport's words. It is taken out of
 * the places and made the trip type, so an airport is never named "Tokyo round trip".
 */
export function withTripTypeFromPlaces(request: FlightRequest): FlightRequest {
  let roundTrip = request.roundTrip;
  const clean = (place: string | undefined) => {
    if (place === undefined) return undefined;
    const found = TRIP_TYPE_AT_END.exec(place);
    if (!found) return place;
    roundTrip = found[1] !== undefined;
    return place.slice(0, found.index).trim() || undefined;
  };
  const from = clean(request.from);
  const to = clean(request.to);
  return from === request.from && to === request.to ? request : { ...request, from, to, roundTrip };
}

export interface FlightFootprint {
  /** The whole trip: grams, distance and factors summed over the legs. */
  readonly estimate: FlightEstimate;
  readonly from: Airport;
  readonly to: Airport;
  readonly via: Airport | undefined;
  /** The cabin asked for (the estimate's seat says what the figure is for). */
  readonly askedCabin?: Cabin | undefined;
}

/** Stopovers, cabin class and several travellers come with the Travel Pack (every one changes the figure). */
export function usesTravelPack(request: FlightRequest): boolean {
  return (
    request.via !== undefined ||
    (request.cabin !== undefined && request.cabin !== 'economy') ||
    (request.passengers !== undefined && request.passengers !== 1)
  );
}

/** The free version of a flight request: one traveller, no cabin asked for, direct. */
export function withoutTravelPack(request: FlightRequest): FlightRequest {
  return {
    from: request.from,
    to: request.to,
    roundTrip: request.roundTrip,
    passengers: undefined,
    ...(request.choices ? { choices: request.choices } : {}),
  };
}

/**
 * Flying's non-CO2 warming (contrails, NOx): DESNZ applies a multiplier of 1.7 to the CO2 of flights. For EPA
 * factors (CO2 only) this says what the impact is with it; for DESNZ factors (already with it), the CO2 alone.
 */
export const NON_CO2_MULTIPLIER = 1.7;

export function nonCo2Detail(
  grams: number,
  includesUplift: boolean,
): { readonly kind: 'with-effects' | 'co2-only'; readonly grams: number } {
  return includesUplift
    ? { kind: 'co2-only', grams: Math.round(grams / NON_CO2_MULTIPLIER) }
    : { kind: 'with-effects', grams: Math.round(grams * NON_CO2_MULTIPLIER) };
}

export type FlightOutcome = Outcome<FlightFootprint, FlightDetail>;

type AirportStep =
  | { readonly ok: true; readonly airport: Airport }
  | { readonly ok: false; readonly outcome: DetailOf<FlightDetail> };

function airportFor(detail: 'from' | 'to' | 'via', request: FlightRequest, resolve: ResolveAirport): AirportStep {
  const spoken = request[detail];
  if (spoken === undefined) return { ok: false, outcome: { kind: 'missing', detail } };
  const found = resolve(spoken, request.choices?.detail === detail ? request.choices.iatas : undefined);
  switch (found.kind) {
    case 'match':
      return { ok: true, airport: found.airport };
    case 'ambiguous':
      return { ok: false, outcome: { kind: 'ambiguous-airport', detail, spoken, candidates: found.candidates } };
    case 'none':
      return { ok: false, outcome: { kind: 'unknown-airport', detail, spoken } };
  }
}

export function footprintOfFlight(request: FlightRequest, dataset: DatasetId, resolve: ResolveAirport): FlightOutcome {
  const settled: Record<string, string> = {};
  const from = airportFor('from', request, resolve);
  if (!from.ok) return from.outcome;
  settled.from = from.airport.iata;
  const to = airportFor('to', request, resolve);
  if (!to.ok) return { ...to.outcome, settled };
  settled.to = to.airport.iata;
  const via = request.via === undefined ? undefined : airportFor('via', request, resolve);
  if (via && !via.ok) return { ...via.outcome, settled };
  const stops = via ? [from.airport, via.airport, to.airport] : [from.airport, to.airport];
  const legs: FlightEstimate[] = [];
  for (let i = 0; i + 1 < stops.length; i++) {
    const [legFrom, legTo] = [stops[i], stops[i + 1]] as [Airport, Airport];
    const result = estimateFlight(
      {
        from: legFrom,
        to: legTo,
        roundTrip: request.roundTrip,
        passengers: request.passengers ?? 1,
        ...(request.cabin ? { cabin: request.cabin } : {}),
      },
      dataset,
    );
    if (!result.ok) {
      const detail: FlightDetail = result.error.field === 'passengers' ? 'passengers' : via && i === 0 ? 'via' : 'to';
      return { kind: 'invalid', detail, error: result.error };
    }
    legs.push(result.value);
  }
  const [first, ...rest] = legs as [FlightEstimate, ...FlightEstimate[]];
  const factorIds = new Set(first.factorIds);
  let grams = first.grams;
  let distanceKm = first.distanceKm;
  for (const leg of rest) {
    grams += leg.grams;
    distanceKm += leg.distanceKm;
    for (const id of leg.factorIds) factorIds.add(id);
  }
  const estimate: FlightEstimate = { ...first, grams, distanceKm, factorIds: [...factorIds] };
  return {
    kind: 'estimate',
    estimate: { estimate, from: from.airport, to: to.airport, via: via?.airport, askedCabin: request.cabin },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Trips over land: cars, trains, buses, motorcycles

/** What the customer travelled in, as the interaction model's TRAVEL_MODE slot type names it (its value IDs). */
export type TravelMode =
  | 'car'
  | 'suv'
  | 'electric_car'
  | 'hybrid_car'
  | 'train'
  | 'commuter_train'
  | 'subway'
  | 'bus'
  | 'motorcycle'
  | 'walk'
  | 'bike';

export const TRAVEL_MODES: readonly TravelMode[] = [
  'car',
  'suv',
  'electric_car',
  'hybrid_car',
  'train',
  'commuter_train',
  'subway',
  'bus',
  'motorcycle',
  'walk',
  'bike',
];

/** Walking and cycling burn no fuel: their estimate is zero, and there is nothing to offset. */
export function isZeroCarbon(mode: TravelMode): boolean {
  return mode === 'walk' || mode === 'bike';
}

const MODE_WORDS: Readonly<Record<string, TravelMode>> = {
  train: 'train',
  rail: 'train',
  amtrak: 'train',
  bus: 'bus',
  coach: 'bus',
  drive: 'car',
  car: 'car',
  subway: 'subway',
  tube: 'subway',
  metro: 'subway',
  motorcycle: 'motorcycle',
  motorbike: 'motorcycle',
  bike: 'bike',
  cycle: 'bike',
  walk: 'walk',
};

/** The travel mode a word names ("a train from …" heard as a flight's trip type): the trip goes to its estimate. */
export function travelModeNamed(word: string): TravelMode | undefined {
  return MODE_WORDS[
    word
      .trim()
      .toLowerCase()
      .replace(/ (ride|trip|journey)$/, '')
  ];
}

export interface TripRequest {
  readonly mode: TravelMode | undefined;
  readonly distance: number | undefined;
  /** `unknown`: a unit was said that is neither miles nor kilometres ("10 zorks"). */
  readonly unit: DistanceUnit | 'unknown';
  readonly fuel: CarFuel | undefined;
  readonly size: CarSize | undefined;
  readonly passengers: number | undefined;
  readonly roundTrip: boolean;
  /** Places a trip went between ("a train from New York to Boston"), when it was said that way. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface TripFootprint {
  readonly estimate: Estimate & { readonly distanceKm: number; readonly legs: 1 | 2; readonly passengers: number };
  readonly mode: TravelMode;
  readonly distance: number;
  readonly unit: DistanceUnit;
  /** For a car: the size and fuel it was priced as (said back: "in a large diesel car"). */
  readonly size?: CarSize | undefined;
  readonly fuel?: CarFuel | undefined;
}

export type TripOutcome = Outcome<TripFootprint, TripDetail>;

const TRANSIT: Partial<Record<TravelMode, TransitMode>> = {
  train: 'train',
  commuter_train: 'commuter-train',
  subway: 'subway',
  bus: 'bus',
  motorcycle: 'motorcycle',
  walk: 'walk',
  bike: 'bike',
};

/** Cars share their footprint between the people in them; trains, buses and motorcycles count each traveller. */
export function isCar(mode: TravelMode): boolean {
  return TRANSIT[mode] === undefined;
}

function carFuel(mode: TravelMode, fuel: CarFuel | undefined): CarFuel | undefined {
  if (mode === 'electric_car') return 'electric';
  if (mode === 'hybrid_car') return 'hybrid';
  return fuel;
}

/** "a drive in an electric car" is an electric-car trip, and is said so. */
function withFuel(mode: TravelMode, fuel: CarFuel | undefined): TravelMode {
  if (mode !== 'car') return mode;
  if (fuel === 'electric') return 'electric_car';
  if (fuel === 'hybrid') return 'hybrid_car';
  return mode;
}

/** How far between two places, when both resolve (the first of a city's airports will do for a straight line). */
function between(mode: TravelMode, request: TripRequest, resolve: ResolveAirport | undefined): TripOutcome | undefined {
  if (!resolve || request.from === undefined || request.to === undefined) return undefined;
  const place = (text: string): Airport | undefined => {
    const found = resolve(text);
    return found.kind === 'match' ? found.airport : found.kind === 'ambiguous' ? found.candidates[0] : undefined;
  };
  const from = place(request.from);
  const to = place(request.to);
  if (!from || !to) return undefined;
  const places = { from: request.from, to: request.to };
  return { kind: 'distance-between', detail: 'distance', mode, places, from, to, straightKm: greatCircleKm(from, to) };
}

export function footprintOfTrip(request: TripRequest, dataset: DatasetId, resolve?: ResolveAirport): TripOutcome {
  if (request.mode === undefined) return { kind: 'missing', detail: 'mode' };
  if (request.distance === undefined) {
    return between(request.mode, request, resolve) ?? { kind: 'missing', detail: 'distance' };
  }
  const { unit } = request;
  if (unit === 'unknown') return { kind: 'which-unit', detail: 'unit', distance: request.distance };
  const mode = withFuel(request.mode, request.fuel);
  const transit = TRANSIT[mode];
  const result: Result<TripFootprint['estimate']> = transit
    ? estimateTransit(
        {
          mode: transit,
          distance: request.distance,
          unit,
          roundTrip: request.roundTrip,
          ...(request.passengers === undefined ? {} : { passengers: request.passengers }),
        },
        dataset,
      )
    : estimateCar(
        {
          distance: request.distance,
          unit,
          passengers: request.passengers ?? 1,
          roundTrip: request.roundTrip,
          ...(mode === 'suv' ? { size: 'suv' as const } : request.size ? { size: request.size } : {}),
          ...(carFuel(mode, request.fuel) ? { fuel: carFuel(mode, request.fuel) } : {}),
        },
        dataset,
      );
  if (!result.ok) {
    return {
      kind: 'invalid',
      detail: result.error.field === 'passengers' ? 'passengers' : 'distance',
      error: result.error,
    };
  }
  const car = transit === undefined && mode !== 'suv' && mode !== 'electric_car';
  return {
    kind: 'estimate',
    estimate: {
      estimate: result.value,
      mode,
      distance: request.distance,
      unit,
      ...(car && request.size ? { size: request.size } : {}),
      ...(car && request.fuel && mode === 'car' ? { fuel: request.fuel } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Home electricity

export type ElectricityOutcome = Outcome<ElectricityEstimate, ElectricityDetail>;

export function footprintOfElectricity(kwh: number | undefined, dataset: DatasetId): ElectricityOutcome {
  if (kwh === undefined) return { kind: 'missing', detail: 'kwh' };
  const result = estimateElectricity({ kwh }, dataset);
  return result.ok
    ? { kind: 'estimate', estimate: result.value }
    : { kind: 'invalid', detail: 'kwh', error: result.error };
}

// ---------------------------------------------------------------------------------------------------------------
// The last estimate, kept in the customer's state: what an offset is sold for.

export type Activity =
  | {
      readonly kind: 'flight';
      readonly from: string;
      readonly to: string;
      readonly roundTrip: boolean;
      readonly passengers: number;
    }
  | {
      readonly kind: 'trip';
      readonly mode: TravelMode;
      readonly distance: number;
      readonly unit: DistanceUnit;
      readonly roundTrip: boolean;
      readonly passengers: number;
    }
  | { readonly kind: 'electricity'; readonly kwh: number };

export interface RecordedEstimate {
  readonly activity: Activity;
  /** Integer grams of CO2e. */
  readonly grams: number;
  readonly factorIds: readonly FactorId[];
  readonly dataset: DatasetId;
  /** ISO timestamp. */
  readonly at: string;
}

export function recordFlight(plan: FlightFootprint, at: Date): RecordedEstimate {
  const { estimate } = plan;
  return {
    activity: {
      kind: 'flight',
      from: plan.from.iata,
      to: plan.to.iata,
      roundTrip: estimate.legs === 2,
      passengers: estimate.passengers,
      ...(plan.via ? { via: plan.via.iata } : {}),
      ...(estimate.seat !== 'economy' && estimate.seat !== 'average' ? { cabin: estimate.seat } : {}),
    },
    grams: estimate.grams,
    factorIds: estimate.factorIds,
    dataset: estimate.dataset,
    at: at.toISOString(),
  };
}

export function recordTrip(plan: TripFootprint, at: Date): RecordedEstimate {
  const { estimate } = plan;
  return {
    activity: {
      kind: 'trip',
      mode: plan.mode,
      distance: plan.distance,
      unit: plan.unit,
      roundTrip: estimate.legs === 2,
      passengers: estimate.passengers,
    },
    grams: estimate.grams,
    factorIds: estimate.factorIds,
    dataset: estimate.dataset,
    at: at.toISOString(),
  };
}

export function recordElectricity(estimate: ElectricityEstimate, at: Date): RecordedEstimate {
  return {
    activity: { kind: 'electricity', kwh: estimate.kwh },
    grams: estimate.grams,
    factorIds: estimate.factorIds,
    dataset: estimate.dataset,
    at: at.toISOString(),
  };
}

/** The dataset a locale's estimates use: UK government factors in en-GB, US EPA factors elsewhere. */
export function datasetFor(locale: string | undefined): DatasetId {
  return locale === 'en-GB' ? 'desnz-2025' : 'epa-2025';
}

/** Distances are said in the locale's unit unless the customer named one. */
export function distanceUnitFor(locale: string | undefined): DistanceUnit {
  return locale === 'en-GB' ? 'km' : 'mi';
}
