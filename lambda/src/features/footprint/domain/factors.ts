import { type DatasetId, EMISSION_FACTORS, type EmissionFactor, type FactorId } from '../data/emission-factors';
import type { Airport } from './airports';
import { greatCircleKm } from './geo';
import { type DistanceUnit, GRAMS_PER_POUND, KM_PER_MILE, kmToMiles } from './units';
import { LIMITS, type Result, validateDistance, validateKwh, validatePassengers, validateRoute } from './validate';

export type Cabin = 'economy' | 'premium-economy' | 'business' | 'first';
/** 'suv' covers SUVs, pickups and vans (EPA light-duty truck; DESNZ large car). */
export type CarSize = 'small' | 'medium' | 'large' | 'suv';
export type CarFuel = 'petrol' | 'diesel' | 'hybrid' | 'electric';
export type TransitMode = 'train' | 'commuter-train' | 'subway' | 'bus' | 'motorcycle' | 'walk' | 'bike';
/** The seat a flight's figure is for: a cabin, or the average passenger where the factors have no classes. */
export type Seat = Cabin | 'average';
/** EPA: short (under 300 mi), medium, long (2,300 mi or more). DESNZ: domestic, short (up to 3,700 km), long, international. */
export type FlightBand = 'domestic' | 'short' | 'medium' | 'long' | 'international';

export interface Estimate {
  /** Integer grams of CO2e. */
  readonly grams: number;
  /** The factors used, so the figure can be traced to its dataset and year. */
  readonly factorIds: readonly FactorId[];
  readonly dataset: DatasetId;
  /** One-way distance in km, unrounded. */
  readonly distanceKm?: number;
}

export interface FlightInput {
  readonly from: Airport;
  readonly to: Airport;
  readonly roundTrip: boolean;
  /** Travellers covered; the result is their total. */
  readonly passengers: number;
  readonly cabin?: Cabin;
}

export interface FlightEstimate extends Estimate {
  readonly distanceKm: number;
  readonly band: FlightBand;
  readonly legs: 1 | 2;
  readonly passengers: number;
  /** The seat the figure is for; it differs from the cabin asked for where the factors do not tell them apart. */
  readonly seat: Seat;
  /** DESNZ flight factors include the non-CO2 (radiative forcing) uplift; EPA's do not. */
  readonly includesNonCo2Uplift: boolean;
}

export interface CarInput {
  readonly distance: number;
  readonly unit: DistanceUnit;
  readonly size?: CarSize;
  readonly fuel?: CarFuel;
  /** People sharing the car, driver included; the result is one person's share. */
  readonly passengers: number;
  readonly roundTrip?: boolean;
}

export interface CarEstimate extends Estimate {
  readonly distanceKm: number;
  readonly legs: 1 | 2;
  readonly passengers: number;
}

export interface TransitInput {
  readonly mode: TransitMode;
  readonly distance: number;
  readonly unit: DistanceUnit;
  /** Travellers covered; the result is their total (a motorcycle's factor is per bike, however many ride it). */
  readonly passengers?: number;
  readonly roundTrip?: boolean;
}

export interface TransitEstimate extends Estimate {
  readonly distanceKm: number;
  readonly legs: 1 | 2;
  readonly passengers: number;
}

export interface ElectricityInput {
  readonly kwh: number;
}

export interface ElectricityEstimate extends Estimate {
  readonly kwh: number;
}

const FACTORS: ReadonlyMap<string, EmissionFactor> = new Map(EMISSION_FACTORS.map((f) => [f.id, f]));

export function factorById(id: FactorId): EmissionFactor {
  const factor = FACTORS.get(id);
  if (factor === undefined) throw new RangeError(`No emission factor ${id}`);
  return factor;
}

/** Grams of CO2e per km (per vehicle or per passenger, as the factor is). */
function gramsPerKm(id: FactorId): number {
  const { value, unit } = factorById(id);
  switch (unit) {
    case 'kg CO2e/vehicle-mile':
    case 'kg CO2e/passenger-mile':
      return (value * 1000) / KM_PER_MILE;
    case 'kg CO2e/vehicle-km':
    case 'kg CO2e/passenger-km':
      return value * 1000;
    default:
      throw new RangeError(`${id} is in ${unit}, not per distance`);
  }
}

function gramsPerKwh(id: FactorId): number {
  const { value, unit } = factorById(id);
  switch (unit) {
    case 'kg CO2e/kWh':
      return value * 1000;
    case 'lb CO2e/MWh':
      return (value * GRAMS_PER_POUND) / 1000;
    default:
      throw new RangeError(`${id} is in ${unit}, not per kWh`);
  }
}

function kwhPerKm(id: FactorId): number {
  const { value, unit } = factorById(id);
  if (unit !== 'kWh/vehicle-km') throw new RangeError(`${id} is in ${unit}, not kWh per km`);
  return value;
}

const GRID: Record<DatasetId, FactorId> = { 'epa-2025': 'egrid23.us', 'desnz-2025': 'desnz25.elec.uk' };
const legsOf = (roundTrip: boolean | undefined): 1 | 2 => (roundTrip === true ? 2 : 1);

// --- flights ---

const EPA_SHORT_HAUL_MAX_MI = 300;
const EPA_MEDIUM_HAUL_MAX_MI = 2300;
const DESNZ_SHORT_HAUL_MAX_KM = 3700;
const UK = 'GB';

function flightBand(from: Airport, to: Airport, km: number, dataset: DatasetId): FlightBand {
  if (dataset === 'epa-2025') {
    const miles = kmToMiles(km);
    if (miles < EPA_SHORT_HAUL_MAX_MI) return 'short';
    return miles < EPA_MEDIUM_HAUL_MAX_MI ? 'medium' : 'long';
  }
  const ukEnds = [from, to].filter((airport) => airport.countryCode === UK).length;
  if (ukEnds === 2) return 'domestic';
  if (ukEnds === 0) return 'international';
  return km <= DESNZ_SHORT_HAUL_MAX_KM ? 'short' : 'long';
}

/**
 * The factors for a flight's band and cabin, and the seat they are for. DESNZ prices domestic flights per average
 * passenger, and short-haul flights only as economy or business (a short-haul premium economy seat is an economy
 * seat, a first seat a business one). EPA has one factor per band, for the average passenger: a cabin asked for is
 * priced as that factor times DESNZ 2025's ratio of the cabin to the average passenger of the matching band (EPA's
 * 300 to 2,300 miles: DESNZ short-haul, up to 3,700 km; over 2,300 miles: DESNZ international), and flights under
 * 300 miles stay the average seat, as DESNZ's domestic ones do. The factor IDs of the ratio are kept with the estimate.
 */
function flightFactors(
  band: FlightBand,
  cabin: Cabin | undefined,
  dataset: DatasetId,
): { ids: FactorId[]; seat: Seat } {
  if (dataset === 'epa-2025') {
    if (band === 'short') return { ids: ['epa25.air.short'], seat: 'average' };
    if (band !== 'medium' && band !== 'long') throw new RangeError(`EPA has no ${band} band`);
    const epa: FactorId = band === 'medium' ? 'epa25.air.medium' : 'epa25.air.long';
    if (cabin === undefined) return { ids: [epa], seat: 'average' };
    if (band === 'medium') {
      const seat = shortHaulSeat(cabin);
      return { ids: [epa, `desnz25.air.short.${seat}`, 'desnz25.air.short.average'], seat };
    }
    return { ids: [epa, `desnz25.air.intl.${cabin}`, 'desnz25.air.intl.average'], seat: cabin };
  }
  const seated = cabin ?? 'economy';
  switch (band) {
    case 'domestic':
      return { ids: ['desnz25.air.domestic'], seat: 'average' };
    case 'short': {
      const seat = shortHaulSeat(seated);
      return { ids: [`desnz25.air.short.${seat}`], seat };
    }
    case 'long':
      return { ids: [`desnz25.air.long.${seated}`], seat: seated };
    case 'international':
      return { ids: [`desnz25.air.intl.${seated}`], seat: seated };
    case 'medium':
      throw new RangeError('DESNZ has no medium-haul band');
  }
}

function shortHaulSeat(cabin: Cabin): 'economy' | 'business' {
  return cabin === 'economy' || cabin === 'premium-economy' ? 'economy' : 'business';
}

/** Grams per km of a factor, times the ratio of the second factor to the third when there are three. */
function gramsPerKmOf(ids: readonly FactorId[]): number {
  const [base, scaled, average] = ids;
  if (base === undefined) throw new RangeError('No factor');
  const perKm = gramsPerKm(base);
  if (scaled === undefined || average === undefined) return perKm;
  return (perKm * factorById(scaled).value) / factorById(average).value;
}

/** Great-circle distance between the airports; the factor's band is chosen from it. */
export function estimateFlight(input: FlightInput, dataset: DatasetId): Result<FlightEstimate> {
  const route = validateRoute(input.from.iata, input.to.iata);
  if (!route.ok) return route;
  const passengers = validatePassengers(input.passengers);
  if (!passengers.ok) return passengers;

  const distanceKm = greatCircleKm(input.from, input.to);
  const band = flightBand(input.from, input.to, distanceKm, dataset);
  const { ids, seat } = flightFactors(band, input.cabin, dataset);
  const legs = legsOf(input.roundTrip);
  const grams = Math.round(distanceKm * legs * passengers.value * gramsPerKmOf(ids));
  return {
    ok: true,
    value: {
      grams,
      factorIds: ids,
      dataset,
      distanceKm,
      band,
      legs,
      passengers: passengers.value,
      seat,
      includesNonCo2Uplift: dataset === 'desnz-2025',
    },
  };
}

// --- cars ---

type SizeKey = 'small' | 'medium' | 'large' | 'average';

function sizeKey(size: CarSize | undefined): SizeKey {
  if (size === undefined) return 'average';
  return size === 'suv' ? 'large' : size;
}

/**
 * DESNZ prices cars by size and fuel. EPA prices them by vehicle type only (a passenger car, a light-duty truck for
 * SUVs): a size or fuel asked for is priced as EPA's car times DESNZ 2025's ratio of that car to its average car of
 * unknown fuel, and the three factor IDs are kept with the estimate.
 */
function carFactors(size: CarSize | undefined, fuel: CarFuel | undefined, dataset: DatasetId): FactorId[] {
  if (fuel === 'electric') return [`desnz25.ev.${sizeKey(size)}`, GRID[dataset]];
  const desnz: FactorId = `desnz25.car.${sizeKey(size)}.${fuel ?? 'unknown'}`;
  if (dataset === 'desnz-2025') return [desnz];
  if (size === 'suv') return ['epa25.ldt'];
  return size === undefined && fuel === undefined ? ['epa25.car'] : ['epa25.car', desnz, 'desnz25.car.average.unknown'];
}

/** The per-vehicle factor shared equally by the people in the car. */
export function estimateCar(input: CarInput, dataset: DatasetId): Result<CarEstimate> {
  const distance = validateDistance(input.distance, input.unit);
  if (!distance.ok) return distance;
  const passengers = validatePassengers(input.passengers, LIMITS.maxCarOccupants);
  if (!passengers.ok) return passengers;

  const factorIds = carFactors(input.size, input.fuel, dataset);
  const [first, grid] = factorIds;
  if (first === undefined) throw new RangeError('No car factor');
  const perKm =
    input.fuel === 'electric' && grid !== undefined ? kwhPerKm(first) * gramsPerKwh(grid) : gramsPerKmOf(factorIds);
  const legs = legsOf(input.roundTrip);
  return {
    ok: true,
    value: {
      grams: Math.round((distance.value * legs * perKm) / passengers.value),
      factorIds,
      dataset,
      distanceKm: distance.value,
      legs,
      passengers: passengers.value,
    },
  };
}

// --- public transport and motorcycles ---

const TRANSIT: Record<DatasetId, Record<TransitMode, FactorId>> = {
  'epa-2025': {
    train: 'epa25.rail.intercity',
    'commuter-train': 'epa25.rail.commuter',
    subway: 'epa25.rail.transit',
    bus: 'epa25.bus',
    motorcycle: 'epa25.moto',
    walk: 'none.walking',
    bike: 'none.cycling',
  },
  'desnz-2025': {
    train: 'desnz25.rail',
    'commuter-train': 'desnz25.rail',
    subway: 'desnz25.rail.underground',
    bus: 'desnz25.bus',
    motorcycle: 'desnz25.moto',
    walk: 'none.walking',
    bike: 'none.cycling',
  },
};

/** The dataset's average car, as a drive is priced when nothing else is said (what comparisons are made with). */
export const AVERAGE_CAR: Readonly<Record<DatasetId, FactorId>> = {
  'epa-2025': 'epa25.car',
  'desnz-2025': 'desnz25.car.average.unknown',
};

/** Grams per km of the dataset's average car, of intercity rail, and per kWh of its grid. */
export function comparisonRates(dataset: DatasetId): { carPerKm: number; trainPerKm: number; gridPerKwh: number } {
  return {
    carPerKm: gramsPerKm(AVERAGE_CAR[dataset]),
    trainPerKm: gramsPerKm(TRANSIT[dataset].train),
    gridPerKwh: gramsPerKwh(GRID[dataset]),
  };
}

/** Per-passenger factors times the travellers; a motorcycle's per-vehicle factor once, however many ride it. */
export function estimateTransit(input: TransitInput, dataset: DatasetId): Result<TransitEstimate> {
  const distance = validateDistance(input.distance, input.unit);
  if (!distance.ok) return distance;
  const perVehicle = input.mode === 'motorcycle';
  const passengers = validatePassengers(
    input.passengers,
    perVehicle ? LIMITS.maxMotorcycleRiders : LIMITS.maxPassengers,
  );
  if (!passengers.ok) return passengers;

  const factorId = TRANSIT[dataset][input.mode];
  const legs = legsOf(input.roundTrip);
  const travellers = perVehicle ? 1 : passengers.value;
  return {
    ok: true,
    value: {
      grams: Math.round(distance.value * legs * travellers * gramsPerKm(factorId)),
      factorIds: [factorId],
      dataset,
      distanceKm: distance.value,
      legs,
      passengers: passengers.value,
    },
  };
}

// --- electricity ---

/** Location-based: the national grid average of the dataset's country. */
export function estimateElectricity(input: ElectricityInput, dataset: DatasetId): Result<ElectricityEstimate> {
  const kwh = validateKwh(input.kwh);
  if (!kwh.ok) return kwh;
  const factorId = GRID[dataset];
  return {
    ok: true,
    value: { grams: Math.round(kwh.value * gramsPerKwh(factorId)), factorIds: [factorId], dataset, kwh: kwh.value },
  };
}
