import type { HandlerInput } from 'ask-sdk-core';
import type { Intent, Response, Slot } from 'ask-sdk-model';
import { type SpeechPart, toSsml } from '../shared/ssml';
import type { Variants } from '../shared/variants';
import type { Conversation, KeptSlot, PendingQuestion, QuestionOf } from './conversation-state';
import type { CoreMessages } from './messages';
import { intentRequest } from './request';

/** A question another part of the skill asks at the end of a turn: what to say, the reprompt, what it waits for. */
export interface AskedQuestion {
  readonly speech: SpeechPart;
  readonly reprompt: SpeechPart;
  /** What the skill waits for; undefined for news that asks only "what next?". */
  readonly question: PendingQuestion | undefined;
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
 * - `elicit`: ask for one slot of the current intent (or of another, `intent`) with Dialog.ElicitSlot (Alexa keeps
 *   the other slots, and so does the question, for help and repeat);
 * - `askAgain`: the pending question asked again (after help, a fallback, a repeat), ElicitSlot included;
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

  /** The LinkAccount card: the Alexa app offers to link the skill's account (account linking). */
  linkAccountCard(): this {
    this.input.responseBuilder.withLinkAccountCard();
    return this;
  }

  ask(question: readonly SpeechPart[], reprompt: readonly SpeechPart[], pending?: PendingQuestion): Response {
    return this.respond(question, reprompt, pending, true);
  }

  private respond(
    question: readonly SpeechPart[],
    reprompt: readonly SpeechPart[],
    pending: PendingQuestion | undefined,
    remember: boolean,
  ): Response {
    const speech = toSsml(...this.parts, ...question);
    const repromptSsml = toSsml(...reprompt);
    this.conversation.ask(pending);
    if (remember) this.conversation.remember({ speech, reprompt: repromptSsml, question: pending });
    return this.input.responseBuilder.speak(speech).reprompt(repromptSsml).getResponse();
  }

  /** Ends an answer that asks nothing itself: "What would you like to do next?" (or the feature's own closing). */
  goOn(closing: Variants = this.messages.next): Response {
    return this.ask([this.pick(closing)], [this.pick(this.messages.nextReprompt)]);
  }

  /**
   * Asks for one slot of the current intent, or of `options.intent` (intent chaining: "which would you like to hear
   * about?" after "what can I buy" asks for DescribeProductIntent's product); the slot asked for is cleared, the
   * others are kept, in the directive and in the question. `choices`: the IDs of what the question offers.
   */
  elicit(
    slot: string,
    question: readonly SpeechPart[],
    reprompt: readonly SpeechPart[],
    options: {
      readonly intent?: string;
      readonly choices?: readonly string[];
      /** Slot values to keep instead of what was said (an answer to "which one?" kept as what it chose). */
      readonly values?: Readonly<Record<string, string>>;
    } = {},
  ): Response {
    const current = intentRequest(this.input)?.intent;
    const intent: Intent | undefined =
      options.intent !== undefined && options.intent !== current?.name
        ? { name: options.intent, confirmationStatus: 'NONE', slots: {} }
        : current;
    if (!intent) return this.ask(question, reprompt);
    const updated = withSlotCleared(withValues(intent, options.values), slot);
    this.input.responseBuilder.addElicitSlotDirective(slot, updated);
    const slots = keptSlots(updated);
    const choices = options.choices && options.choices.length > 0 ? options.choices : undefined;
    return this.ask(question, reprompt, {
      kind: 'slot',
      intent: intent.name,
      slot,
      ...(slots ? { slots } : {}),
      ...(choices ? { choices } : {}),
    });
  }

  /** The question the last turn asked, asked again after `speech` (`askAgain`); with none pending, a plain `ask`. */
  askAgainIfAsked(speech: readonly SpeechPart[], reprompt: readonly SpeechPart[]): Response {
    const asked = this.conversation.asked;
    return asked ? this.askAgain(asked, speech, reprompt) : this.ask(speech, reprompt);
  }

  /**
   * Asks `question` again: for a slot, Dialog.ElicitSlot with the slots kept with it, so nothing said is lost. The
   * answer that asked it stays the last answer, so "repeat" after help says the question's own answer again.
   */
  askAgain(question: PendingQuestion, speech: readonly SpeechPart[], reprompt: readonly SpeechPart[]): Response {
    if (question.kind === 'slot') {
      this.input.responseBuilder.addElicitSlotDirective(question.slot, intentOf(question));
    }
    return this.respond(speech, reprompt, question, false);
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

/** What the customer said so far, kept with the question (the first resolution of each slot only). */
function keptSlots(intent: Intent): Record<string, KeptSlot> | undefined {
  const kept: Record<string, KeptSlot> = {};
  for (const [name, slot] of Object.entries(intent.slots ?? {})) {
    if (!slot.value) continue;
    const authority = slot.resolutions?.resolutionsPerAuthority?.find((a) => a.status?.code === 'ER_SUCCESS_MATCH');
    const first = authority?.values?.[0]?.value;
    kept[name] =
      authority && first?.name
        ? {
            value: slot.value,
            resolution: { authority: authority.authority, name: first.name, ...(first.id ? { id: first.id } : {}) },
          }
        : { value: slot.value };
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** The intent a slot question was asked about, rebuilt from what was kept with it. */
function intentOf(question: QuestionOf<'slot'>): Intent {
  const slots: Record<string, Slot> = { [question.slot]: { name: question.slot, confirmationStatus: 'NONE' } };
  for (const [name, kept] of Object.entries(question.slots ?? {})) {
    if (name === question.slot) continue;
    const resolution = kept.resolution;
    slots[name] = {
      name,
      value: kept.value,
      confirmationStatus: 'NONE',
      ...(resolution
        ? {
            resolutions: {
              resolutionsPerAuthority: [
                {
                  authority: resolution.authority,
                  status: { code: 'ER_SUCCESS_MATCH' },
                  values: [{ value: { name: resolution.name, id: resolution.id ?? resolution.name } }],
                },
              ],
            },
          }
        : {}),
    };
  }
  return { name: question.intent, confirmationStatus: 'NONE', slots };
}

function withValues(intent: Intent, values: Readonly<Record<string, string>> | undefined): Intent {
  if (!values) return intent;
  const slots = { ...(intent.slots ?? {}) };
  for (const [name, value] of Object.entries(values)) slots[name] = { name, value, confirmationStatus: 'NONE' };
  return { ...intent, slots };
}

function withSlotCleared(intent: Intent, slotName: string): Intent {
  return {
    name: intent.name,
    confirmationStatus: intent.confirmationStatus ?? 'NONE',
    slots: { ...(intent.slots ?? {}), [slotName]: { name: slotName, confirmationStatus: 'NONE' } },
  };
}
