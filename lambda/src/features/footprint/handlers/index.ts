import type { RequestHandler } from 'ask-sdk-core';
import { isIntent, locale, slotValue } from '../../../conversation/request';
import { type HandlerDeps, Turn } from '../../../conversation/turn';
import {
  datasetFor,
  distanceUnitFor,
  footprintOfElectricity,
  footprintOfTrip,
  isCar,
  recordElectricity,
  recordTrip,
} from '../domain/footprints';
import { answerFlight } from './flight';
import { plusSuggestion, remember } from './remember';
import { askForDetail, speakEstimate } from './render';
import { cabinSlot, carSizeSlot, distanceUnitSlot, fuelSlot, numberSlot, roundTripSlot, travelModeSlot } from './slots';
import { nextTip } from './tips';

export function createFlightEstimateHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateFlightIntent'),
    handle(input) {
      const passengers = numberSlot(input, 'passengers');
      return answerFlight(new Turn(input, deps), {
        from: slotValue(input, 'from'),
        to: slotValue(input, 'to'),
        via: slotValue(input, 'via'),
        cabin: cabinSlot(input),
        roundTrip: roundTripSlot(input),
        passengers,
      });
    },
  };
}

export function createTripEstimateHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateTripIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const unit = distanceUnitSlot(input) ?? distanceUnitFor(locale(input));
      const outcome = footprintOfTrip(
        {
          mode: travelModeSlot(input),
          distance: numberSlot(input, 'distance'),
          unit,
          fuel: fuelSlot(input),
          size: carSizeSlot(input),
          passengers: numberSlot(input, 'passengers'),
          roundTrip: roundTripSlot(input),
        },
        datasetFor(locale(input)),
      );
      if (outcome.kind !== 'estimate') return askForDetail(turn, outcome);
      const plan = outcome.estimate;
      const recorded = recordTrip(plan, deps.clock());
      const count = await remember(turn, recorded);
      const messages = turn.messages.footprint;
      const activity = messages.trip(plan.mode, plan.distance, plan.unit, plan.estimate.legs === 2);
      const car = isCar(plan.mode);
      return speakEstimate(turn, recorded, {
        activity,
        who: car ? messages.carShare(plan.estimate.passengers) : messages.forTravellers(plan.estimate.passengers),
        unit: plan.unit,
        flight: false,
        exclude: car ? ['car-miles', 'car-km'] : [],
        suggestion: await plusSuggestion(turn, count),
      });
    },
  };
}

export function createElectricityEstimateHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('EstimateElectricityIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const outcome = footprintOfElectricity(numberSlot(input, 'kwh'), datasetFor(locale(input)));
      if (outcome.kind !== 'estimate') return askForDetail(turn, outcome);
      const recorded = recordElectricity(outcome.estimate, deps.clock());
      const count = await remember(turn, recorded);
      const activity = turn.messages.footprint.electricity(outcome.estimate.kwh);
      return speakEstimate(turn, recorded, {
        activity,
        who: '',
        unit: distanceUnitFor(locale(input)),
        flight: false,
        suggestion: await plusSuggestion(turn, count),
      });
    },
  };
}

export function createEcoTipHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('EcoTipIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const tip = await nextTip(turn);
      const followUp = turn.say(turn.messages.footprint.tipFollowUp);
      return turn.ask([tip, followUp], [followUp]);
    },
  };
}
