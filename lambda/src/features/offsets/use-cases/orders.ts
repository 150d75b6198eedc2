/**
 * Where an order stands: "where is my order", P7 "cancel my order", P5 "refund my offset", P4's unfinished order,
 * and, on the linked card, a payment the customer's bank or Stripe had not decided when the customer was last here
 * (looked up again at the next launch, so the next session says how it ended).
 */
import { describeError } from '../../../shared/logger';
import { monthlyPlanIdFor } from '../domain/monthly-plan';
import {
  applyChargeNotFound,
  cancelOrder as cancelBeforePayment,
  chargeOf,
  isAwaitingPayment,
  isPaid,
  isRefundable,
  isResumable,
  type OffsetOrder,
  recordRefund,
} from '../domain/order';
import type { Buyer } from '../ports';
import { act, answered } from './charge-now';
import { syncPlanWithPage } from './monthly-plan';
import type { OffsetOutcome, OffsetPorts, OrderDeps } from './outcome';
import { blocked, keepAccountInformed, payerFor } from './payer';

async function currentOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOrder | undefined> {
  const { currentOrderId } = await ports.customer.read();
  const order = currentOrderId ? await ports.offsetStore.getOrder(currentOrderId, buyer.userId) : undefined;
  return order && syncPageRefund(ports, order);
}

/**
 * A card order refunded on the account page: the skill's own record catches up when it next reads the order, so
 * what it says matches the page.
 */
async function syncPageRefund(deps: OrderDeps, order: OffsetOrder): Promise<OffsetOrder> {
  const records = deps.accountRecords;
  const source = order.source;
  if (!records || source?.kind !== 'card' || !isPaid(order)) return order;
  try {
    const refund = await deps.deadline.race(() => records.pageRefund(source.accountId, order.orderId));
    if (refund !== 'refunded') return order;
    const saved = await deps.offsetStore.updateOrder(order.orderId, (current) =>
      recordRefund(current, { refundId: undefined, amount: current.quote.total }, deps.clock()),
    );
    return saved.order;
  } catch (error) {
    deps.logger.warn('The account page could not be read', { event: 'account-page-unread', ...describeError(error) });
    return order;
  }
}

export async function orderStatus(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const order = await currentOrder(buyer, ports);
  return order ? { kind: 'order-status', status: order.status, order } : { kind: 'no-order' };
}

/**
 * Before payment the order is cancelled at once (a payment waiting for 3-D Secure is dropped at Stripe first). After
 * payment: on the card, the refund is offered; on Amazon Pay, the customer hears how to ask for a cancellation.
 */
export async function cancelCurrentOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const order = await currentOrder(buyer, ports);
  if (!order) return { kind: 'no-order' };
  if (isPaid(order)) {
    if (order.source?.kind === 'card') return refundOffer(order, ports, true);
    return { kind: 'cancel-instructions', orderId: order.orderId };
  }
  if (order.status === 'awaiting-authentication') {
    const dropped = await ports.paymentRail.cancelCharge(order);
    if (dropped !== 'cancelled') return { kind: 'order-status', status: order.status, order };
  }
  const { order: saved, effect } = await ports.offsetStore.updateOrder(
    order.orderId,
    (current) => cancelBeforePayment(current, ports.clock()),
    order.userId,
  );
  await keepAccountInformed(ports, saved);
  return effect.kind === 'tell' && effect.news.kind === 'cancelled'
    ? { kind: 'cancelled-now' }
    : { kind: 'order-status', status: order.status, order };
}

function refundOffer(order: OffsetOrder, ports: OffsetPorts, cancelling: boolean): OffsetOutcome {
  if (!isRefundable(order, ports.clock(), ports.config.refundWindowMs)) {
    return { kind: 'refund-refused', reason: 'window-passed', orderId: order.orderId };
  }
  return {
    kind: 'refund-offer',
    orderId: order.orderId,
    amount: order.quote.total,
    kilograms: order.quote.kilograms,
    retired: order.status === 'fulfilled',
    cancelling,
  };
}

/** "Refund my offset": on the card, the refund the policy allows is offered; on Amazon Pay, how to ask for one. */
export async function refundCurrentOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const order = await currentOrder(buyer, ports);
  if (order?.source?.kind !== 'card') {
    return { kind: 'refund-instructions', orderId: order && isPaid(order) ? order.orderId : undefined };
  }
  if (order.status === 'refunded')
    return { kind: 'refund-refused', reason: 'already-refunded', orderId: order.orderId };
  if (!isPaid(order)) return { kind: 'refund-refused', reason: 'not-paid', orderId: undefined };
  const records = ports.accountRecords;
  const accountId = order.source.accountId;
  const onPage = records ? await ports.deadline.race(() => records.pageRefund(accountId, order.orderId)) : 'none';
  if (onPage === 'requested') return { kind: 'refund-refused', reason: 'requested-on-page', orderId: order.orderId };
  return refundOffer(order, ports, false);
}

/** Yes to "Shall I refund it?": the refund through the rail, then the order and the account page say so. */
export async function confirmRefund(buyer: Buyer, orderId: string, ports: OffsetPorts): Promise<OffsetOutcome> {
  const payer = await payerFor(buyer, ports);
  const stop = blocked(payer);
  if (stop) return stop;
  const order = await ports.offsetStore.getOrder(orderId, buyer.userId);
  if (order?.source?.kind !== 'card' || !isPaid(order)) {
    return { kind: 'refund-refused', reason: order?.status === 'refunded' ? 'already-refunded' : 'not-paid', orderId };
  }
  if (!isRefundable(order, ports.clock(), ports.config.refundWindowMs)) {
    return { kind: 'refund-refused', reason: 'window-passed', orderId };
  }
  const refund = await ports.paymentRail.refund(order);
  ports.logger.info('Refund answered', {
    orderId,
    outcome: refund.kind,
    ...('reason' in refund ? { reason: refund.reason } : {}),
  });
  if (refund.kind !== 'refunded') return { kind: 'refund-failed' };
  const { order: saved } = await ports.offsetStore.updateOrder(orderId, (current) =>
    recordRefund(current, refund, ports.clock()),
  );
  const records = ports.accountRecords;
  const accountId = order.source.accountId;
  try {
    if (records) await ports.deadline.race(() => records.settleRefund(accountId, orderId, 'refunded'));
  } catch (error) {
    ports.logger.warn('Refund not recorded on the account page', { orderId, ...describeError(error) });
  }
  return {
    kind: 'refunded',
    amount: refund.amount,
    kilograms: saved.quote.kilograms,
    retired: order.status === 'fulfilled',
  };
}

/** An order left unconfirmed that can still be completed (offered again at the next launch). */
export async function unfinishedOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOrder | undefined> {
  const order = await currentOrder(buyer, ports);
  return order && isResumable(order, ports.clock()) ? order : undefined;
}

/** What the customer has bought of offsets: the current order once paid, and an active monthly plan. */
export interface OffsetsBought {
  readonly order: OffsetOrder | undefined;
  readonly planKilograms: number | undefined;
}

export async function offsetsBought(buyer: Buyer, ports: OffsetPorts): Promise<OffsetsBought> {
  const [order, stored] = await Promise.all([
    currentOrder(buyer, ports),
    ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(buyer.userId), buyer.userId),
  ]);
  // A card plan cancelled on the account page is not bought any more.
  const plan = stored && (await syncPlanWithPage(ports, stored));
  return {
    order: order && isPaid(order) ? order : undefined,
    planKilograms: plan?.status === 'active' ? plan.quote.kilograms : undefined,
  };
}

/**
 * A card payment left undecided (3-D Secure, no answer from Stripe): looked up by its reference, and what it came
 * to carried out (placed, still waiting, declined). Undefined when there is no such order, or the rail cannot say.
 */
export async function paymentNews(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome | undefined> {
  const order = await currentOrder(buyer, ports);
  const charge = order && isAwaitingPayment(order) ? chargeOf(order) : undefined;
  if (!order || !charge) return undefined;
  try {
    return await settleOpenCharge(ports, order);
  } catch (error) {
    // The payment service not answering is no reason to fail the launch: the job looks it up again.
    ports.logger.warn('An open payment was not looked up', { event: 'open-payment-unread', ...describeError(error) });
    return undefined;
  }
}

/**
 * How long an Amazon Pay Charge directive may take to reach Amazon Pay: a charge not found there by then never
 * arrived, and its order is released (known not charged; the customer may confirm it again).
 */
export const DIRECTIVE_CHARGE_ARRIVES_WITHIN_MS = 60 * 60_000;

/**
 * The owner of an undecided charge (the next session, and the scheduled job): where it stands at the payment
 * service, by the same reference, and the order completed, fulfilled or released by what it found. Never found
 * there: on the card it is started again with the same reference (which can only ever be one charge); on Amazon Pay
 * the order is released once the directive had time to arrive.
 */
export async function settleOpenCharge(deps: OrderDeps, order: OffsetOrder): Promise<OffsetOutcome | undefined> {
  const charge = chargeOf(order);
  if (!charge || !isAwaitingPayment(order)) return undefined;
  const found = await deps.paymentRail.lookUpCharge(charge);
  switch (found.kind) {
    case 'unsupported':
      return undefined;
    case 'found':
      return answered(deps, charge, found.outcome);
    case 'not-found': {
      const rail = { restartable: charge.source.kind === 'card', releaseAfterMs: DIRECTIVE_CHARGE_ARRIVES_WITHIN_MS };
      const { order: saved, effect } = await deps.offsetStore.updateOrder(order.orderId, (current) =>
        applyChargeNotFound(current, deps.clock(), rail),
      );
      // Still waiting for it to arrive (or for a person): nothing new to say.
      if (effect.kind === 'nothing-new' && saved.status === order.status) return undefined;
      return act(deps, saved, effect);
    }
  }
}
