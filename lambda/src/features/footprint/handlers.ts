import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { SlotHelp } from '../../conversation/question-help';
import { isIntent, slotValue } from '../../conversation/request';
import { Turn, type TurnDeps } from '../../conversation/turn';
import type { YesNoAnswers } from '../../conversation/yes-no';
import { resolveAirport } from './domain';
import {
  datasetFor,
  distanceUnitFor,
  type FlightRequest,
  type TripRequest,
  travelModeNamed,
  withTripTypeFromPlaces,
} from './domain/footprints';
import type { FootprintExtensions } from './extensions';
import { footprintState } from './footprint-state';
import { type Detail, footprintMessagesFor } from './messages';
import {
  cabinSlot,
  carSizeSlot,
  distanceSlot,
  distanceUnitSlot,
  fuelSlot,
  numberSlot,
  roundTripSlot,
  travelModeSlot,
  unresolvedTripType,
} from './slots';
import { speakElectricity, speakFlight, speakTip, speakTrip } from './speech';
import { estimateElectricity, estimateFlight, estimateTrip, type FootprintPorts, nextTip } from './use-cases';

export interface FootprintDeps extends TurnDeps {
  /** What other features add to this turn's estimate (the Travel Pack gate, follow-up questions). */
  readonly extensions: (turn: Turn) => FootprintExtensions;
}

function portsFor(turn: Turn, deps: FootprintDeps): FootprintPorts {
  return {
    clock: deps.clock,
    random: deps.random,
    estimates: turn.customer.slice(footprintState),
    resolveAirport,
    ...deps.extensions(turn),
  };
}

/** The airports just offered in a "which one?" of this intent, which the answer is matched against first. */
function choicesAsked(turn: Turn, intent: string): FlightRequest['choices'] {
  const asked = turn.conversation.asked;
  if (asked?.kind !== 'slot' || asked.intent !== intent || !asked.choices) return undefined;
  const detail = asked.slot === 'from' || asked.slot === 'to' || asked.slot === 'via' ? asked.slot : undefined;
  return detail ? { detail, iatas: asked.choices } : undefined;
}

export function createFlightEstimateHandler(deps: FootprintDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateFlightIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      // "A train from New York to Boston" heard as a flight whose trip type is "train": it is that trip.
      const mode = travelModeNamed(unresolvedTripType(input) ?? '');
      if (mode) return tripBetween(turn, deps, mode);
      const request = withTripTypeFromPlaces({
        from: slotValue(input, 'from'),
        to: slotValue(input, 'to'),
        via: slotValue(input, 'via'),
        cabin: cabinSlot(input),
        roundTrip: roundTripSlot(input),
        passengers: numberSlot(input, 'passengers'),
        choices: choicesAsked(turn, 'EstimateFlightIntent'),
      });
      return speakFlight(turn, await estimateFlight(request, datasetFor(turn.locale), portsFor(turn, deps)));
    },
  };
}

/** A trip between the places of a flight request, by `mode`. */
async function tripBetween(turn: Turn, deps: FootprintDeps, mode: TripRequest['mode']): Promise<Response> {
  const { input } = turn;
  const request: TripRequest = {
    mode,
    distance: undefined,
    unit: distanceUnitFor(turn.locale),
    fuel: undefined,
    size: undefined,
    passengers: numberSlot(input, 'passengers'),
    roundTrip: false,
    from: slotValue(input, 'from'),
    to: slotValue(input, 'to'),
  };
  return speakTrip(turn, await estimateTrip(request, datasetFor(turn.locale), portsFor(turn, deps)));
}

/** A flight asked for before Amazon's purchase flow, answered after it (`travelPackBought`: what the flow did). */
export async function continueFlight(
  turn: Turn,
  deps: FootprintDeps,
  flight: FlightRequest,
  travelPackBought: boolean,
): Promise<Response> {
  const answer = await estimateFlight(flight, datasetFor(turn.locale), portsFor(turn, deps), { travelPackBought });
  return speakFlight(turn, answer);
}

export function createTripEstimateHandler(deps: FootprintDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateTripIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const request: TripRequest = {
        mode: travelModeSlot(input),
        distance: distanceSlot(input),
        unit: distanceUnitSlot(input) ?? distanceUnitFor(turn.locale),
        fuel: fuelSlot(input),
        size: carSizeSlot(input),
        passengers: numberSlot(input, 'passengers'),
        roundTrip: roundTripSlot(input),
        from: slotValue(input, 'from'),
        to: slotValue(input, 'to'),
      };
      return speakTrip(turn, await estimateTrip(request, datasetFor(turn.locale), portsFor(turn, deps)));
    },
  };
}

export function createElectricityEstimateHandler(deps: FootprintDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateElectricityIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const answer = await estimateElectricity(numberSlot(input, 'kwh'), datasetFor(turn.locale), portsFor(turn, deps));
      return speakElectricity(turn, answer);
    },
  };
}

/** The next eco tip for this customer (their last tip is in their state). */
export function tipFor(turn: Turn, deps: TurnDeps): Promise<string> {
  const { tips } = footprintMessagesFor(turn.locale);
  return nextTip(tips, { estimates: turn.customer.slice(footprintState), random: deps.random });
}

export function createEcoTipHandler(deps: TurnDeps): RequestHandler {
  return {
    canHandle: isIntent('EcoTipIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      return speakTip(turn, await tipFor(turn, deps));
    },
  };
}

/**
 * The answers to the footprint's yes/no questions: none yet (its follow-ups are asked by other features, and its
 * details are slots). A question of its own is answered here (docs/architecture.md, "A new yes/no question").
 */
export function footprintAnswers(_deps: FootprintDeps): Pick<YesNoAnswers, never> {
  return {};
}

/** Help at the footprint's slot questions: what the detail asked for is, and how to say it. */
export const footprintSlotHelp: SlotHelp = Object.fromEntries(
  ['EstimateFlightIntent', 'EstimateTripIntent', 'EstimateElectricityIntent'].map((intent) => [
    intent,
    (turn: Turn, slot: string) => footprintMessagesFor(turn.locale).help[slot as Detail],
  ]),
);

export function createFootprintHandlers(deps: FootprintDeps): RequestHandler[] {
  return [
    createFlightEstimateHandler(deps),
    createTripEstimateHandler(deps),
    createElectricityEstimateHandler(deps),
    createEcoTipHandler(deps),
  ];
}
