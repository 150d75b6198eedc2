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
  /** purchases: a product just described or suggested ("Would you like to buy it?"); `product` is its reference name. */
  | { readonly kind: 'buy-product'; readonly product: string }
  /** Any feature: one slot of an intent asked for with Dialog.ElicitSlot (a flight's airport, a product's name). */
  | { readonly kind: 'slot'; readonly intent: string; readonly slot: string };

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
  'buy-product': (raw) => {
    const product = text(raw.product);
    return product ? { kind: 'buy-product', product } : undefined;
  },
  slot: (raw) => {
    const intent = text(raw.intent);
    const slot = text(raw.slot);
    return intent && slot ? { kind: 'slot', intent, slot } : undefined;
  },
};

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

  constructor(private readonly attributes: AttributesManager | undefined) {
    this.asked = readQuestion(this.session()[KEYS.question]);
    this.write(KEYS.question, undefined);
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
