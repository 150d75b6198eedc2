/**
 * The conversation's state: everything the skill keeps in the session attributes, typed, read and written only here.
 *
 * The centre of it is the ONE pending question: what the skill asked at the end of the last turn, which is what a
 * "yes", a "no", a bare slot answer, "help" and "repeat" refer to. It is taken out of the session at the start of
 * every turn (`openConversation`, a request interceptor, is the one place it is cleared) and set again only by the
 * turn's reply when it asks something (`Reply.ask`, `Reply.elicit`): a question lasts one turn, so a "yes" minutes
 * later, meant for something else, can never confirm an old order at an old price.
 *
 * A new question: add its variant to `PendingQuestion` and its reader to `QUESTION_READERS` (the compiler asks for
 * both), ask it from the feature's speech with `turn.reply.ask(..., question)`, and answer it in the feature's
 * `answers` (conversation/yes-no.ts). docs/architecture.md walks through an example.
 */
import type { AttributesManager, HandlerInput, RequestInterceptor } from 'ask-sdk-core';
import { oneOf, type Raw, record, text } from '../shared/stored-values';

/** What the customer was last doing: help and fallback answers depend on it. */
export type Topic = 'start' | 'estimate' | 'tip' | 'shopping' | 'offset';
const TOPICS: readonly Topic[] = ['start', 'estimate', 'tip', 'shopping', 'offset'];

/** The question the skill is waiting for an answer to. */
export type PendingQuestion =
  /** offsets: "Want to offset it?" in the follow-up to an estimate. */
  | { readonly kind: 'offset-estimate' }
  /** offsets: the order read back ("Shall I place the order?"). */
  | { readonly kind: 'confirm-order'; readonly orderId: string }
  /** offsets: an unfinished order offered again at launch. */
  | { readonly kind: 'resume-order'; readonly orderId: string }
  /** offsets: the monthly plan read back ("Shall I set it up?"). */
  | { readonly kind: 'confirm-monthly-plan' }
  /** offsets (linked card): the account's voice code, before charging order `orderId` (undefined: the plan). */
  | { readonly kind: 'voice-code'; readonly orderId: string | undefined }
  /** offsets (linked card): "Shall I refund it?" for a paid order. */
  | { readonly kind: 'confirm-refund'; readonly orderId: string }
  /** purchases: a product just described or suggested ("Would you like to buy it?"); `product` is its reference name. */
  | { readonly kind: 'buy-product'; readonly product: string }
  /**
   * Any feature: one slot of an intent asked for with Dialog.ElicitSlot (a flight's airport, a product's name).
   * `slots` are the intent's other slots as asked (what a customer said so far, kept while the question stands, so
   * that help or a repeat can ask it again with nothing lost); `choices` the IDs of what was offered ("which one?").
   */
  | {
      readonly kind: 'slot';
      readonly intent: string;
      readonly slot: string;
      readonly slots?: Readonly<Record<string, KeptSlot>>;
      readonly choices?: readonly string[];
    };

/** A slot value kept with a question: what was said, and what entity resolution matched it to (if anything). */
export interface KeptSlot {
  readonly value: string;
  /** The matching authority's name, status and first value, as Alexa sent them. */
  readonly resolution?: { readonly authority: string; readonly id?: string; readonly name: string };
}

export type QuestionKind = PendingQuestion['kind'];
/** The questions a yes or a no answers (conversation/yes-no.ts routes them). */
export type YesNoQuestion = Exclude<PendingQuestion, { readonly kind: 'slot' }>;
export type QuestionOf<K extends QuestionKind> = Extract<PendingQuestion, { readonly kind: K }>;

/** How each question is read back from the session: a question that does not fit is no question. */
const QUESTION_READERS: { readonly [K in QuestionKind]: (raw: Raw) => QuestionOf<K> | undefined } = {
  'offset-estimate': () => ({ kind: 'offset-estimate' }),
  'confirm-order': (raw) => {
    const orderId = text(raw.orderId);
    return orderId ? { kind: 'confirm-order', orderId } : undefined;
  },
  'resume-order': (raw) => {
    const orderId = text(raw.orderId);
    return orderId ? { kind: 'resume-order', orderId } : undefined;
  },
  'confirm-monthly-plan': () => ({ kind: 'confirm-monthly-plan' }),
  'voice-code': (raw) => ({ kind: 'voice-code', orderId: text(raw.orderId) }),
  'confirm-refund': (raw) => {
    const orderId = text(raw.orderId);
    return orderId ? { kind: 'confirm-refund', orderId } : undefined;
  },
  'buy-product': (raw) => {
    const product = text(raw.product);
    return product ? { kind: 'buy-product', product } : undefined;
  },
  slot: (raw) => {
    const intent = text(raw.intent);
    const slot = text(raw.slot);
    if (!intent || !slot) return undefined;
    const slots = readKeptSlots(raw.slots);
    const choices = Array.isArray(raw.choices) ? raw.choices.filter((id) => typeof id === 'string') : [];
    return {
      kind: 'slot',
      intent,
      slot,
      ...(slots ? { slots } : {}),
      ...(choices.length > 0 ? { choices } : {}),
    };
  },
};

function readKeptSlot(value: unknown): KeptSlot | undefined {
  const raw = record(value);
  const spoken = text(raw?.value);
  if (!spoken) return undefined;
  const resolution = record(raw?.resolution);
  const authority = text(resolution?.authority);
  const name = text(resolution?.name);
  const id = text(resolution?.id);
  return authority && name
    ? { value: spoken, resolution: { authority, name, ...(id ? { id } : {}) } }
    : { value: spoken };
}

function readKeptSlots(value: unknown): Record<string, KeptSlot> | undefined {
  const raw = record(value);
  if (!raw) return undefined;
  const slots: Record<string, KeptSlot> = {};
  for (const [name, stored] of Object.entries(raw)) {
    const kept = readKeptSlot(stored);
    if (kept) slots[name] = kept;
  }
  return Object.keys(slots).length > 0 ? slots : undefined;
}

/**
 * The same question asked again: the same kind, about the same thing (a slot question offering the same choices),
 * whatever was kept with it.
 */
export function sameQuestion(a: PendingQuestion | undefined, b: PendingQuestion | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  const identity = (question: PendingQuestion): string => {
    switch (question.kind) {
      case 'slot':
        return `${question.intent}/${question.slot}/${(question.choices ?? []).join(',')}`;
      case 'confirm-order':
      case 'resume-order':
      case 'confirm-refund':
        return question.orderId;
      case 'voice-code':
        return question.orderId ?? 'monthly-plan';
      case 'buy-product':
        return question.product;
      case 'offset-estimate':
      case 'confirm-monthly-plan':
        return '';
    }
  };
  return identity(a) === identity(b);
}

const QUESTION_KINDS = Object.keys(QUESTION_READERS) as QuestionKind[];

export function readQuestion(value: unknown): PendingQuestion | undefined {
  const raw = record(value);
  const kind = oneOf(raw?.kind, QUESTION_KINDS);
  if (!raw || !kind) return undefined;
  const read = QUESTION_READERS[kind] as (raw: Raw) => PendingQuestion | undefined;
  return read(raw);
}

export function isYesNoQuestion(question: PendingQuestion | undefined): question is YesNoQuestion {
  return question !== undefined && question.kind !== 'slot';
}

/** The last thing the skill said while the session stayed open, so that Repeat can say it (and ask it) again. */
export interface LastAnswer {
  /** SSML without the <speak> wrapper. */
  readonly speech: string;
  readonly reprompt: string;
  readonly question: PendingQuestion | undefined;
}

function readLastAnswer(value: unknown): LastAnswer | undefined {
  const raw = record(value);
  const speech = text(raw?.speech);
  const reprompt = text(raw?.reprompt);
  if (speech === undefined || reprompt === undefined) return undefined;
  return { speech, reprompt, question: readQuestion(raw?.question) };
}

/** The session attributes, by key. Nothing else in the skill names them. */
const KEYS = {
  topic: 'topic',
  question: 'question',
  /** How many times in a row the pending question has been asked (1 the first time). */
  timesAsked: 'timesAsked',
  lastAnswer: 'lastAnswer',
  /** footprint: the factor dataset has been named once this session. */
  basisSaid: 'basisSaid',
  /** purchases: a product was suggested this session (at most one suggestion a session). */
  suggested: 'suggested',
} as const;

/**
 * One request's conversation state. Every change is written to the session attributes at once, so what a turn
 * changed survives even when the turn then fails and the error handler answers.
 *
 * The request carries the session attributes, so whoever sends a request can write them: nothing here decides what
 * a customer owns or may be charged (entitlements come from the in-skill products API, orders from the offset store,
 * checked against the user ID), and conversation/edge.ts drops attributes too big to be ours.
 */
export class Conversation {
  /** The question the previous turn asked, taken out of the session when this turn began. */
  readonly asked: PendingQuestion | undefined;
  /** How many times in a row `asked` had been asked (0 when nothing was). */
  readonly timesAsked: number;

  constructor(private readonly attributes: AttributesManager | undefined) {
    const session = this.session();
    this.asked = readQuestion(session[KEYS.question]);
    const times = this.asked ? session[KEYS.timesAsked] : undefined;
    this.timesAsked = this.asked ? (typeof times === 'number' && times >= 1 ? Math.floor(times) : 1) : 0;
    this.write(KEYS.question, undefined);
  }

  /**
   * How many times in a row `question` has been asked already, before this turn (0 unless it is the question
   * pending): a question asked again is worded differently, so a repeated "which one?" never loops unchanged.
   */
  timesAsking(question: PendingQuestion): number {
    return sameQuestion(this.asked, question) ? this.timesAsked : 0;
  }

  get topic(): Topic {
    return oneOf(this.session()[KEYS.topic], TOPICS) ?? 'start';
  }

  set topic(topic: Topic) {
    this.write(KEYS.topic, topic);
  }

  /** The question this turn has asked so far (set by the reply). */
  get pending(): PendingQuestion | undefined {
    return readQuestion(this.session()[KEYS.question]);
  }

  ask(question: PendingQuestion | undefined): void {
    this.write(KEYS.question, question);
    this.write(KEYS.timesAsked, question ? this.timesAsking(question) + 1 : undefined);
  }

  get lastAnswer(): LastAnswer | undefined {
    return readLastAnswer(this.session()[KEYS.lastAnswer]);
  }

  remember(answer: LastAnswer): void {
    this.write(KEYS.lastAnswer, answer);
  }

  get basisSaid(): boolean {
    return this.session()[KEYS.basisSaid] === true;
  }

  markBasisSaid(): void {
    this.write(KEYS.basisSaid, true);
  }

  get suggestedThisSession(): boolean {
    return this.session()[KEYS.suggested] === true;
  }

  markSuggested(): void {
    this.write(KEYS.suggested, true);
  }

  /** Requests outside a session (skill events) have no session attributes: the state reads as empty. */
  private session(): Raw {
    return this.attributes ? this.attributes.getSessionAttributes() : {};
  }

  private write(key: string, value: unknown): void {
    if (!this.attributes) return;
    // The attributes manager hands out its own object: changed in place, it is what goes into the response.
    const session = this.attributes.getSessionAttributes();
    if (value === undefined) {
      if (!(key in session)) return;
      delete session[key];
    } else {
      session[key] = value;
    }
    this.attributes.setSessionAttributes(session);
  }
}

/**
 * Forgets the whole session state before the conversation is opened (conversation/edge.ts does, for attributes too
 * big to be ones this skill wrote).
 */
export function clearSession(input: HandlerInput): void {
  if (input.requestEnvelope.session) input.attributesManager.setSessionAttributes({});
}

const REQUEST_KEY = 'conversation';

/** The request's conversation state (made on first use, normally by `openConversation`). */
export function conversationOf(input: HandlerInput): Conversation {
  const requestAttributes = input.attributesManager.getRequestAttributes();
  const existing = requestAttributes[REQUEST_KEY];
  if (existing instanceof Conversation) return existing;
  const conversation = new Conversation(input.requestEnvelope.session ? input.attributesManager : undefined);
  requestAttributes[REQUEST_KEY] = conversation;
  input.attributesManager.setRequestAttributes(requestAttributes);
  return conversation;
}

/**
 * Opens the turn's conversation before any handler is chosen: this is where the last turn's question stops being
 * pending (routing then reads it from `conversationOf(input).asked`).
 */
export const openConversation: RequestInterceptor = {
  process(input) {
    conversationOf(input);
  },
};
