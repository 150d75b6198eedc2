/** Where an order stands: "where is my order", P7 "cancel my order", P5 "refund", and P4's unfinished order. */
import { monthlyPlanIdFor } from '../domain/monthly-plan';
import { cancelOrder as cancelBeforePayment, isPaid, isResumable, type OffsetOrder } from '../domain/order';
import type { Buyer, OffsetOutcome, OffsetPorts } from './outcome';

async function currentOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOrder | undefined> {
  const { currentOrderId } = await ports.customer.read();
  return currentOrderId ? ports.offsetStore.getOrder(currentOrderId, buyer.userId) : undefined;
}

export async function orderStatus(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const order = await currentOrder(buyer, ports);
  return order ? { kind: 'order-status', status: order.status, order } : { kind: 'no-order' };
}

/** Before payment the order is cancelled at once; after it, the customer hears how to ask for a cancellation. */
export async function cancelCurrentOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const order = await currentOrder(buyer, ports);
  if (!order) return { kind: 'no-order' };
  if (isPaid(order)) return { kind: 'cancel-instructions', orderId: order.orderId };
  const { effect } = await ports.offsetStore.updateOrder(
    order.orderId,
    (current) => cancelBeforePayment(current, ports.clock()),
    order.userId,
  );
  return effect.kind === 'tell' && effect.news.kind === 'cancelled'
    ? { kind: 'cancelled-now' }
    : { kind: 'order-status', status: order.status, order };
}

export async function refundCurrentOrder(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const order = await currentOrder(buyer, ports);
  return { kind: 'refund-instructions', orderId: order && isPaid(order) ? order.orderId : undefined };
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
  const [order, plan] = await Promise.all([
    currentOrder(buyer, ports),
    ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(buyer.userId), buyer.userId),
  ]);
  return {
    order: order && isPaid(order) ? order : undefined,
    planKilograms: plan?.status === 'active' ? plan.quote.kilograms : undefined,
  };
}
