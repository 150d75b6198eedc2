/**
 * The footprint use cases: from a typed request to one typed answer, IO through the ports given. No Alexa types, no
 * speech: `speech.ts` says the answer.
 */
import type { AskedQuestion, HandOff } from '../../conversation/reply';
import type { SliceStore } from '../../shared/customer-store';
import type { SpeechPart } from '../../shared/ssml';
import type { Random } from '../../shared/variants';
import type { DatasetId, ElectricityEstimate } from './domain';
import { appendToLog, estimatesThisMonth } from './domain/estimate-log';
import {
  type ElectricityDetail,
  type FlightDetail,
  type FlightFootprint,
  type FlightRequest,
  footprintOfElectricity,
  footprintOfFlight,
  footprintOfTrip,
  nonCo2Detail,
  type Outcome,
  type RecordedEstimate,
  type ResolveAirport,
  recordElectricity,
  recordFlight,
  recordTrip,
  type TripDetail,
  type TripFootprint,
  type TripRequest,
  usesTravelPack,
  withoutTravelPack,
} from './domain/footprints';
import { nextTipIndex } from './domain/tips';
import type { FootprintExtensions } from './extensions';
import type { FootprintState } from './footprint-state';

export interface FootprintPorts extends FootprintExtensions {
  readonly clock: () => Date;
  readonly random: Random;
  readonly estimates: SliceStore<FootprintState>;
  readonly resolveAirport: ResolveAirport;
}

/** Everything but an estimate: the one detail to ask for, and why. */
export type Detail = FlightDetail | TripDetail | ElectricityDetail;
export type DetailOutcome = Exclude<Outcome<unknown, Detail>, { readonly kind: 'estimate' }>;

/** An estimate, recorded, with the question another feature asks after it (if any). */
export interface Estimated<F> {
  readonly kind: 'estimate';
  readonly footprint: F;
  readonly recorded: RecordedEstimate;
  readonly followUp: AskedQuestion | undefined;
}

export type FlightAnswer =
  | { readonly kind: 'hand-off'; readonly handOff: HandOff }
  | { readonly kind: 'detail'; readonly outcome: DetailOutcome }
  | (Estimated<FlightFootprint> & {
      /** Said first: why the flight was estimated without the Travel Pack's features. */
      readonly freeVersionNote: SpeechPart | undefined;
      /** With the Travel Pack: flying's non-CO2 effects (or the CO2 alone, where the factors include them). */
      readonly nonCo2: ReturnType<typeof nonCo2Detail> | undefined;
    });

export type TripAnswer = { readonly kind: 'detail'; readonly outcome: DetailOutcome } | Estimated<TripFootprint>;
export type ElectricityAnswer =
  | { readonly kind: 'detail'; readonly outcome: DetailOutcome }
  | Estimated<ElectricityEstimate>;

/** Keeps the estimate as the last one (what an offset sells) and in the log; returns how many this month. */
async function remember(recorded: RecordedEstimate, ports: FootprintPorts): Promise<number> {
  const now = ports.clock();
  const state = await ports.estimates.update((current) => ({
    ...current,
    lastEstimate: recorded,
    log: appendToLog(current.log, recorded, now),
  }));
  return estimatesThisMonth(state.log, now);
}

/** The first other feature with a question after this estimate asks it. */
async function followUpFor(
  count: number,
  recorded: RecordedEstimate,
  ports: FootprintPorts,
): Promise<AskedQuestion | undefined> {
  for (const followUp of ports.followUps) {
    const asked = await followUp(count, recorded);
    if (asked) return asked;
  }
  return undefined;
}

/**
 * A flight, from the intent or resumed after a purchase. Travel Pack features (a stopover, cabin class, several
 * travellers) need the Travel Pack: the owner gets them with the non-CO2 detail; anyone else gets the Travel Pack
 * suggested (the gate decides when), or the free one-traveller economy estimate. `resumed` (after Amazon's purchase
 * flow) says whether the Travel Pack was bought; a resumed flight is never suggested again.
 */
export async function estimateFlight(
  request: FlightRequest,
  dataset: DatasetId,
  ports: FootprintPorts,
  resumed?: { readonly travelPackBought: boolean },
): Promise<FlightAnswer> {
  const wantsPack = usesTravelPack(request);
  let asked = request;
  let freeVersionNote: SpeechPart | undefined;
  let hasPack = wantsPack || resumed?.travelPackBought === true;
  if (wantsPack && resumed?.travelPackBought !== true) {
    const access = await ports.travelPack(request, resumed !== undefined);
    if (access.kind === 'hand-off') return access;
    if (access.kind === 'free') {
      asked = withoutTravelPack(request);
      freeVersionNote = access.note;
      hasPack = false;
    }
  }
  const outcome = footprintOfFlight(asked, dataset, ports.resolveAirport);
  if (outcome.kind !== 'estimate') return { kind: 'detail', outcome };
  const footprint = outcome.estimate;
  const recorded = recordFlight(footprint, ports.clock());
  const count = await remember(recorded, ports);
  return {
    kind: 'estimate',
    footprint,
    recorded,
    freeVersionNote,
    nonCo2: hasPack ? nonCo2Detail(recorded.grams, footprint.estimate.includesNonCo2Uplift) : undefined,
    followUp: await followUpFor(count, recorded, ports),
  };
}

/** A car, train, bus, subway or motorcycle trip, a walk or a bike ride. */
export async function estimateTrip(
  request: TripRequest,
  dataset: DatasetId,
  ports: FootprintPorts,
): Promise<TripAnswer> {
  const outcome = footprintOfTrip(request, dataset, ports.resolveAirport);
  if (outcome.kind !== 'estimate') return { kind: 'detail', outcome };
  const recorded = recordTrip(outcome.estimate, ports.clock());
  const count = await remember(recorded, ports);
  const followUp = await followUpFor(count, recorded, ports);
  return { kind: 'estimate', footprint: outcome.estimate, recorded, followUp };
}

/** A month (or any amount) of home electricity, in kilowatt hours. */
export async function estimateElectricity(
  kwh: number | undefined,
  dataset: DatasetId,
  ports: FootprintPorts,
): Promise<ElectricityAnswer> {
  const outcome = footprintOfElectricity(kwh, dataset);
  if (outcome.kind !== 'estimate') return { kind: 'detail', outcome };
  const recorded = recordElectricity(outcome.estimate, ports.clock());
  const count = await remember(recorded, ports);
  const followUp = await followUpFor(count, recorded, ports);
  return { kind: 'estimate', footprint: outcome.estimate, recorded, followUp };
}

/** The next eco tip, never the one the customer heard last (kept in their state, so across sessions too). */
export async function nextTip(
  tips: ReadonlyArray<{ readonly id: string; readonly text: string }>,
  ports: Pick<FootprintPorts, 'estimates' | 'random'>,
): Promise<string> {
  const { result } = await ports.estimates.transact((state) => {
    const last = tips.findIndex((candidate) => candidate.id === state.lastTipId);
    const tip = tips[nextTipIndex(tips.length, last < 0 ? undefined : last, ports.random)] ?? tips[0];
    return { state: { ...state, lastTipId: tip?.id }, result: tip?.text ?? '' };
  });
  return result;
}
