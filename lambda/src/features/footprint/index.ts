/**
 * Footprint estimates (free): flights, trips over land, home electricity, eco tips. What other features may use of
 * it is exported here, and only here.
 */
export type { Cabin, DatasetId, FactorId } from './domain';
export type { FlightRequest, RecordedEstimate } from './domain/footprints';
export type {
  EstimateFollowUp,
  FootprintExtensions,
  TravelPackAccess,
  TravelPackGate,
} from './extensions';
export { type FootprintState, footprintState } from './footprint-state';
export {
  continueFlight,
  createFootprintHandlers,
  type FootprintDeps,
  footprintAnswers,
  footprintSlotHelp,
  tipFor,
} from './handlers';
export { describeActivity, spokenAmount } from './speech';
