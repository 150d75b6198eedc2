import type { HandlerInput, RequestHandler } from 'ask-sdk-core';
import type { interfaces, Response } from 'ask-sdk-model';
import { intentName, isIntent } from '../../conversation/request';
import { type HandlerDeps, type OffsetDeps, Turn } from '../../conversation/turn';
import { MonthlyPlanNotFoundError, monthlyPlanIdFor, newOrderId } from './adapters/dynamodb-offset-store';
import { monthlyPlanReport, monthOf } from './domain/monthly-charges';
import {
  applyMonthlyPlanSetup,
  cancelMonthlyPlan,
  type MonthlyPlanEffect,
  startMonthlyPlan,
} from './domain/monthly-plan';
import {
  applyChargeOutcome,
  applyOrderSetup,
  cancelOrder,
  confirmOrder,
  createOrder,
  firstStep,
  isPaid,
  isResumable,
  type OffsetOrder,
  type OrderEffect,
  type OrderNews,
} from './domain/order';
import { parseOffsetToken, type RailStep } from './domain/payment-rail';
import { isExpired, type Quote, quoteOffset } from './domain/quote';
import { fulfilOrder } from './use-cases/fulfilment';

const PERMISSION = 'payments:autopay_consent';

// ---------------------------------------------------------------------------------------------------------------
// What the session waits for: a yes or no to an order, to resuming one, or to a monthly plan.

type Awaiting =
  /** "Want to offset it?" after an estimate. */
  | { readonly kind: 'offset' }
  | { readonly kind: 'order'; readonly orderId: string }
  | { readonly kind: 'resume'; readonly orderId: string }
  | { readonly kind: 'plan' };

function awaiting(turn: Turn): Awaiting | undefined {
  const value = turn.input.attributesManager.getSessionAttributes().awaiting as Partial<Awaiting> | undefined;
  if (value?.kind === 'plan') return { kind: 'plan' };
  if (value?.kind === 'offset') return { kind: 'offset' };
  if ((value?.kind === 'order' || value?.kind === 'resume') && typeof value.orderId === 'string') {
    return { kind: value.kind, orderId: value.orderId };
  }
  return undefined;
}

/** After an estimate where offsets are sold: a "yes" to the follow-up offsets that estimate. */
export function offerToOffset(turn: Turn): void {
  setAwaiting(turn, { kind: 'offset' });
}

function setAwaiting(turn: Turn, next: Awaiting | undefined): void {
  const { awaiting: _previous, offer: _offer, ...session } = turn.input.attributesManager.getSessionAttributes();
  turn.input.attributesManager.setSessionAttributes({ ...session, ...(next ? { awaiting: next } : {}) });
}

function userId(input: HandlerInput): string {
  return input.requestEnvelope.context.System.user.userId;
}

function permissionGranted(input: HandlerInput): boolean {
  return input.requestEnvelope.context.System.user.permissions?.scopes?.[PERMISSION]?.status === 'GRANTED';
}

// ---------------------------------------------------------------------------------------------------------------
// Speaking and sending

function goOn(turn: Turn, lead: readonly string[]): Response {
  const { offset } = turn.messages;
  turn.topic = 'offset';
  return turn.ask([...lead, turn.say(offset.goOn)], [turn.say(turn.messages.purchases.reprompt)]);
}

function askForPermission(turn: Turn, message: string): Response {
  turn.input.responseBuilder.withAskForPermissionsConsentCard([PERMISSION]);
  return turn.tell([message]);
}

/** A payment step: the directive ends the session (what comes next starts from Connections.Response). */
function send(turn: Turn, step: RailStep): Response {
  turn.deps.logger.info('Payment step started', { step: step.directive.name });
  return turn.input.responseBuilder.addDirective(step.directive).withShouldEndSession(true).getResponse();
}

function readBack(
  turn: Turn,
  offsets: OffsetDeps,
  orderId: string,
  quote: Quote,
  lead: readonly string[] = [],
): Response {
  setAwaiting(turn, { kind: 'order', orderId });
  turn.topic = 'offset';
  const { offset } = turn.messages;
  return turn.ask([...lead, offset.readBack(quote, offsets.config.amazonPay.storeName)], [offset.confirmReprompt]);
}

function speakNews(turn: Turn, news: OrderNews): Response {
  const { offset } = turn.messages;
  switch (news.kind) {
    case 'cancelled':
      return goOn(turn, [offset.notPlaced]);
    case 'quote-expired':
      return goOn(turn, [offset.quoteExpired]);
    case 'order-closed':
      return goOn(turn, [offset.problem.none]);
    case 'charge-pending':
      return goOn(turn, [offset.chargePending]);
    case 'agreement-not-chargeable':
      return goOn(turn, [offset.problem[news.action]]);
    case 'payment-problem': {
      const { action } = news.outcome;
      if (action === 'grant-permission') return askForPermission(turn, offset.problem['grant-permission']);
      // Declines Alexa has already spoken: say no more about them than that nothing was ordered.
      return goOn(turn, [offset.problem[action]]);
    }
  }
}

/** Does what the order state machine said, exactly once: only the request whose write won gets an effect to act on. */
async function act(
  turn: Turn,
  offsets: OffsetDeps,
  order: OffsetOrder,
  effect: OrderEffect,
  lead: readonly string[] = [],
): Promise<Response> {
  const { offset } = turn.messages;
  switch (effect.kind) {
    case 'ask-confirmation':
      return readBack(turn, offsets, order.orderId, effect.quote, lead);
    case 'send-setup':
      return send(turn, offsets.rail.startSetup({ kind: 'order', orderId: order.orderId }));
    case 'send-charge':
      return send(turn, offsets.rail.startCharge(effect.charge));
    case 'fulfil': {
      const fulfilled = await fulfilOrder(
        { store: offsets.store, provider: offsets.provider, clock: turn.deps.clock, logger: turn.deps.logger },
        order.orderId,
      );
      const { quote } = fulfilled;
      const seller = offsets.config.amazonPay.storeName;
      turn.input.responseBuilder.withSimpleCard(
        offset.card.title,
        offset.card.body(quote.kilograms, quote.total, fulfilled.orderId, fulfilled.certificateId, seller),
      );
      const plan = await offsets.store.getMonthlyPlan(monthlyPlanIdFor(order.userId), order.userId);
      const suggestMonthlyPlan = plan?.status === 'active' ? [] : [offset.suggestMonthlyPlan];
      return goOn(turn, [
        ...lead,
        offset.placed(quote.kilograms, quote.total, fulfilled.certificateId),
        ...suggestMonthlyPlan,
      ]);
    }
    case 'tell':
      return speakNews(turn, effect.news);
    case 'nothing-new':
      return goOn(turn, [offset.status(effect.status, order.quote.kilograms, order.quote.total, order.certificateId)]);
  }
}

/** A fresh order for the last estimate, priced now. */
async function newOrder(turn: Turn, offsets: OffsetDeps, grams: number): Promise<OffsetOrder> {
  const now = turn.deps.clock();
  const { config } = offsets;
  const state = await turn.store.read();
  const quote = quoteOffset({
    grams,
    currency: config.currency,
    taxCountry: config.taxCountry,
    pricing: config.pricing,
    now,
    validForMs: config.quoteValidMs,
  });
  const order = createOrder({
    orderId: newOrderId(),
    userId: userId(turn.input),
    quote,
    ...(state.billingAgreementId ? { billingAgreementId: state.billingAgreementId } : {}),
    now,
  });
  await offsets.store.createOrder(order);
  await turn.store.update((current) => ({ ...current, currentOrderId: order.orderId }));
  return order;
}

function offsetHandler(
  deps: HandlerDeps,
  matches: RequestHandler['canHandle'],
  handle: (turn: Turn, offsets: OffsetDeps) => Promise<Response>,
): RequestHandler {
  return {
    canHandle: matches,
    async handle(input) {
      const turn = new Turn(input, deps);
      turn.topic = 'offset';
      if (!deps.offsets) return goOn(turn, [turn.messages.offset.unavailable]);
      return handle(turn, deps.offsets);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Charge Now: "offset it", the read-back, yes / no, and what Amazon Pay answers

/** "Offset it": a new order for the last estimate, then Setup (first time) or the read-back. */
async function offsetLastEstimate(turn: Turn, offsets: OffsetDeps): Promise<Response> {
  const { lastEstimate } = await turn.store.read();
  if (!lastEstimate) return goOn(turn, [turn.messages.offset.nothingToOffset]);
  if (!permissionGranted(turn.input)) return askForPermission(turn, turn.messages.offset.permission);
  const order = await newOrder(turn, offsets, lastEstimate.grams);
  return act(turn, offsets, order, firstStep(order));
}

export function createOffsetHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('OffsetIntent'), offsetLastEstimate);
}

/** Yes or no to what the session is waiting for (an order read back, resuming an order, a monthly plan). */
export function createOffsetAnswerHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(
    deps,
    (input) => isIntent('AMAZON.YesIntent', 'AMAZON.NoIntent')(input) && awaiting(new Turn(input, deps)) !== undefined,
    async (turn, offsets) => {
      const waitingFor = awaiting(turn);
      setAwaiting(turn, undefined);
      const yes = intentName(turn.input) === 'AMAZON.YesIntent';
      const now = turn.deps.clock();
      const user = userId(turn.input);
      if (waitingFor?.kind === 'offset')
        return yes ? offsetLastEstimate(turn, offsets) : goOn(turn, [turn.messages.purchases.declined]);
      if (waitingFor?.kind === 'plan')
        return yes ? setUpMonthlyPlan(turn, offsets) : goOn(turn, [turn.messages.offset.notPlaced]);
      if (!waitingFor) return goOn(turn, [turn.messages.offset.carryOn]);
      if (!yes) {
        const { order, effect } = await offsets.store.updateOrder(waitingFor.orderId, (o) => cancelOrder(o, now), user);
        if (waitingFor.kind === 'resume')
          return turn.ask([turn.messages.offset.resumeDeclined], [turn.say(turn.messages.purchases.reprompt)]);
        return act(turn, offsets, order, effect);
      }
      if (waitingFor.kind === 'resume') {
        const order = await offsets.store.getOrder(waitingFor.orderId, user);
        if (!order) return goOn(turn, [turn.messages.offset.noOrder]);
        if (!isExpired(order.quote, now)) return act(turn, offsets, order, firstStep(order));
        // The price has run out: the same offset, priced again, read back again.
        await offsets.store.updateOrder(order.orderId, (o) => cancelOrder(o, now), user);
        const fresh = await newOrder(turn, offsets, order.quote.grams);
        return act(turn, offsets, fresh, firstStep(fresh));
      }
      if (!permissionGranted(turn.input)) return askForPermission(turn, turn.messages.offset.permission);
      const { order, effect } = await offsets.store.updateOrder(waitingFor.orderId, (o) => confirmOrder(o, now), user);
      return act(turn, offsets, order, effect);
    },
  );
}

export function createPaymentResponseHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(
    deps,
    (input) => {
      const request = input.requestEnvelope.request;
      return request.type === 'Connections.Response' && (request.name === 'Setup' || request.name === 'Charge');
    },
    async (turn, offsets) => {
      const request = turn.input.requestEnvelope.request as interfaces.connections.ConnectionsResponse;
      const response = {
        status: { code: String(request.status?.code ?? ''), message: request.status?.message ?? '' },
        payload: request.payload,
      };
      const token = parseOffsetToken(request.token);
      const now = turn.deps.clock();
      const user = userId(turn.input);
      if (!token) {
        turn.deps.logger.warn('Payment response with an unknown token', { name: request.name });
        return goOn(turn, [turn.messages.offset.carryOn]);
      }
      switch (token.kind) {
        case 'order-setup': {
          const outcome = offsets.rail.interpretSetup(response);
          turn.deps.logger.info('Amazon Pay setup answered', { outcome: outcome.kind });
          if (outcome.kind === 'billing-agreement' && outcome.chargeable) {
            await turn.store.update((state) => ({ ...state, billingAgreementId: outcome.billingAgreementId }));
          }
          const { order, effect } = await offsets.store.updateOrder(
            token.orderId,
            (o) => applyOrderSetup(o, outcome, now),
            user,
          );
          return act(turn, offsets, order, effect);
        }
        case 'order-charge': {
          const outcome = offsets.rail.interpretCharge(response);
          turn.deps.logger.info('Amazon Pay charge answered', {
            outcome: outcome.kind,
            ...('reasonCode' in outcome ? { reasonCode: outcome.reasonCode } : {}),
            ...('code' in outcome ? { code: outcome.code } : {}),
          });
          if (
            outcome.kind === 'runtime-error' &&
            (outcome.code === 'InvalidBillingAgreementId' || outcome.code === 'InvalidBillingAgreementStatus')
          ) {
            await turn.store.update((state) => ({ ...state, billingAgreementId: undefined }));
          }
          const { order, effect } = await offsets.store.updateOrder(
            token.orderId,
            (o) => applyChargeOutcome(o, token.authorizationReferenceId, outcome, now),
            user,
          );
          return act(turn, offsets, order, effect);
        }
        case 'plan-setup': {
          const outcome = offsets.rail.interpretSetup(response);
          const { effect } = await offsets.store.updateMonthlyPlan(
            token.planId,
            (plan) => {
              if (!plan) throw new MonthlyPlanNotFoundError('No monthly plan for this setup');
              return applyMonthlyPlanSetup(plan, outcome, now);
            },
            user,
          );
          return planEffect(turn, offsets, token.planId, effect);
        }
      }
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// P4: an order left unconfirmed is offered again at the next launch.

/** The launch question about an unfinished order, when there is one; sets what the session waits for. */
export async function unfinishedOrderQuestion(turn: Turn): Promise<string | undefined> {
  const offsets = turn.deps.offsets;
  if (!offsets) return undefined;
  const { currentOrderId } = await turn.store.read();
  if (!currentOrderId) return undefined;
  const order = await offsets.store.getOrder(currentOrderId, userId(turn.input));
  if (!order || !isResumable(order, turn.deps.clock())) return undefined;
  setAwaiting(turn, { kind: 'resume', orderId: order.orderId });
  return turn.messages.offset.resumeOffer(order.quote.kilograms);
}

// ---------------------------------------------------------------------------------------------------------------
// "Where is my order", P7 "cancel my order", P5 "refund"

async function currentOrder(turn: Turn, offsets: OffsetDeps): Promise<OffsetOrder | undefined> {
  const { currentOrderId } = await turn.store.read();
  return currentOrderId ? offsets.store.getOrder(currentOrderId, userId(turn.input)) : undefined;
}

export function createOrderStatusHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('OrderStatusIntent'), async (turn, offsets) => {
    const order = await currentOrder(turn, offsets);
    const { offset } = turn.messages;
    if (!order) return goOn(turn, [offset.noOrder]);
    return goOn(turn, [offset.status(order.status, order.quote.kilograms, order.quote.total, order.certificateId)]);
  });
}

export function createCancelOrderHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('CancelOrderIntent'), async (turn, offsets) => {
    const order = await currentOrder(turn, offsets);
    const { offset } = turn.messages;
    if (!order) return goOn(turn, [offset.noOrder]);
    if (isPaid(order)) return goOn(turn, [offset.cancelInstructions(order.orderId)]);
    const { effect } = await offsets.store.updateOrder(
      order.orderId,
      (o) => cancelOrder(o, turn.deps.clock()),
      order.userId,
    );
    return goOn(turn, [
      effect.kind === 'tell' && effect.news.kind === 'cancelled'
        ? offset.cancelledNow
        : offset.status(order.status, order.quote.kilograms, order.quote.total, order.certificateId),
    ]);
  });
}

export function createRefundOrderHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('RefundOrderIntent'), async (turn, offsets) => {
    const order = await currentOrder(turn, offsets);
    return goOn(turn, [turn.messages.offset.refundInstructions(order && isPaid(order) ? order.orderId : undefined)]);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Charge Later: a monthly plan (a billing agreement now, charged by the scheduled job)

async function planQuote(turn: Turn, offsets: OffsetDeps): Promise<Quote | undefined> {
  const { lastEstimate } = await turn.store.read();
  if (!lastEstimate) return undefined;
  const { config } = offsets;
  return quoteOffset({
    grams: lastEstimate.grams,
    currency: config.currency,
    taxCountry: config.taxCountry,
    pricing: config.pricing,
    now: turn.deps.clock(),
    validForMs: config.quoteValidMs,
  });
}

export function createStartPlanHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('StartOffsetPlanIntent'), async (turn, offsets) => {
    const { offset } = turn.messages;
    const plan = await offsets.store.getMonthlyPlan(monthlyPlanIdFor(userId(turn.input)), userId(turn.input));
    if (plan?.status === 'active') return goOn(turn, [offset.monthlyPlanAlreadyActive]);
    const quote = await planQuote(turn, offsets);
    if (!quote) return goOn(turn, [offset.nothingToOffset]);
    if (!permissionGranted(turn.input)) return askForPermission(turn, offset.permission);
    setAwaiting(turn, { kind: 'plan' });
    return turn.ask(
      [offset.monthlyPlanReadBack(quote, offsets.config.amazonPay.storeName)],
      [offset.monthlyPlanConfirmReprompt],
    );
  });
}

async function setUpMonthlyPlan(turn: Turn, offsets: OffsetDeps): Promise<Response> {
  const quote = await planQuote(turn, offsets);
  if (!quote) return goOn(turn, [turn.messages.offset.nothingToOffset]);
  if (!permissionGranted(turn.input)) return askForPermission(turn, turn.messages.offset.permission);
  const user = userId(turn.input);
  const planId = monthlyPlanIdFor(user);
  const { effect } = await offsets.store.updateMonthlyPlan(
    planId,
    (existing) => startMonthlyPlan(existing, { planId, userId: user, quote, now: turn.deps.clock() }),
    user,
  );
  return planEffect(turn, offsets, planId, effect);
}

function planEffect(turn: Turn, offsets: OffsetDeps, planId: string, effect: MonthlyPlanEffect): Response {
  const { offset } = turn.messages;
  switch (effect.kind) {
    case 'send-setup':
      return send(
        turn,
        offsets.rail.startSetup({
          kind: 'plan',
          planId,
          subscriptionAmount: effect.setup.subscriptionAmount,
        }),
      );
    case 'nothing-new':
      return goOn(turn, [effect.status === 'active' ? offset.monthlyPlanAlreadyActive : offset.carryOn]);
    case 'tell': {
      const { news } = effect;
      switch (news.kind) {
        case 'plan-active':
          return goOn(turn, [offset.monthlyPlanActive]);
        case 'plan-cancelled':
          return goOn(turn, [offset.monthlyPlanCancelled]);
        case 'already-active':
          return goOn(turn, [offset.monthlyPlanAlreadyActive]);
        case 'agreement-not-chargeable':
          return goOn(turn, [offset.problem[news.action]]);
        case 'payment-problem':
          if (news.outcome.action === 'grant-permission')
            return askForPermission(turn, offset.problem['grant-permission']);
          return goOn(turn, [offset.problem[news.outcome.action]]);
      }
    }
  }
}

export function createPlanStatusHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('OffsetPlanStatusIntent'), async (turn, offsets) => {
    const user = userId(turn.input);
    const plan = await offsets.store.getMonthlyPlan(monthlyPlanIdFor(user), user);
    if (!plan) return goOn(turn, [turn.messages.offset.noMonthlyPlan]);
    const thisMonth = await offsets.store.getMonthlyCharge(plan.planId, monthOf(turn.deps.clock()));
    return goOn(turn, [turn.messages.offset.monthlyPlanStatus(monthlyPlanReport(plan, thisMonth))]);
  });
}

export function createCancelPlanHandler(deps: HandlerDeps): RequestHandler {
  return offsetHandler(deps, isIntent('CancelOffsetPlanIntent'), async (turn, offsets) => {
    const user = userId(turn.input);
    const plan = await offsets.store.getMonthlyPlan(monthlyPlanIdFor(user), user);
    if (!plan || plan.status === 'cancelled') return goOn(turn, [turn.messages.offset.noMonthlyPlan]);
    const { effect } = await offsets.store.updateMonthlyPlan(
      plan.planId,
      (current) => {
        if (!current) throw new MonthlyPlanNotFoundError('The monthly plan disappeared');
        return cancelMonthlyPlan(current, turn.deps.clock());
      },
      user,
    );
    return planEffect(turn, offsets, plan.planId, effect);
  });
}
