/**
 * Charge Now: "offset it" (a new order for the last estimate), the read-back and its yes or no, the voice code when
 * the linked account has one, an unfinished order offered again, and what the payment rail answers (Amazon Pay in a
 * Connections.Response, the linked card within the request). The order is a state machine (domain/order.ts) changed
 * only through the store's conditional writes, so only the request whose write won gets an effect to act on: a second
 * "yes", a replayed response or two devices at once can never charge twice.
 */
import type { ConnectionsAnswer } from '../../../conversation/request';
import { describeError } from '../../../shared/logger';
import { monthlyPlanIdFor } from '../domain/monthly-plan';
import { parseOffsetToken } from '../domain/offset-token';
import {
  applyChargeOutcome,
  applyOrderSetup,
  type ChargeInstruction,
  cancelOrder,
  confirmOrder,
  createOrder,
  firstStep,
  type OffsetOrder,
  type OrderEffect,
} from '../domain/order';
import type { ChargeOutcome } from '../domain/payment';
import { isExpired, quoteOffset } from '../domain/quote';
import type { Buyer, Payer, RailResponse } from '../ports';
import { fulfilOrder } from './fulfilment';
import { monthlyPlanSetupAnswered } from './monthly-plan';
import { handOff, type OffsetOutcome, type OffsetPorts, type OrderDeps } from './outcome';
import { blocked, keepAccountInformed, naming, payerFor, sendConfirmation, withVoiceCode } from './payer';

/** How the charge is described to the customer (Stripe's description, Amazon's authorization note). */
export function chargeNote(deps: OrderDeps, order: OffsetOrder): string {
  return `${deps.config.sellerName}: ${order.quote.kilograms} kg CO2e of verified carbon credits retired for you`;
}

/** Records a charge's answer on the order and carries out what follows. */
export async function answered(
  deps: OrderDeps,
  charge: Pick<ChargeInstruction, 'orderId' | 'authorizationReferenceId'>,
  outcome: ChargeOutcome,
  payer?: Payer,
): Promise<OffsetOutcome> {
  deps.logger.info('Payment answered', {
    rail: deps.paymentRail.name,
    outcome: outcome.kind,
    ...('reasonCode' in outcome ? { reasonCode: outcome.reasonCode } : {}),
    ...('code' in outcome ? { code: outcome.code } : {}),
  });
  const { order, effect } = await deps.offsetStore.updateOrder(charge.orderId, (current) =>
    applyChargeOutcome(current, charge.authorizationReferenceId, outcome, deps.clock()),
  );
  return act(deps, order, effect, payer);
}

/**
 * Does what the order state machine said, exactly once: only the request (or job run) whose write won gets an effect.
 * `payer` is who pays this turn, when known: the read-back names their card.
 */
export async function act(
  deps: OrderDeps,
  order: OffsetOrder,
  effect: OrderEffect,
  payer?: Payer,
): Promise<OffsetOutcome> {
  await keepAccountInformed(deps, order);
  switch (effect.kind) {
    case 'ask-confirmation':
      return { kind: 'read-back', orderId: order.orderId, quote: effect.quote, payment: naming(payer, effect.quote) };
    case 'send-setup': {
      const step = deps.paymentRail.startSetup({ kind: 'order', orderId: order.orderId });
      if (step.kind !== 'send-directive') throw new TypeError('A Setup is always a directive');
      return handOff(deps, step.directive);
    }
    case 'send-charge': {
      const step = await deps.paymentRail.startCharge(effect.charge, chargeNote(deps, order));
      switch (step.kind) {
        case 'send-directive':
          return handOff(deps, step.directive);
        case 'answered':
          return answered(deps, effect.charge, step.outcome, payer);
      }
      break;
    }
    case 'fulfil': {
      // Within the request (the provider's worst case fits the time left); a failure leaves the order for the job.
      const fulfilled = await fulfilOrder(deps, order.orderId);
      await keepAccountInformed(deps, fulfilled);
      const emailed = await sendConfirmation(deps, fulfilled);
      const plan = await deps.offsetStore.getMonthlyPlan(monthlyPlanIdFor(order.userId), order.userId);
      return {
        kind: 'placed',
        order: emailed,
        hasMonthlyPlan: plan?.status === 'active',
        card: payer?.kind === 'ready' ? payer.card : undefined,
      };
    }
    case 'tell':
      if (effect.news.kind === 'authentication-needed') await askToAuthenticate(deps, order);
      return { kind: 'order-news', news: effect.news, order };
    case 'nothing-new':
      return { kind: 'order-status', status: effect.status, order };
  }
}

/** 3-D Secure: the link to confirm the payment by email (the card in the Alexa app is the speech's). */
async function askToAuthenticate(deps: OrderDeps, order: OffsetOrder): Promise<void> {
  const mailer = deps.mailer;
  if (!mailer) return;
  try {
    await deps.deadline.race(() => mailer.authenticationNeeded(order));
  } catch (error) {
    deps.logger.warn('Authentication email not sent', {
      event: 'authentication-email-failed',
      orderId: order.orderId,
      ...describeError(error),
    });
  }
}

/** A fresh order for `grams`, priced now, on what `payer` pays with; it becomes the customer's current order. */
async function newOrder(buyer: Buyer, ports: OffsetPorts, grams: number, payer: Payer): Promise<OffsetOrder> {
  const now = ports.clock();
  const { config } = ports;
  const quote = quoteOffset({
    grams,
    currency: config.currency,
    taxCountry: config.taxCountry,
    pricing: config.pricing,
    now,
    validForMs: config.quoteValidMs,
  });
  const order = createOrder({
    orderId: ports.newOrderId(),
    userId: buyer.userId,
    rail: ports.paymentRail.name,
    quote,
    ...(payer.kind === 'ready' ? { source: payer.source } : {}),
    now,
  });
  await ports.offsetStore.createOrder(order);
  await ports.customer.update((current) => ({ ...current, currentOrderId: order.orderId }));
  return order;
}

/** "Offset it": who pays, then a new order for the last estimate, then Setup (Amazon Pay, first time) or the read-back. */
export async function offsetLastEstimate(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const lastEstimate = await ports.lastEstimate();
  // A walk or a bike ride has nothing to offset (and the smallest offset would still be a kilogram).
  if (!lastEstimate || lastEstimate.grams === 0) return { kind: 'nothing-to-offset' };
  const payer = await payerFor(buyer, ports, true);
  const stop = blocked(payer);
  if (stop) return stop;
  const order = await newOrder(buyer, ports, lastEstimate.grams, payer);
  return act(ports, order, firstStep(order), payer);
}

/**
 * Confirms order `orderId` and charges it, with the payer of this turn (its card, re-read: one replaced since the
 * read-back is read back again). `codeChecked`: the voice code was just accepted.
 */
async function confirmAndCharge(
  buyer: Buyer,
  orderId: string,
  ports: OffsetPorts,
  codeChecked: boolean,
): Promise<OffsetOutcome> {
  const payer = await payerFor(buyer, ports);
  const stop = blocked(payer);
  if (stop) return stop;
  const ready = payer.kind === 'ready' ? payer : undefined;
  if (!codeChecked && ready?.voiceCode === 'locked') return { kind: 'voice-code-locked' };
  if (!codeChecked && ready?.voiceCode === 'set') {
    const order = await ports.offsetStore.getOrder(orderId, buyer.userId);
    if (order?.status === 'quoted') return { kind: 'voice-code-needed', orderId, again: false };
  }
  const now = ports.clock();
  // On a card the order is charged on the card read this turn; Amazon Pay charges the agreement from its Setup.
  const current = ready?.source.kind === 'card' ? ready.source : undefined;
  const { order, effect } = await ports.offsetStore.updateOrder(
    orderId,
    (o) => confirmOrder(o, now, current),
    buyer.userId,
  );
  return act(ports, order, effect, payer);
}

/** Yes or no to the read-back of order `orderId`. */
export async function answerReadBack(
  buyer: Buyer,
  orderId: string,
  yes: boolean,
  ports: OffsetPorts,
): Promise<OffsetOutcome> {
  if (!yes) return cancelBeforePayment(buyer, orderId, ports);
  return confirmAndCharge(buyer, orderId, ports, false);
}

async function cancelBeforePayment(buyer: Buyer, orderId: string, ports: OffsetPorts): Promise<OffsetOutcome> {
  const now = ports.clock();
  const { order, effect } = await ports.offsetStore.updateOrder(orderId, (o) => cancelOrder(o, now), buyer.userId);
  return act(ports, order, effect);
}

/** The four digits said for order `orderId`: the right code charges it. */
export function answerVoiceCode(buyer: Buyer, orderId: string, digits: string, ports: OffsetPorts) {
  return withVoiceCode(buyer, digits, ports, orderId, () => confirmAndCharge(buyer, orderId, ports, true));
}

/** No to "say your voice code": the order is not placed. */
export function declineVoiceCode(buyer: Buyer, orderId: string, ports: OffsetPorts): Promise<OffsetOutcome> {
  return cancelBeforePayment(buyer, orderId, ports);
}

/** Yes or no to continuing an unfinished order (P4). A price that has run out is quoted again and read back. */
export async function answerResume(
  buyer: Buyer,
  orderId: string,
  yes: boolean,
  ports: OffsetPorts,
): Promise<OffsetOutcome> {
  const now = ports.clock();
  if (!yes) {
    await ports.offsetStore.updateOrder(orderId, (o) => cancelOrder(o, now), buyer.userId);
    return { kind: 'resume-declined' };
  }
  const order = await ports.offsetStore.getOrder(orderId, buyer.userId);
  if (!order) return { kind: 'no-order' };
  const payer = await payerFor(buyer, ports, true);
  const stop = blocked(payer);
  if (stop) return stop;
  if (!isExpired(order.quote, now)) return act(ports, order, firstStep(order), payer);
  await ports.offsetStore.updateOrder(order.orderId, (o) => cancelOrder(o, now), buyer.userId);
  const fresh = await newOrder(buyer, ports, order.quote.grams, payer);
  return act(ports, fresh, firstStep(fresh), payer);
}

/** Amazon Pay's answer to a Setup or a Charge (a new session): matched to its order or plan by our token. */
export async function answerPayment(
  answer: ConnectionsAnswer,
  buyer: Buyer,
  ports: OffsetPorts,
): Promise<OffsetOutcome> {
  const response: RailResponse = {
    status: { code: answer.statusCode ?? '', message: answer.statusMessage },
    payload: answer.payload,
  };
  const token = parseOffsetToken(answer.token);
  const now = ports.clock();
  if (!token || ports.paymentRail.name !== 'amazon-pay') {
    ports.logger.warn('Payment response with an unknown token', { name: answer.name });
    return { kind: 'carry-on' };
  }
  switch (token.kind) {
    case 'order-setup': {
      const outcome = ports.paymentRail.interpretSetup(response);
      ports.logger.info('Amazon Pay setup answered', { outcome: outcome.kind });
      if (outcome.kind === 'billing-agreement' && outcome.chargeable) {
        await ports.customer.update((state) => ({ ...state, billingAgreementId: outcome.billingAgreementId }));
      }
      const { order, effect } = await ports.offsetStore.updateOrder(
        token.orderId,
        (o) => applyOrderSetup(o, outcome, now),
        buyer.userId,
      );
      return act(ports, order, effect);
    }
    case 'order-charge': {
      const outcome = ports.paymentRail.interpretCharge(response);
      if (
        outcome.kind === 'runtime-error' &&
        (outcome.code === 'InvalidBillingAgreementId' || outcome.code === 'InvalidBillingAgreementStatus')
      ) {
        await ports.customer.update((state) => ({ ...state, billingAgreementId: undefined }));
      }
      if (!(await ports.offsetStore.getOrder(token.orderId, buyer.userId))) return { kind: 'no-order' };
      return answered(ports, token, outcome);
    }
    case 'plan-setup':
      return monthlyPlanSetupAnswered(token.planId, ports.paymentRail.interpretSetup(response), buyer, ports);
  }
}
