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
  type Result,
  type TransitMode,
  type ValidationError,
} from './';

/** A detail the skill asks for when it is missing or wrong; named after the slot that carries it. */
export type FlightDetail = 'from' | 'to' | 'via' | 'passengers';
export type TripDetail = 'mode' | 'distance' | 'passengers';
export type ElectricityDetail = 'kwh';

export type Outcome<E, D extends string> =
  | { readonly kind: 'estimate'; readonly estimate: E }
  | { readonly kind: 'missing'; readonly detail: D }
  | { readonly kind: 'invalid'; readonly detail: D; readonly error: ValidationError }
  | { readonly kind: 'unknown-airport'; readonly detail: D; readonly spoken: string }
  | {
      readonly kind: 'ambiguous-airport';
      readonly detail: D;
      readonly spoken: string;
      readonly candidates: readonly Airport[];
    };

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
}

export interface FlightFootprint {
  /** The whole trip: grams, distance and factors summed over the legs. */
  readonly estimate: FlightEstimate;
  readonly from: Airport;
  readonly to: Airport;
  readonly via: Airport | undefined;
}

/** Stopovers, cabin class and several travellers come with the Travel Pack. */
export function usesTravelPack(request: FlightRequest): boolean {
  return (
    request.via !== undefined ||
    (request.cabin !== undefined && request.cabin !== 'economy') ||
    (request.passengers !== undefined && request.passengers !== 1)
  );
}

/** The free version of a flight request: one traveller, economy, direct. */
export function withoutTravelPack(request: FlightRequest): FlightRequest {
  return { from: request.from, to: request.to, roundTrip: request.roundTrip, passengers: undefined };
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
  | { readonly ok: false; readonly outcome: FlightOutcome };

function airportFor(
  detail: 'from' | 'to' | 'via',
  spoken: string | undefined,
  resolve: (text: string) => AirportResolution,
): AirportStep {
  if (spoken === undefined) return { ok: false, outcome: { kind: 'missing', detail } };
  const found = resolve(spoken);
  switch (found.kind) {
    case 'match':
      return { ok: true, airport: found.airport };
    case 'ambiguous':
      return { ok: false, outcome: { kind: 'ambiguous-airport', detail, spoken, candidates: found.candidates } };
    case 'none':
      return { ok: false, outcome: { kind: 'unknown-airport', detail, spoken } };
  }
}

export function footprintOfFlight(
  request: FlightRequest,
  dataset: DatasetId,
  resolve: (text: string) => AirportResolution,
): FlightOutcome {
  const from = airportFor('from', request.from, resolve);
  if (!from.ok) return from.outcome;
  const to = airportFor('to', request.to, resolve);
  if (!to.ok) return to.outcome;
  const via = request.via === undefined ? undefined : airportFor('via', request.via, resolve);
  if (via && !via.ok) return via.outcome;
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
  return { kind: 'estimate', estimate: { estimate, from: from.airport, to: to.airport, via: via?.airport } };
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
  | 'motorcycle';

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
];

export interface TripRequest {
  readonly mode: TravelMode | undefined;
  readonly distance: number | undefined;
  readonly unit: DistanceUnit;
  readonly fuel: CarFuel | undefined;
  readonly size: CarSize | undefined;
  readonly passengers: number | undefined;
  readonly roundTrip: boolean;
}

export interface TripFootprint {
  readonly estimate: Estimate & { readonly distanceKm: number; readonly legs: 1 | 2; readonly passengers: number };
  readonly mode: TravelMode;
  readonly distance: number;
  readonly unit: DistanceUnit;
}

export type TripOutcome = Outcome<TripFootprint, TripDetail>;

const TRANSIT: Partial<Record<TravelMode, TransitMode>> = {
  train: 'train',
  commuter_train: 'commuter-train',
  subway: 'subway',
  bus: 'bus',
  motorcycle: 'motorcycle',
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

export function footprintOfTrip(request: TripRequest, dataset: DatasetId): TripOutcome {
  if (request.mode === undefined) return { kind: 'missing', detail: 'mode' };
  if (request.distance === undefined) return { kind: 'missing', detail: 'distance' };
  const mode = withFuel(request.mode, request.fuel);
  const transit = TRANSIT[mode];
  const result: Result<TripFootprint['estimate']> = transit
    ? estimateTransit(
        {
          mode: transit,
          distance: request.distance,
          unit: request.unit,
          roundTrip: request.roundTrip,
          ...(request.passengers === undefined ? {} : { passengers: request.passengers }),
        },
        dataset,
      )
    : estimateCar(
        {
          distance: request.distance,
          unit: request.unit,
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
  return {
    kind: 'estimate',
    estimate: { estimate: result.value, mode, distance: request.distance, unit: request.unit },
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
      ...(estimate.cabin !== 'economy' ? { cabin: estimate.cabin } : {}),
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
