import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { OffsetConfig } from '../app/config';
import type { OffsetStore } from '../features/offsets/adapters/dynamodb-offset-store';
import type { PaymentRail } from '../features/offsets/domain/payment-rail';
import type { OffsetProvider } from '../features/offsets/offset-provider';
import { CustomerStore } from '../shared/customer-store';
import type { AppLogger } from '../shared/logger';
import {
  type Messages,
  messagesFor,
  pick,
  type Random,
  type SpeechPart,
  type Topic,
  toSsml,
  type Variants,
} from './messages';
import { locale } from './request';

/** What every handler factory receives from the composition root. */
export interface HandlerDeps {
  readonly clock: () => Date;
  readonly random: Random;
  readonly logger: AppLogger;
  /** Selling offsets (undefined: the feature is off and never mentioned). */
  readonly offsets?: OffsetDeps | undefined;
}

/** What the offset conversation needs: its configuration, the order store, the payment rail, the provider. */
export interface OffsetDeps {
  readonly config: OffsetConfig;
  readonly store: OffsetStore;
  readonly rail: PaymentRail;
  readonly provider: OffsetProvider;
}

const TOPICS: readonly Topic[] = ['start', 'estimate', 'tip', 'shopping', 'offset'];

/**
 * One request's view of the world: the locale's catalogue, the customer's store, the dialog topic, and the two
 * ways of answering (keep listening with a reprompt, or end). Built per request, cheap.
 */
export class Turn {
  readonly messages: Messages;
  readonly store: CustomerStore;

  constructor(
    readonly input: HandlerInput,
    readonly deps: HandlerDeps,
  ) {
    this.messages = messagesFor(locale(input));
    this.store = new CustomerStore(input.attributesManager);
  }

  say(variants: Variants): string {
    return pick(variants, this.deps.random);
  }

  /** What the customer was last doing in this session (for contextual help and fallback). */
  get topic(): Topic {
    const stored = this.input.attributesManager.getSessionAttributes().topic;
    return TOPICS.find((topic) => topic === stored) ?? 'start';
  }

  set topic(topic: Topic) {
    const session = this.input.attributesManager.getSessionAttributes();
    this.input.attributesManager.setSessionAttributes({ ...session, topic });
  }

  /** SSML for speech parts (escaped text and deliberate SSML), without the <speak> wrapper. */
  speech(parts: readonly SpeechPart[]): string {
    return toSsml(...parts);
  }

  /** Speak and keep the session open: a reprompt is always present. */
  ask(speech: readonly SpeechPart[], reprompt: readonly SpeechPart[]): Response {
    return this.input.responseBuilder
      .speak(toSsml(...speech))
      .reprompt(toSsml(...reprompt))
      .getResponse();
  }

  /** Speak and end the session. */
  tell(speech: readonly SpeechPart[]): Response {
    return this.input.responseBuilder
      .speak(toSsml(...speech))
      .withShouldEndSession(true)
      .getResponse();
  }
}
