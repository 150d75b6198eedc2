import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { isIntent, slotValue } from '../../conversation/request';
import { Turn, type TurnDeps } from '../../conversation/turn';
import type { YesNoAnswers } from '../../conversation/yes-no';
import { resolveAirport } from './domain';
import { datasetFor, distanceUnitFor, type FlightRequest } from './domain/footprints';
import type { FootprintExtensions } from './extensions';
import { footprintState } from './footprint-state';
import { footprintMessagesFor } from './messages';
import { cabinSlot, carSizeSlot, distanceUnitSlot, fuelSlot, numberSlot, roundTripSlot, travelModeSlot } from './slots';
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

export function createFlightEstimateHandler(deps: FootprintDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateFlightIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const request: FlightRequest = {
        from: slotValue(input, 'from'),
        to: slotValue(input, 'to'),
        via: slotValue(input, 'via'),
        cabin: cabinSlot(input),
        roundTrip: roundTripSlot(input),
        passengers: numberSlot(input, 'passengers'),
      };
      return speakFlight(turn, await estimateFlight(request, datasetFor(turn.locale), portsFor(turn, deps)));
    },
  };
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
      const request = {
        mode: travelModeSlot(input),
        distance: numberSlot(input, 'distance'),
        unit: distanceUnitSlot(input) ?? distanceUnitFor(turn.locale),
        fuel: fuelSlot(input),
        size: carSizeSlot(input),
        passengers: numberSlot(input, 'passengers'),
        roundTrip: roundTripSlot(input),
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

export function createFootprintHandlers(deps: FootprintDeps): RequestHandler[] {
  return [
    createFlightEstimateHandler(deps),
    createTripEstimateHandler(deps),
    createElectricityEstimateHandler(deps),
    createEcoTipHandler(deps),
  ];
}
