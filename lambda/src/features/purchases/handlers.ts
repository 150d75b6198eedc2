import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { fallbackReply } from '../../conversation/core-handlers';
import type { SlotHelp } from '../../conversation/question-help';
import {
  connectionsAnswer,
  intentName,
  isConnectionsResponse,
  isIntent,
  resolveSlot,
} from '../../conversation/request';
import { Turn, type TurnDeps } from '../../conversation/turn';
import type { YesNoAnswers } from '../../conversation/yes-no';
import type { SpeechPart } from '../../shared/ssml';
import { type FlightRequest, footprintState, tipFor } from '../footprint';
import { purchasesMessagesFor } from './messages';
import type { ProductCatalogue } from './ports';
import { purchasesState } from './purchases-state';
import { sayPurchaseNews, speakPurchases } from './speech';
import {
  afterPurchase,
  answerOffer,
  buyProduct,
  cancelProduct,
  describeProduct,
  monthlyFootprint,
  type PurchasesAnswer,
  type PurchasesPorts,
  purchaseHistory,
  type Reroute,
  reductionPlansLeft,
  useReductionPlanOrOffer,
  whatCanIBuy,
} from './use-cases';

/** What the rest of the skill sells (offsets), as purchases needs it: said with "what have I bought", or gone to. */
export interface OtherPurchases {
  readonly bought: (turn: Turn) => Promise<SpeechPart | undefined>;
  /** Where a refund or cancel that named an offset order or plan goes (Alexa took it for a product). */
  readonly answer: Readonly<
    Record<'offset-refund' | 'offset-cancel' | 'offset-plan-cancel', (turn: Turn) => Promise<Response>>
  >;
}

export interface PurchasesDeps extends TurnDeps {
  /** The customer's in-skill products for a turn (the in-skill products API, cached for the session). */
  readonly catalogueFor: (turn: Turn) => ProductCatalogue;
  readonly otherPurchases: OtherPurchases;
  /** Answers the flight a Travel Pack suggestion interrupted (footprint), once Amazon's flow comes back. */
  readonly continueFlight: (turn: Turn, flight: FlightRequest, travelPackBought: boolean) => Promise<Response>;
}

export function purchasesPortsFor(turn: Turn, deps: Omit<PurchasesDeps, 'continueFlight'>): PurchasesPorts {
  return {
    catalogue: deps.catalogueFor(turn),
    purchases: turn.customer.slice(purchasesState),
    estimates: () => turn.customer.read(footprintState),
    nextTip: () => tipFor(turn, deps),
    suggestedThisSession: () => turn.conversation.suggestedThisSession,
    boughtElsewhere: () => deps.otherPurchases.bought(turn),
    clock: deps.clock,
    logger: deps.logger,
  };
}

/** A handler that reads nothing but the intent: one use case, its answer said. */
function answering(
  deps: PurchasesDeps,
  intents: readonly string[],
  useCase: (ports: PurchasesPorts, turn: Turn) => Promise<PurchasesAnswer | Reroute>,
  topic?: 'shopping',
): RequestHandler {
  return {
    canHandle: isIntent(...intents),
    async handle(input) {
      const turn = new Turn(input, deps);
      if (topic) turn.conversation.topic = topic;
      const answer = await useCase(purchasesPortsFor(turn, deps), turn);
      return answer.kind === 'reroute' ? reroute(turn, deps, answer.to) : speakPurchases(turn, answer);
    },
  };
}

/** A product slot that caught another part of the skill: the offset order or plan, or back to estimating. */
function reroute(turn: Turn, deps: PurchasesDeps, to: Reroute['to']): Promise<Response> | Response {
  if (to !== 'estimate') return deps.otherPurchases.answer[to](turn);
  turn.conversation.topic = 'estimate';
  return fallbackReply(turn);
}

/** Shopping: what can I buy, tell me about, what have I bought, buy, cancel, refund, plans left. */
function shoppingHandlers(deps: PurchasesDeps): RequestHandler[] {
  const named = (turn: Turn) => resolveSlot(turn.input, 'product');
  return [
    answering(deps, ['WhatCanIBuyIntent'], whatCanIBuy, 'shopping'),
    answering(deps, ['DescribeProductIntent'], (ports, turn) => describeProduct(named(turn), ports), 'shopping'),
    answering(deps, ['BuyProductIntent'], (ports, turn) => buyProduct(named(turn), ports), 'shopping'),
    answering(deps, ['PurchaseHistoryIntent'], purchaseHistory, 'shopping'),
    answering(
      deps,
      ['CancelSubscriptionIntent', 'RefundProductIntent'],
      (ports, turn) => cancelProduct(named(turn), intentName(turn.input) === 'RefundProductIntent', ports),
      'shopping',
    ),
  ];
}

/** The premium features: the monthly report (Plus) and Reduction Plans (consumable), or the way to them. */
function premiumHandlers(deps: PurchasesDeps): RequestHandler[] {
  return [
    answering(deps, ['MonthlyFootprintIntent'], monthlyFootprint),
    answering(deps, ['ReductionPlanIntent'], useReductionPlanOrOffer),
    answering(deps, ['PlansLeftIntent'], reductionPlansLeft, 'shopping'),
  ];
}

/** Back from Amazon's purchase flow (a new session): what to do comes from the token and persisted state. */
export function createPurchaseResponseHandler(deps: PurchasesDeps): RequestHandler {
  return {
    canHandle: isConnectionsResponse('Buy', 'Upsell', 'Cancel'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const answer = connectionsAnswer(input);
      if (!answer) throw new TypeError('Not a Connections.Response');
      const { news, next } = await afterPurchase(answer, purchasesPortsFor(turn, deps));
      sayPurchaseNews(turn, news);
      switch (next.kind) {
        case 'flight':
          return deps.continueFlight(turn, next.flight, next.travelPackBought);
        case 'answer':
          return speakPurchases(turn, next.answer);
        case 'go-on':
          return turn.reply.goOn();
      }
    },
  };
}

/** "Yes" to a product the skill just described or suggested buys it; "no" is noted. */
export function purchasesAnswers(deps: PurchasesDeps): Pick<YesNoAnswers, 'buy-product'> {
  const answer = async (turn: Turn, product: string, yes: boolean) =>
    speakPurchases(turn, await answerOffer(product, yes, purchasesPortsFor(turn, deps)));
  return {
    'buy-product': {
      yes: (turn, question) => answer(turn, question.product, true),
      no: (turn, question) => answer(turn, question.product, false),
      help: (turn) => purchasesMessagesFor(turn.locale).buyHelp,
    },
  };
}

/** Help at "which one?" for a product. */
export const purchasesSlotHelp: SlotHelp = Object.fromEntries(
  ['DescribeProductIntent', 'BuyProductIntent', 'CancelSubscriptionIntent', 'RefundProductIntent'].map((intent) => [
    intent,
    (turn: Turn) => purchasesMessagesFor(turn.locale).productHelp,
  ]),
);

export function createPurchasesHandlers(deps: PurchasesDeps): RequestHandler[] {
  return [...shoppingHandlers(deps), ...premiumHandlers(deps)];
}
