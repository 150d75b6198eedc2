/**
 * How footprint answers are said: each use case's answer rendered into the turn's reply. A footprint is the activity,
 * the amount, one comparison, the basis (once a session) and a question that fits it, in one breath; anything else
 * asks for the one detail that is missing or wrong.
 */
import type { Response } from 'ask-sdk-model';
import { intentRequest } from '../../conversation/request';
import type { Turn } from '../../conversation/turn';
import type { SpeechPart } from '../../shared/ssml';
import type { Variants } from '../../shared/variants';
import {
  bundledAirports,
  type ComparedActivity,
  chooseComparison,
  roundDistanceForSpeech,
  roundForSpeech,
} from './domain';
import { type Activity, distanceUnitFor, isCar, isZeroCarbon } from './domain/footprints';
import { type EstimateKind, footprintMessagesFor } from './messages';
import type { DetailOutcome, ElectricityAnswer, Estimated, FlightAnswer, TripAnswer } from './use-cases';

/** The most words an estimate takes before its question (issue 9: one breath). */
export const ONE_BREATH_WORDS = 35;

const wordsIn = (part: SpeechPart | undefined): number =>
  typeof part === 'string' ? part.split(/\s+/).filter((word) => /\w/.test(word)).length : 0;

/** The words of a question's lead-in: everything but its last sentence. */
function leadWords(part: SpeechPart): number {
  if (typeof part !== 'string') return 0;
  const sentences = part.match(/[^.?!]+[.?!]*/g) ?? [];
  return wordsIn(sentences.slice(0, -1).join(' '));
}

interface Spoken {
  readonly activity: string;
  readonly who: string;
  readonly kind: EstimateKind;
  readonly compared: ComparedActivity;
  /** Said first (for example why a flight is estimated for one traveller). */
  readonly before?: SpeechPart | undefined;
  /** Said after the amount: the Travel Pack's non-CO2 detail, or why the seat is not the cabin asked for. */
  readonly after?: string | undefined;
}

function speakEstimate(turn: Turn, { recorded, followUp }: Estimated<unknown>, spoken: Spoken): Response {
  const messages = footprintMessagesFor(turn.locale);
  const unit = distanceUnitFor(turn.locale);
  const { activity, who, kind, compared, before, after } = spoken;
  turn.conversation.topic = 'estimate';
  const question = followUp?.speech ?? turn.say(messages.followUp[kind]);
  if (kind === 'zero-carbon') {
    turn.reply.say(before, turn.say(messages.zeroCarbon(activity)));
    return turn.reply.ask([question], [followUp?.reprompt ?? turn.say(messages.followUpReprompt)], followUp?.question);
  }
  const amount = (grams: number) => messages.amount(roundForSpeech(grams));
  const result = turn.say(messages.result(activity, amount(recorded.grams), who));
  const basis = turn.conversation.basisSaid ? undefined : messages.basis(recorded.dataset, kind === 'flight' && !after);
  const found = chooseComparison(recorded.grams, recorded.dataset, unit, compared);
  const comparison = found && !after ? messages.comparison(found, amount) : undefined;
  // One breath: the comparison goes first when it would not fit, then the basis waits for a shorter answer.
  const budget = ONE_BREATH_WORDS - leadWords(question);
  const words = (...parts: (SpeechPart | undefined)[]) => parts.reduce((sum: number, part) => sum + wordsIn(part), 0);
  const saidBasis = basis !== undefined && words(before, result, after, basis) <= budget ? basis : undefined;
  const saidComparison =
    comparison !== undefined && words(before, result, after, saidBasis, comparison) <= budget ? comparison : undefined;
  if (saidBasis) turn.conversation.markBasisSaid();
  turn.reply.say(before, result, saidComparison, after, saidBasis);
  // Another feature's question (a product suggestion, an offer to offset it) replaces the footprint's own.
  if (followUp) return turn.reply.ask([followUp.speech], [followUp.reprompt], followUp.question);
  return turn.reply.ask([question], [turn.say(messages.followUpReprompt)]);
}

/**
 * Everything but an estimate: say what is wrong or missing and ask for that one detail, with Dialog.ElicitSlot so
 * Alexa keeps the intent's other slots (the slot asked for is cleared). A question asked again is worded anew.
 */
function askForDetail(turn: Turn, outcome: DetailOutcome): Response {
  const messages = footprintMessagesFor(turn.locale);
  const unit = distanceUnitFor(turn.locale);
  const { detail } = outcome;
  const intent = intentRequest(turn.input)?.intent?.name ?? '';
  const choices = outcome.kind === 'ambiguous-airport' ? outcome.candidates.map((airport) => airport.iata) : undefined;
  const times = turn.conversation.timesAsking({ kind: 'slot', intent, slot: detail, ...(choices ? { choices } : {}) });
  const nth = (variants: Variants) => variants[times % variants.length] ?? variants[0];
  turn.conversation.topic = 'estimate';
  const reprompt = [nth(messages.reprompt[detail])];
  const values = outcome.settled;
  switch (outcome.kind) {
    case 'ambiguous-airport': {
      const labels = bundledAirports.choiceLabels(outcome.candidates);
      const code = outcome.candidates[0]?.iata ?? '';
      const question = messages.ambiguousAirport(outcome.spoken, labels, code, times);
      const again = messages.ambiguousAirport(outcome.spoken, labels, code, 1);
      return turn.reply.elicit(detail, [question], [again], { choices: choices ?? [], ...(values ? { values } : {}) });
    }
    case 'which-unit':
      return turn.reply.elicit(detail, [messages.whichUnit(outcome.distance)], reprompt);
    case 'distance-between': {
      const { from, to } = outcome.places;
      const straight = roundDistanceForSpeech(outcome.straightKm, unit);
      return turn.reply.elicit(detail, [messages.distanceBetween(outcome.mode, from, to, straight)], reprompt);
    }
    case 'invalid':
      turn.reply.say(messages.invalid(outcome.error));
      break;
    case 'unknown-airport':
      turn.reply.say(messages.unknownAirport);
      break;
    case 'missing':
      break;
  }
  return turn.reply.elicit(detail, [nth(messages.ask[detail])], reprompt, values ? { values } : {});
}

export function speakFlight(turn: Turn, answer: FlightAnswer): Response {
  if (answer.kind === 'hand-off') return turn.reply.handOff(answer.handOff);
  if (answer.kind === 'detail') return askForDetail(turn, answer.outcome);
  const messages = footprintMessagesFor(turn.locale);
  const unit = distanceUnitFor(turn.locale);
  const { footprint, nonCo2 } = answer;
  const { estimate, askedCabin } = footprint;
  const names = {
    from: bundledAirports.spokenName(footprint.from),
    to: bundledAirports.spokenName(footprint.to),
    via: footprint.via ? bundledAirports.spokenName(footprint.via) : undefined,
  };
  const seatDiffers = askedCabin !== undefined && askedCabin !== estimate.seat;
  const note = nonCo2
    ? messages.nonCo2(nonCo2.kind, messages.amount(roundForSpeech(nonCo2.grams)))
    : seatDiffers
      ? messages.seatNote(askedCabin, estimate.seat)
      : undefined;
  return speakEstimate(turn, answer, {
    activity: messages.flight(footprint, roundDistanceForSpeech(estimate.distanceKm, unit), names),
    who: messages.forTravellers(estimate.passengers),
    kind: 'flight',
    compared: { kind: 'other' },
    before: answer.freeVersionNote,
    after: note,
  });
}

export function speakTrip(turn: Turn, answer: TripAnswer): Response {
  if (answer.kind === 'detail') return askForDetail(turn, answer.outcome);
  const messages = footprintMessagesFor(turn.locale);
  const { footprint } = answer;
  const { estimate, mode } = footprint;
  const car = isCar(mode);
  return speakEstimate(turn, answer, {
    activity: messages.trip(mode, footprint.distance, footprint.unit, estimate.legs === 2, footprint),
    who: car ? messages.carShare(estimate.passengers) : messages.forTravellers(estimate.passengers),
    kind: isZeroCarbon(mode) ? 'zero-carbon' : 'trip',
    compared: car ? { kind: 'drive', distanceKm: estimate.distanceKm, legs: estimate.legs } : { kind: 'other' },
  });
}

export function speakElectricity(turn: Turn, answer: ElectricityAnswer): Response {
  if (answer.kind === 'detail') return askForDetail(turn, answer.outcome);
  const messages = footprintMessagesFor(turn.locale);
  return speakEstimate(turn, answer, {
    activity: messages.electricity(answer.footprint.kwh),
    who: '',
    kind: 'electricity',
    compared: { kind: 'other' },
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

/** A recorded estimate in a few words ("the one-way flight from Seattle to Boston", "a 50 mile drive"). */
export function describeActivity(locale: string | undefined, activity: Activity): string {
  const messages = footprintMessagesFor(locale);
  switch (activity.kind) {
    case 'flight': {
      const name = (iata: string) => {
        const airport = bundledAirports.byIata(iata);
        return airport ? bundledAirports.spokenName(airport) : iata;
      };
      return `the ${activity.roundTrip ? 'round trip' : 'one-way flight'} from ${name(activity.from)} to ${name(activity.to)}`;
    }
    case 'trip': {
      const trip = messages.trip(activity.mode, activity.distance, activity.unit, activity.roundTrip);
      return `${trip.charAt(0).toLowerCase()}${trip.slice(1).replace(/,$/, '')}`;
    }
    case 'electricity':
      return messages.electricity(activity.kwh);
  }
}
