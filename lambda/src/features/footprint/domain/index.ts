// The footprint domain: pure estimates in integer grams of CO2e, with the factors they used. No speech here.

export type { DatasetId, EmissionFactor, FactorId } from '../data/emission-factors';
export {
  type Airport,
  type AirportResolution,
  type AirportResolver,
  type AirportSize,
  airportByIata,
  bundledAirports,
  createAirportResolver,
  loadBundledAirports,
  loadBundledMetroAreas,
  type MetroAirport,
  type MetroArea,
  parseAirportRows,
  parseMetroAreas,
  resolveAirport,
  shortName,
} from './airports';
export { type ComparedActivity, type Comparison, type ComparisonKind, chooseComparison } from './comparisons';
export {
  type Cabin,
  type CarEstimate,
  type CarFuel,
  type CarInput,
  type CarSize,
  type ElectricityEstimate,
  type ElectricityInput,
  type Estimate,
  estimateCar,
  estimateElectricity,
  estimateFlight,
  estimateTransit,
  type FlightBand,
  type FlightEstimate,
  type FlightInput,
  factorById,
  type Seat,
  type TransitEstimate,
  type TransitInput,
  type TransitMode,
} from './factors';
export { roundDistanceForSpeech, roundForSpeech, type SpokenAmount } from './format';
export { type Coordinates, greatCircleKm } from './geo';
export { type DistanceUnit, KM_PER_MILE } from './units';
export {
  LIMITS,
  type Result,
  type ValidationCode,
  type ValidationError,
  type ValidationField,
  validateDistance,
  validateKwh,
  validatePassengers,
} from './validate';
