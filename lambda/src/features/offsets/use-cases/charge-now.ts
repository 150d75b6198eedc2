/**
 * Charge Now: "offset it" (a new order for the last estimate), the read-back and its yes or no, an unfinished order
 * offered again, and what Amazon Pay answers. The order is a state machine (domain/order.ts) changed only through the
 * store's conditional writes, so only the request whose write won gets an effect to act on: a second "yes", a
 * replayed response or two devices at once can never charge twice.
 */
import type { ConnectionsAnswer } from '../../../conversation/request';
import { monthlyPlanIdFor } from '../domain/monthly-plan';
import { parseOffsetToken } from '../domain/offset-token';
import {
  applyChargeOutcome,
  applyOrderSetup,
  cancelOrder,
  confirmOrder,
  createOrder,
  firstStep,
  type OffsetOrder,
  type OrderEffect,
} from '../domain/order';
import { isExpired, quoteOffset } from '../domain/quote';
import type { RailResponse } from '../ports';
import { fulfilOrder } from './fulfilment';
import { monthlyPlanSetupAnswered } from './monthly-plan';
import { type Buyer, handOff, type OffsetOutcome, type OffsetPorts } from './outcome';

/** Does what the order state machine said, exactly once: only the request whose write won gets an effect. */
export async function act(ports: OffsetPorts, order: OffsetOrder, effect: OrderEffect): Promise<OffsetOutcome> {
  switch (effect.kind) {
    case 'ask-confirmation':
      return { kind: 'read-back', orderId: order.orderId, quote: effect.quote };
    case 'send-setup':
      return handOff(ports, ports.paymentRail.startSetup({ kind: 'order', orderId: order.orderId }));
    case 'send-charge':
      return handOff(ports, ports.paymentRail.startCharge(effect.charge));
    case 'fulfil': {
      // Within the request (the provider's worst case fits the time left); a failure leaves the order for the job.
      const fulfilled = await fulfilOrder(ports, order.orderId);
      const plan = await ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(order.userId), order.userId);
      return { kind: 'placed', order: fulfilled, hasMonthlyPlan: plan?.status === 'active' };
    }
    case 'tell':
      return { kind: 'order-news', news: effect.news };
    case 'nothing-new':
      return { kind: 'order-status', status: effect.status, order };
  }
}

/** A fresh order for `grams`, priced now; it becomes the customer's current order. */
async function newOrder(buyer: Buyer, ports: OffsetPorts, grams: number): Promise<OffsetOrder> {
  const now = ports.clock();
  const { config } = ports;
  const state = await ports.customer.read();
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
    quote,
    ...(state.billingAgreementId ? { billingAgreementId: state.billingAgreementId } : {}),
    now,
  });
  await ports.offsetStore.createOrder(order);
  await ports.customer.update((current) => ({ ...current, currentOrderId: order.orderId }));
  return order;
}

/** "Offset it": a new order for the last estimate, then Setup (first time) or the read-back. */
export async function offsetLastEstimate(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const lastEstimate = await ports.lastEstimate();
  // A walk or a bike ride has nothing to offset (and the smallest offset would still be a kilogram).
  if (!lastEstimate || lastEstimate.grams === 0) return { kind: 'nothing-to-offset' };
  if (!buyer.paymentsAllowed) return { kind: 'permission-needed' };
  const order = await newOrder(buyer, ports, lastEstimate.grams);
  return act(ports, order, firstStep(order));
}

/** Yes or no to the read-back of order `orderId`. */
export async function answerReadBack(
  buyer: Buyer,
  orderId: string,
  yes: boolean,
  ports: OffsetPorts,
): Promise<OffsetOutcome> {
  const now = ports.clock();
  if (!yes) {
    const { order, effect } = await ports.offsetStore.updateOrder(orderId, (o) => cancelOrder(o, now), buyer.userId);
    return act(ports, order, effect);
  }
  if (!buyer.paymentsAllowed) return { kind: 'permission-needed' };
  const { order, effect } = await ports.offsetStore.updateOrder(orderId, (o) => confirmOrder(o, now), buyer.userId);
  return act(ports, order, effect);
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
  if (!isExpired(order.quote, now)) return act(ports, order, firstStep(order));
  await ports.offsetStore.updateOrder(order.orderId, (o) => cancelOrder(o, now), buyer.userId);
  const fresh = await newOrder(buyer, ports, order.quote.grams);
  return act(ports, fresh, firstStep(fresh));
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
  if (!token) {
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
      ports.logger.info('Amazon Pay charge answered', {
        outcome: outcome.kind,
        ...('reasonCode' in outcome ? { reasonCode: outcome.reasonCode } : {}),
        ...('code' in outcome ? { code: outcome.code } : {}),
      });
      if (
        outcome.kind === 'runtime-error' &&
        (outcome.code === 'InvalidBillingAgreementId' || outcome.code === 'InvalidBillingAgreementStatus')
      ) {
        await ports.customer.update((state) => ({ ...state, billingAgreementId: undefined }));
      }
      const { order, effect } = await ports.offsetStore.updateOrder(
        token.orderId,
        (o) => applyChargeOutcome(o, token.authorizationReferenceId, outcome, now),
        buyer.userId,
      );
      return act(ports, order, effect);
    }
    case 'plan-setup':
      return monthlyPlanSetupAnswered(token.planId, ports.paymentRail.interpretSetup(response), buyer, ports);
  }
}
