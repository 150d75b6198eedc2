import type { RequestHandler } from 'ask-sdk-core';
import type { interfaces, Response } from 'ask-sdk-model';
import { intentRequest, isIntent, isRequestType, resolveSlot } from '../../../conversation/request';
import { type HandlerDeps, Turn } from '../../../conversation/turn';
import { roundForSpeech } from '../../footprint/domain';
import { answerFlight } from '../../footprint/handlers/flight';
import { nextTip } from '../../footprint/handlers/tips';
import { forgetProducts, loadProducts } from '../adapters/in-skill-products-catalogue';
import {
  canBeOffered,
  interpretPurchase,
  monthlyReport,
  owns,
  type Product,
  type ProductList,
  type ProductRef,
  type PurchaseOutcome,
  productIn,
  REDUCTION_PLANS_PER_PURCHASE,
  type ReductionStep,
  type Resume,
  reductionPlan,
  reductionPlansAvailable,
} from '../domain/products';
import { sendPurchaseRequest } from './directives';
import { maySuggestNow, pendingOffer, setOffer } from './offers';

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function names(products: readonly Product[]): string[] {
  return products.map((product) => product.name);
}

function goOn(turn: Turn, lead: readonly string[]): Response {
  return turn.ask([...lead, turn.say(turn.messages.purchases.goOn)], [turn.say(turn.messages.purchases.reprompt)]);
}

type Store =
  | { readonly kind: 'open'; readonly catalog: ProductList & { available: true } }
  | { readonly kind: 'answered'; readonly response: Response };

/** The products, or the answer for when there is no store to talk about (unreachable, or none in this locale). */
async function openStore(turn: Turn): Promise<Store> {
  const catalog = await loadProducts(turn.input, turn.deps.logger);
  const { purchases } = turn.messages;
  turn.topic = 'shopping';
  if (!catalog.available) return { kind: 'answered', response: goOn(turn, [purchases.catalogueUnavailable]) };
  if (catalog.products.length === 0) return { kind: 'answered', response: goOn(turn, [purchases.noProducts]) };
  return { kind: 'open', catalog };
}

type Chosen =
  | { readonly kind: 'product'; readonly product: Product; readonly catalog: ProductList }
  | { readonly kind: 'answered'; readonly response: Response };

/**
 * The product the customer named (PRODUCT slot, entity resolution IDs are reference names). An unknown name gets a
 * clarifying question with the names on offer; no name gets "which one?"; a store that cannot be reached says so.
 */
async function chosenProduct(turn: Turn, fallback?: ProductRef): Promise<Chosen> {
  const store = await openStore(turn);
  if (store.kind === 'answered') return store;
  const { catalog } = store;
  const { purchases } = turn.messages;
  const resolution = resolveSlot(turn.input, 'product');
  const ref =
    resolution.status === 'match' ? resolution.value.id : resolution.status === 'empty' ? fallback : undefined;
  const product = catalog.products.find((candidate) => candidate.ref === ref);
  if (product) return { kind: 'product', product, catalog };
  const question =
    resolution.status === 'no-match' || resolution.status === 'match'
      ? purchases.unknownProduct(resolution.spoken, names(catalog.products))
      : purchases.whichProduct(names(catalog.products));
  const intent = intentRequest(turn.input)?.intent;
  if (intent) {
    turn.input.responseBuilder.addElicitSlotDirective('product', {
      name: intent.name,
      confirmationStatus: 'NONE',
      slots: { ...(intent.slots ?? {}), product: { name: 'product', confirmationStatus: 'NONE' } },
    });
  }
  return { kind: 'answered', response: turn.ask([question], [purchases.whichProduct(names(catalog.products))]) };
}

async function plansLeft(turn: Turn, catalog: ProductList): Promise<number> {
  const state = await turn.store.read();
  return reductionPlansAvailable(productIn(catalog, 'reduction_plan')?.activeEntitlementCount ?? 0, state.plansUsed);
}

// ---------------------------------------------------------------------------------------------------------------
// Shopping: what can I buy, tell me about, what have I bought, buy, cancel, refund, yes / no to an offer

export function createWhatCanIBuyHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('WhatCanIBuyIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const store = await openStore(turn);
      if (store.kind === 'answered') return store.response;
      const { catalog } = store;
      const { purchases } = turn.messages;
      const { plansUsed } = await turn.store.read();
      const offered = catalog.products.filter((product) => canBeOffered(catalog, product.ref, plansUsed));
      if (offered.length === 0) return goOn(turn, [purchases.nothingLeftToBuy]);
      return turn.ask([purchases.onOffer(names(offered))], [purchases.whichProduct(names(offered))]);
    },
  };
}

export function createDescribeProductHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('DescribeProductIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const chosen = await chosenProduct(turn);
      if (chosen.kind === 'answered') return chosen.response;
      const { product, catalog } = chosen;
      const { purchases } = turn.messages;
      const { plansUsed } = await turn.store.read();
      if (!canBeOffered(catalog, product.ref, plansUsed)) {
        return goOn(turn, [purchases.describeOwned(product.name, product.ref, await plansLeft(turn, catalog))]);
      }
      setOffer(turn, product.ref);
      return turn.ask([purchases.describe(product.name, product.summary), purchases.wantIt], [purchases.wantIt]);
    },
  };
}

export function createPurchaseHistoryHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('PurchaseHistoryIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const store = await openStore(turn);
      if (store.kind === 'answered') return store.response;
      const { catalog } = store;
      const { purchases } = turn.messages;
      const ownedNames = names(catalog.products.filter((product) => product.type !== 'CONSUMABLE' && product.entitled));
      const plans = productIn(catalog, 'reduction_plan');
      const left = plans && plans.activeEntitlementCount > 0 ? await plansLeft(turn, catalog) : undefined;
      return goOn(turn, [purchases.owned(ownedNames, left)]);
    },
  };
}

export function createBuyHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('BuyProductIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const chosen = await chosenProduct(turn);
      if (chosen.kind === 'answered') return chosen.response;
      const { product } = chosen;
      if (product.type !== 'CONSUMABLE' && product.entitled) {
        return goOn(turn, [turn.messages.purchases.alreadyOwned(product.name, product.ref)]);
      }
      return sendPurchaseRequest(turn, 'Buy', product, product.ref === 'reduction_plan' ? 'plan' : 'none');
    },
  };
}

/** "Cancel my subscription" (Plus unless another product is named) and "refund X": Amazon's Cancel flow for both. */
export function createCancelProductHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('CancelSubscriptionIntent', 'RefundProductIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const isRefund = intentRequest(input)?.intent.name === 'RefundProductIntent';
      const chosen = await chosenProduct(turn, isRefund ? undefined : 'green_horizons_plus');
      if (chosen.kind === 'answered') return chosen.response;
      return sendPurchaseRequest(turn, 'Cancel', chosen.product, 'none');
    },
  };
}

/** "Yes" to a product the skill just described or suggested: Amazon's Buy flow. "No": noted, no repeat. */
export function createOfferAnswerHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: (input) =>
      isIntent('AMAZON.YesIntent', 'AMAZON.NoIntent')(input) && pendingOffer(new Turn(input, deps)) !== undefined,
    async handle(input) {
      const turn = new Turn(input, deps);
      const ref = pendingOffer(turn);
      setOffer(turn, undefined);
      const catalog = await loadProducts(input, deps.logger);
      const product = ref ? productIn(catalog, ref) : undefined;
      if (intentRequest(input)?.intent.name === 'AMAZON.YesIntent' && product) {
        return sendPurchaseRequest(turn, 'Buy', product, ref === 'reduction_plan' ? 'plan' : 'none');
      }
      if (ref) await recordDecline(turn, ref);
      turn.topic = 'start';
      return goOn(turn, [turn.messages.purchases.declined]);
    },
  };
}

async function recordDecline(turn: Turn, ref: ProductRef): Promise<void> {
  const at = turn.deps.clock().toISOString();
  await turn.store.update((state) => ({ ...state, declines: { ...state.declines, [ref]: at } }));
}

// ---------------------------------------------------------------------------------------------------------------
// Premium features: the monthly report (Plus), Reduction Plans (consumable)

export function createMonthlyFootprintHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('MonthlyFootprintIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const catalog = await loadProducts(input, deps.logger);
      if (owns(catalog, 'green_horizons_plus')) return speakMonthlyReport(turn);
      const plus = productIn(catalog, 'green_horizons_plus');
      if (plus && (await maySuggestNow(turn, catalog, 'green_horizons_plus'))) {
        return sendPurchaseRequest(turn, 'Upsell', plus, 'monthly', turn.messages.purchases.upsell.green_horizons_plus);
      }
      return goOn(turn, [plus ? turn.messages.purchases.monthlyFree : turn.messages.purchases.monthlyUnavailable]);
    },
  };
}

async function speakMonthlyReport(turn: Turn): Promise<Response> {
  const state = await turn.store.read();
  const report = monthlyReport(state.log, turn.deps.clock());
  const amount = (grams: number) => turn.messages.footprint.amount(roundForSpeech(grams));
  turn.topic = 'estimate';
  return goOn(turn, [turn.messages.purchases.report(report, amount)]);
}

export function createReductionPlanHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('ReductionPlanIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const catalog = await loadProducts(input, deps.logger);
      const product = productIn(catalog, 'reduction_plan');
      const state = await turn.store.read();
      if (product && reductionPlansAvailable(product.activeEntitlementCount, state.plansUsed) > 0) {
        return useReductionPlan(turn, product.activeEntitlementCount);
      }
      if (product && (await maySuggestNow(turn, catalog, 'reduction_plan'))) {
        return sendPurchaseRequest(turn, 'Upsell', product, 'plan', turn.messages.purchases.upsell.reduction_plan);
      }
      return freeTip(turn, product ? [turn.messages.purchases.reductionPlanFree] : []);
    },
  };
}

/**
 * Uses one plan: an atomic conditional update of the plans-used count, re-checked against the purchases on every
 * retry, so two devices can never spend the same plan or go below zero. Nothing is used without estimates to plan from.
 */
type PlanUse =
  | { readonly kind: 'no-estimates' }
  | { readonly kind: 'none-left' }
  | { readonly kind: 'used'; readonly steps: readonly ReductionStep[]; readonly left: number };

async function useReductionPlan(turn: Turn, bought: number): Promise<Response> {
  const now = turn.deps.clock();
  const { result } = await turn.store.transact<PlanUse>((state) => {
    const steps = reductionPlan(state.log, now);
    if (steps.length === 0) return { state, result: { kind: 'no-estimates' } };
    if (reductionPlansAvailable(bought, state.plansUsed) === 0) return { state, result: { kind: 'none-left' } };
    const next = { ...state, plansUsed: state.plansUsed + 1 };
    return { state: next, result: { kind: 'used', steps, left: reductionPlansAvailable(bought, next.plansUsed) } };
  });
  const { purchases } = turn.messages;
  turn.topic = 'estimate';
  switch (result.kind) {
    case 'no-estimates':
      return goOn(turn, [purchases.reductionPlanNeedsEstimates]);
    case 'none-left':
      return goOn(turn, [purchases.reductionPlansLeft(0)]);
    case 'used': {
      const amount = (grams: number) => turn.messages.footprint.amount(roundForSpeech(grams));
      return goOn(turn, [purchases.reductionPlan(result.steps, amount, result.left)]);
    }
  }
}

async function freeTip(turn: Turn, lead: readonly string[]): Promise<Response> {
  const tip = await nextTip(turn);
  return goOn(turn, [...lead, tip]);
}

export function createPlansLeftHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isIntent('PlansLeftIntent'),
    async handle(input) {
      const turn = new Turn(input, deps);
      const store = await openStore(turn);
      if (store.kind === 'answered') return store.response;
      if (!productIn(store.catalog, 'reduction_plan')) return goOn(turn, [turn.messages.purchases.noProducts]);
      return goOn(turn, [turn.messages.purchases.reductionPlansLeft(await plansLeft(turn, store.catalog))]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Back from Amazon's purchase flow: a new session; what to do comes from the token and persisted state.

export function createPurchaseResponseHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: (input) => {
      const request = input.requestEnvelope.request;
      return request.type === 'Connections.Response' && ['Buy', 'Upsell', 'Cancel'].includes(request.name ?? '');
    },
    async handle(input) {
      const turn = new Turn(input, deps);
      const request = input.requestEnvelope.request as interfaces.connections.ConnectionsResponse;
      const payload = (request.payload ?? {}) as { purchaseResult?: unknown };
      const outcome = interpretPurchase(
        request.name,
        request.status?.code === undefined ? undefined : String(request.status.code),
        typeof payload.purchaseResult === 'string' ? payload.purchaseResult : undefined,
        request.token,
      );
      deps.logger.info('Purchase flow result', {
        outcome: outcome.kind,
        ...(outcome.kind !== 'unreadable' ? { product: outcome.ref } : {}),
      });
      forgetProducts(input);
      return afterPurchase(turn, outcome);
    },
  };
}

async function afterPurchase(turn: Turn, outcome: PurchaseOutcome): Promise<Response> {
  const { purchases } = turn.messages;
  const catalog = await loadProducts(turn.input, turn.deps.logger);
  const nameOf = (ref: ProductRef) => productIn(catalog, ref)?.name ?? purchases.fallbackName[ref];
  switch (outcome.kind) {
    case 'bought':
      return resume(turn, outcome.resume, true, [purchases.bought(nameOf(outcome.ref))], catalog);
    case 'declined':
      await recordDecline(turn, outcome.ref);
      return resume(turn, outcome.resume, false, [purchases.declined], catalog);
    case 'failed':
      // Alexa has already said what went wrong: say nothing about it, carry on.
      return resume(turn, outcome.resume, false, [], catalog);
    case 'pending':
      return resume(turn, outcome.resume, false, [purchases.pending(nameOf(outcome.ref))], catalog);
    case 'cancelled':
      return goOn(turn, [purchases.cancelled(nameOf(outcome.ref), outcome.ref)]);
    case 'kept':
      return goOn(turn, [purchases.kept(nameOf(outcome.ref))]);
    case 'not-owned':
      return goOn(turn, [purchases.notOwned(nameOf(outcome.ref))]);
    case 'unreadable':
      return resume(turn, outcome.resume, false, [purchases.interrupted], catalog);
  }
}

/** Carry on with what the customer was doing: with the product just bought, or with the free version. */
async function resume(
  turn: Turn,
  to: Resume,
  bought: boolean,
  lead: readonly string[],
  catalog: ProductList,
): Promise<Response> {
  switch (to) {
    case 'flight': {
      const { pendingFlight } = await turn.store.read();
      if (!pendingFlight) return goOn(turn, lead);
      await turn.store.update((state) => ({ ...state, pendingFlight: undefined }));
      const response = await answerFlight(turn, pendingFlight, { travelPackBought: bought });
      return prefixed(turn, lead, response);
    }
    case 'monthly':
      return bought ? prefixed(turn, lead, await speakMonthlyReport(turn)) : goOn(turn, lead);
    case 'plan': {
      const purchases = productIn(catalog, 'reduction_plan')?.activeEntitlementCount ?? 0;
      if (!bought) return freeTip(turn, lead);
      // Amazon has just counted the purchase; if the products API has not caught up yet, count it ourselves.
      const { plansUsed } = await turn.store.read();
      const counted =
        reductionPlansAvailable(purchases, plansUsed) > 0
          ? purchases
          : Math.ceil(plansUsed / REDUCTION_PLANS_PER_PURCHASE) + 1;
      return prefixed(turn, lead, await useReductionPlan(turn, counted));
    }
    case 'none':
      return goOn(turn, lead);
  }
}

/** Puts `lead` ("Thanks for buying…") in front of a response another function built. */
function prefixed(turn: Turn, lead: readonly string[], response: Response): Response {
  if (lead.length === 0 || response.outputSpeech?.type !== 'SSML') return response;
  const body = response.outputSpeech.ssml.replace(/^<speak>|<\/speak>$/g, '');
  return { ...response, outputSpeech: { type: 'SSML', ssml: `<speak>${turn.speech(lead)} ${body}</speak>` } };
}

// ---------------------------------------------------------------------------------------------------------------
// Skill disabled: keep the data when the customer has purchases (the user ID survives re-enabling), else delete it.

export function createSkillDisabledHandler(deps: HandlerDeps): RequestHandler {
  return {
    canHandle: isRequestType('AlexaSkillEvent.SkillDisabled'),
    async handle(input) {
      const { body } = input.requestEnvelope.request as unknown as {
        body?: { userInformationPersistenceStatus?: unknown };
      };
      const status =
        typeof body?.userInformationPersistenceStatus === 'string' ? body.userInformationPersistenceStatus : undefined;
      if (status === 'NOT_PERSISTED') await new Turn(input, deps).store.delete();
      deps.logger.info('Skill disabled', { persistence: status ?? 'unknown', deleted: status === 'NOT_PERSISTED' });
      return input.responseBuilder.getResponse();
    },
  };
}
