/**
 * How footprint answers are said: each use case's answer rendered into the turn's reply. A footprint is the activity,
 * the amount, one comparison, the basis (once a session) and a follow-up; anything else asks for the one detail
 * that is missing or wrong.
 */
import type { Response } from 'ask-sdk-model';
import type { Turn } from '../../conversation/turn';
import type { SpeechPart } from '../../shared/ssml';
import {
  type ComparisonKind,
  chooseComparison,
  type DistanceUnit,
  roundDistanceForSpeech,
  roundForSpeech,
} from './domain';
import { distanceUnitFor, isCar } from './domain/footprints';
import { footprintMessagesFor } from './messages';
import type { DetailOutcome, ElectricityAnswer, Estimated, FlightAnswer, TripAnswer } from './use-cases';

interface Spoken {
  readonly activity: string;
  readonly who: string;
  readonly unit: DistanceUnit;
  readonly flight: boolean;
  /** Comparisons that would sound odd for this activity. */
  readonly exclude?: readonly ComparisonKind[];
  /** Said first (for example why a flight is estimated for one economy traveller). */
  readonly before?: SpeechPart | undefined;
  /** Said after the comparison (the Travel Pack's non-CO2 detail). */
  readonly after?: string | undefined;
}

function speakEstimate(turn: Turn, { recorded, followUp }: Estimated<unknown>, spoken: Spoken): Response {
  const messages = footprintMessagesFor(turn.locale);
  const { activity, who, unit, flight, exclude, before, after } = spoken;
  const amount = messages.amount(roundForSpeech(recorded.grams));
  // With a detail sentence (the non-CO2 effects) a comparison would make the answer too long for one breath.
  const comparison = after ? undefined : chooseComparison(recorded.grams, unit, exclude);
  const basis = turn.conversation.basisSaid ? undefined : messages.basis(recorded.dataset, flight && !after);
  turn.conversation.markBasisSaid();
  turn.conversation.topic = 'estimate';
  turn.reply.say(
    before,
    turn.say(messages.result(activity, amount, who)),
    comparison ? messages.comparison(comparison) : undefined,
    after,
    basis,
  );
  // Another feature's question (a product suggestion, an offer to offset it) replaces the footprint's follow-up.
  if (followUp) return turn.reply.ask([followUp.speech], [followUp.reprompt], followUp.question);
  return turn.reply.ask([turn.say(messages.followUp)], [turn.say(messages.followUp)]);
}

/**
 * Everything but an estimate: say what is wrong or missing and ask for that one detail, with Dialog.ElicitSlot so
 * Alexa keeps the intent's other slots (the slot asked for is cleared).
 */
function askForDetail(turn: Turn, outcome: DetailOutcome): Response {
  const messages = footprintMessagesFor(turn.locale);
  const { detail } = outcome;
  const explanation =
    outcome.kind === 'invalid'
      ? messages.invalid(outcome.error)
      : outcome.kind === 'unknown-airport'
        ? messages.unknownAirport(outcome.spoken)
        : undefined;
  const question =
    outcome.kind === 'ambiguous-airport'
      ? messages.ambiguousAirport(outcome.spoken, outcome.candidates.map(messages.airport))
      : turn.say(messages.ask[detail]);
  turn.conversation.topic = 'estimate';
  turn.reply.say(explanation);
  return turn.reply.elicit(detail, [question], [turn.say(messages.reprompt[detail])]);
}

export function speakFlight(turn: Turn, answer: FlightAnswer): Response {
  if (answer.kind === 'hand-off') return turn.reply.handOff(answer.handOff);
  if (answer.kind === 'detail') return askForDetail(turn, answer.outcome);
  const messages = footprintMessagesFor(turn.locale);
  const unit = distanceUnitFor(turn.locale);
  const { footprint, nonCo2 } = answer;
  return speakEstimate(turn, answer, {
    activity: messages.flight(footprint, roundDistanceForSpeech(footprint.estimate.distanceKm, unit)),
    who: messages.forTravellers(footprint.estimate.passengers),
    unit,
    flight: true,
    before: answer.freeVersionNote,
    after: nonCo2 ? messages.nonCo2(nonCo2.kind, messages.amount(roundForSpeech(nonCo2.grams))) : undefined,
  });
}

export function speakTrip(turn: Turn, answer: TripAnswer): Response {
  if (answer.kind === 'detail') return askForDetail(turn, answer.outcome);
  const messages = footprintMessagesFor(turn.locale);
  const { footprint } = answer;
  const car = isCar(footprint.mode);
  return speakEstimate(turn, answer, {
    activity: messages.trip(footprint.mode, footprint.distance, footprint.unit, footprint.estimate.legs === 2),
    who: car ? messages.carShare(footprint.estimate.passengers) : messages.forTravellers(footprint.estimate.passengers),
    unit: footprint.unit,
    flight: false,
    exclude: car ? ['car-miles', 'car-km'] : [],
  });
}

export function speakElectricity(turn: Turn, answer: ElectricityAnswer): Response {
  if (answer.kind === 'detail') return askForDetail(turn, answer.outcome);
  const messages = footprintMessagesFor(turn.locale);
  return speakEstimate(turn, answer, {
    activity: messages.electricity(answer.footprint.kwh),
    who: '',
    unit: distanceUnitFor(turn.locale),
    flight: false,
  });
}

export function speakTip(turn: Turn, tip: string): Response {
  turn.conversation.topic = 'tip';
  const followUp = turn.say(footprintMessagesFor(turn.locale).tipFollowUp);
  return turn.reply.ask([tip, followUp], [followUp]);
}

/** "398 kilograms", "1.2 metric tons": an amount of CO2e as the footprint says it in this locale. */
export function spokenAmount(locale: string | undefined, grams: number): string {
  return footprintMessagesFor(locale).amount(roundForSpeech(grams));
}
