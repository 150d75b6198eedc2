import type { Intent, Response } from 'ask-sdk-model';
import type { SpeechPart } from '../../../conversation/messages';
import { intentRequest } from '../../../conversation/request';
import type { Turn } from '../../../conversation/turn';
import { offerToOffset } from '../../offsets/handlers';
import { type ComparisonKind, chooseComparison, type DistanceUnit, roundForSpeech } from '../domain';
import type { Outcome, RecordedEstimate } from '../domain/footprints';
import type { FootprintMessages } from '../speech/english';

/**
 * Speaks a footprint: the activity, the amount, one comparison, the basis (once a session) and a follow-up.
 * Session attribute `basisSaid` remembers that the dataset was named.
 */
export interface Spoken {
  readonly activity: string;
  readonly who: string;
  readonly unit: DistanceUnit;
  readonly flight: boolean;
  /** Comparisons that would sound odd for this activity. */
  readonly exclude?: readonly ComparisonKind[];
  /** Said first (for example why a flight is estimated for one economy traveller). */
  readonly before?: string;
  /** Said after the comparison (the Travel Pack's non-CO2 detail). */
  readonly after?: string;
  /** A product suggestion that replaces the follow-up; the session then waits for yes or no. */
  readonly suggestion?: SpeechPart | undefined;
}

export function speakEstimate(
  turn: Turn,
  recorded: RecordedEstimate,
  { activity, who, unit, flight, exclude, before, after, suggestion }: Spoken,
): Response {
  const messages = turn.messages.footprint;
  const amount = messages.amount(roundForSpeech(recorded.grams));
  // With a detail sentence (the non-CO2 effects) a comparison would make the answer too long for one breath.
  const comparison = after ? undefined : chooseComparison(recorded.grams, unit, exclude);
  const session = turn.input.attributesManager.getSessionAttributes();
  const basis = session.basisSaid === true ? undefined : messages.basis(recorded.dataset, flight && !after);
  turn.input.attributesManager.setSessionAttributes({ ...session, basisSaid: true });
  turn.topic = 'estimate';
  // Where offsets are sold, the follow-up offers one: a "yes" to it offsets this estimate.
  if (!suggestion && turn.deps.offsets) offerToOffset(turn);
  const followUp = suggestion ?? turn.say(turn.deps.offsets ? messages.followUpWithOffset : messages.followUp);
  return turn.ask(
    [
      ...(before ? [before] : []),
      turn.say(messages.result(activity, amount, who)),
      ...(comparison ? [messages.comparison(comparison)] : []),
      ...(after ? [after] : []),
      ...(basis ? [basis] : []),
      followUp,
    ],
    [suggestion ?? turn.say(turn.deps.offsets ? messages.followUpWithOffset : messages.followUp)],
  );
}

type Detail = keyof FootprintMessages['ask'];

/**
 * Everything but an estimate: say what is wrong or missing and ask for that one detail, with Dialog.ElicitSlot so
 * Alexa keeps the intent's other slots (the slot asked for is cleared).
 */
export function askForDetail(turn: Turn, outcome: Exclude<Outcome<unknown, Detail>, { kind: 'estimate' }>): Response {
  const messages = turn.messages.footprint;
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
  turn.topic = 'estimate';
  const speech = [...(explanation ? [explanation] : []), question];
  const reprompt = [turn.say(messages.reprompt[detail])];
  const intent = intentRequest(turn.input)?.intent;
  if (!intent) return turn.ask(speech, reprompt);
  turn.input.responseBuilder.addElicitSlotDirective(detail, withSlotCleared(intent, detail));
  return turn.ask(speech, reprompt);
}

function withSlotCleared(intent: Intent, slotName: string): Intent {
  return {
    name: intent.name,
    confirmationStatus: intent.confirmationStatus ?? 'NONE',
    slots: { ...(intent.slots ?? {}), [slotName]: { name: slotName, confirmationStatus: 'NONE' } },
  };
}
