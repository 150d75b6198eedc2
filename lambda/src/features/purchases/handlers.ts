import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import {
  connectionsAnswer,
  intentName,
  isConnectionsResponse,
  isIntent,
  resolveSlot,
} from '../../conversation/request';
import { Turn, type TurnDeps } from '../../conversation/turn';
import type { YesNoAnswers } from '../../conversation/yes-no';
import { type FlightRequest, footprintState, tipFor } from '../footprint';
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
  reductionPlansLeft,
  useReductionPlanOrOffer,
  whatCanIBuy,
} from './use-cases';

export interface PurchasesDeps extends TurnDeps {
  /** The customer's in-skill products for a turn (the in-skill products API, cached for the session). */
  readonly catalogueFor: (turn: Turn) => ProductCatalogue;
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
    clock: deps.clock,
    logger: deps.logger,
  };
}

/** A handler that reads nothing but the intent: one use case, its answer said. */
function answering(
  deps: PurchasesDeps,
  intents: readonly string[],
  useCase: (ports: PurchasesPorts, turn: Turn) => Promise<PurchasesAnswer>,
  topic?: 'shopping',
): RequestHandler {
  return {
    canHandle: isIntent(...intents),
    async handle(input) {
      const turn = new Turn(input, deps);
      if (topic) turn.conversation.topic = topic;
      return speakPurchases(turn, await useCase(purchasesPortsFor(turn, deps), turn));
    },
  };
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
    },
  };
}

export function createPurchasesHandlers(deps: PurchasesDeps): RequestHandler[] {
  return [...shoppingHandlers(deps), ...premiumHandlers(deps)];
}
