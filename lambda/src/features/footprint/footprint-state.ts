/**
 * The footprint feature's slice of the customer's state: the last estimate (what an offset is sold for), every
 * estimate for a while (what Plus reports and Reduction Plans read), and the eco tip heard last.
 */
import { type StateSlice, stateSlice } from '../../shared/customer-store';
import { isoString, positiveNumber, type Raw, record } from '../../shared/stored-values';
import type { DatasetId, FactorId } from './domain';
import { type Activity, type RecordedEstimate, TRAVEL_MODES } from './domain/footprints';

export interface FootprintState {
  /** The last footprint estimate: what an offset is sold for. */
  readonly lastEstimate: RecordedEstimate | undefined;
  /** The eco tip heard last, so the next one differs. */
  readonly lastTipId: string | undefined;
  /** Every estimate, bounded (domain/estimate-log.ts): Plus reports and Reduction Plans read it. */
  readonly log: readonly RecordedEstimate[];
}

function parseActivity(raw: Raw | undefined): Activity | undefined {
  if (!raw) return undefined;
  const passengers = positiveNumber(raw.passengers) ?? 1;
  const roundTrip = raw.roundTrip === true;
  switch (raw.kind) {
    case 'flight':
      return typeof raw.from === 'string' && typeof raw.to === 'string'
        ? { kind: 'flight', from: raw.from, to: raw.to, roundTrip, passengers }
        : undefined;
    case 'trip': {
      const mode = TRAVEL_MODES.find((known) => known === raw.mode);
      const distance = positiveNumber(raw.distance);
      const unit = raw.unit === 'km' || raw.unit === 'mi' ? raw.unit : undefined;
      return mode && distance && unit ? { kind: 'trip', mode, distance, unit, roundTrip, passengers } : undefined;
    }
    case 'electricity': {
      const kwh = positiveNumber(raw.kwh);
      return kwh ? { kind: 'electricity', kwh } : undefined;
    }
    default:
      return undefined;
  }
}

function parseEstimate(raw: Raw | undefined): RecordedEstimate | undefined {
  if (!raw) return undefined;
  const activity = parseActivity(record(raw.activity));
  const grams = raw.grams;
  const at = isoString(raw.at);
  const dataset = raw.dataset === 'epa-2025' || raw.dataset === 'desnz-2025' ? (raw.dataset as DatasetId) : undefined;
  const factorIds = Array.isArray(raw.factorIds)
    ? raw.factorIds.filter((id): id is FactorId => typeof id === 'string')
    : [];
  if (!activity || typeof grams !== 'number' || !Number.isInteger(grams) || grams < 0 || !at || !dataset)
    return undefined;
  return { activity, grams, factorIds, dataset, at };
}

export const footprintState: StateSlice<FootprintState> = stateSlice<FootprintState>(
  { lastEstimate: undefined, lastTipId: undefined, log: [] },
  (stored) => ({
    lastEstimate: parseEstimate(record(stored.lastEstimate)),
    lastTipId: typeof stored.lastTipId === 'string' ? stored.lastTipId : undefined,
    log: Array.isArray(stored.log)
      ? stored.log.flatMap((entry) => {
          const parsed = parseEstimate(record(entry));
          return parsed ? [parsed] : [];
        })
      : [],
  }),
);
