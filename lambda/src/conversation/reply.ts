import type { HandlerInput } from 'ask-sdk-core';
import type { Intent, Response } from 'ask-sdk-model';
import { type SpeechPart, toSsml } from '../shared/ssml';
import type { Variants } from '../shared/variants';
import type { Conversation, PendingQuestion } from './conversation-state';
import type { CoreMessages } from './messages';
import { intentRequest } from './request';

/** A question another part of the skill asks at the end of a turn: what to say, the reprompt, what it waits for. */
export interface AskedQuestion {
  readonly speech: SpeechPart;
  readonly reprompt: SpeechPart;
  readonly question: PendingQuestion;
}

/**
 * A `Connections.SendRequest`: the customer is handed over to Amazon (a purchase flow, an Amazon Pay step). Amazon
 * speaks next, so it goes with no speech and no reprompt, and ends the session; the answer comes back as a
 * `Connections.Response` with the token.
 */
export interface HandOff {
  readonly type: 'Connections.SendRequest';
  readonly name: string;
  readonly payload: object;
  readonly token: string;
}

/**
 * What one turn says, composed once. Features add what they decided to say, in order (`say`, `card`), and the turn
 * ends with exactly one of the finishing calls, which renders the whole response at once (SSML escaped in one
 * place, `shared/ssml.ts`) and records the question asked and the answer for Repeat in the conversation state:
 *
 * - `ask`: speech, a question and its reprompt; the session stays open, and `question` is what the skill now waits for;
 * - `goOn`: what was said, then the one "what next?" closing of the skill;
 * - `elicit`: ask for one slot of the current intent with Dialog.ElicitSlot (Alexa keeps the other slots);
 * - `tell`: speech, and the session ends; `askForPermission` adds the consent card;
 * - `handOff`: the Connections.SendRequest directive alone (whatever was said is dropped: Amazon speaks);
 * - `silent`: an empty response, for requests Alexa expects no speech for.
 */
export class Reply {
  private readonly parts: SpeechPart[] = [];

  constructor(
    private readonly input: HandlerInput,
    private readonly conversation: Conversation,
    private readonly messages: CoreMessages,
    private readonly pick: (variants: Variants) => string,
  ) {}

  /** Adds to what the turn says (empty and undefined parts are skipped). */
  say(...parts: readonly (SpeechPart | undefined)[]): this {
    for (const part of parts) if (part !== undefined && part !== '') this.parts.push(part);
    return this;
  }

  /** A simple card in the Alexa app. */
  card(title: string, content: string): this {
    this.input.responseBuilder.withSimpleCard(title, content);
    return this;
  }

  ask(question: readonly SpeechPart[], reprompt: readonly SpeechPart[], pending?: PendingQuestion): Response {
    const speech = toSsml(...this.parts, ...question);
    const repromptSsml = toSsml(...reprompt);
    this.conversation.ask(pending);
    this.conversation.remember({ speech, reprompt: repromptSsml, question: pending });
    return this.input.responseBuilder.speak(speech).reprompt(repromptSsml).getResponse();
  }

  /** Ends an answer that asks nothing itself: "What would you like to do next?" (or the feature's own closing). */
  goOn(closing: Variants = this.messages.next): Response {
    return this.ask([this.pick(closing)], [this.pick(this.messages.nextReprompt)]);
  }

  /** Asks for one slot of the current intent; the slot asked for is cleared, the others are kept. */
  elicit(slot: string, question: readonly SpeechPart[], reprompt: readonly SpeechPart[]): Response {
    const intent = intentRequest(this.input)?.intent;
    if (!intent) return this.ask(question, reprompt);
    this.input.responseBuilder.addElicitSlotDirective(slot, withSlotCleared(intent, slot));
    return this.ask(question, reprompt, { kind: 'slot', intent: intent.name, slot });
  }

  tell(...parts: readonly SpeechPart[]): Response {
    return this.input.responseBuilder
      .speak(toSsml(...this.parts, ...parts))
      .withShouldEndSession(true)
      .getResponse();
  }

  /** Ends the session with the consent card for `scope` in the Alexa app. */
  askForPermission(scope: string, ...parts: readonly SpeechPart[]): Response {
    this.input.responseBuilder.withAskForPermissionsConsentCard([scope]);
    return this.tell(...parts);
  }

  handOff(directive: HandOff): Response {
    return this.input.responseBuilder
      .addDirective({ ...directive, payload: { ...directive.payload } })
      .withShouldEndSession(true)
      .getResponse();
  }

  silent(): Response {
    return this.input.responseBuilder.getResponse();
  }
}

function withSlotCleared(intent: Intent, slotName: string): Intent {
  return {
    name: intent.name,
    confirmationStatus: intent.confirmationStatus ?? 'NONE',
    slots: { ...(intent.slots ?? {}), [slotName]: { name: slotName, confirmationStatus: 'NONE' } },
  };
}
