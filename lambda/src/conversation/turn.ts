import type { HandlerInput } from 'ask-sdk-core';
import { CustomerStore, writeIdsFor } from '../shared/customer-store';
import { type Deadline, turnDeadline } from '../shared/deadline';
import type { AppLogger } from '../shared/logger';
import { pick, type Random, type Variants } from '../shared/variants';
import { type Conversation, conversationOf } from './conversation-state';
import { type CoreMessages, coreMessagesFor } from './messages';
import { Reply } from './reply';
import { locale } from './request';

/** What every handler factory receives from the composition root. */
export interface TurnDeps {
  readonly clock: () => Date;
  readonly random: Random;
  readonly logger: AppLogger;
}

/**
 * One request's view of the world, built per request and cheap: the conversation state (session attributes), the
 * customer's persisted state, the locale, and the reply the turn composes.
 */
export class Turn {
  readonly locale: string | undefined;
  readonly conversation: Conversation;
  readonly customer: CustomerStore;
  readonly messages: CoreMessages;
  readonly reply: Reply;
  /** When this turn must stop waiting on outbound calls: give it to every port that makes one. */
  readonly deadline: Deadline;

  constructor(
    readonly input: HandlerInput,
    readonly deps: TurnDeps,
  ) {
    this.locale = locale(input);
    this.conversation = conversationOf(input);
    this.customer = new CustomerStore(input.attributesManager, () => writeIdsFor(input.requestEnvelope));
    this.deadline = turnDeadline(input.requestEnvelope);
    this.messages = coreMessagesFor(this.locale);
    this.reply = new Reply(input, this.conversation, this.messages, (variants) => this.say(variants));
  }

  /** One of the ways to say it, drawn with the injected random source. */
  say(variants: Variants): string {
    return pick(variants, this.deps.random);
  }

  now(): Date {
    return this.deps.clock();
  }
}
