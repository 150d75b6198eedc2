/**
 * Fulfilment: retire the offset for something already paid for and record the certificate. Runs after the charge was
 * saved, so whatever happens here the payment is never lost: a failure leaves the record `fulfilment-pending`, and
 * the scheduled job (run-monthly-charges.ts) tries again with the same idempotency key until it succeeds.
 *
 * Where it runs: the Charge-response handler calls `fulfilOrder` once, inside the Alexa request (with a provider
 * whose worst case fits the remaining time), then confirms the order whatever the outcome; the job retries the rest.
 */

import { type AppLogger, describeError } from '../../../shared/logger';
import { type MonthlyCharge, recordChargeFulfilment, recordChargeFulfilmentFailure } from '../domain/monthly-charges';
import { isPaid, type OffsetOrder, recordFulfilment, recordFulfilmentFailure } from '../domain/order';
import { type OffsetProvider, type OffsetStore, OrderNotFoundError } from '../ports';

export interface FulfilmentDeps {
  readonly offsetStore: OffsetStore;
  readonly offsetProvider: OffsetProvider;
  readonly clock: () => Date;
  readonly logger: Pick<AppLogger, 'info' | 'warn'>;
}

/** Retires a charged order (no-op for one that is not awaiting fulfilment) and returns the saved order. */
export async function fulfilOrder(deps: FulfilmentDeps, orderId: string): Promise<OffsetOrder> {
  const order = await deps.offsetStore.getOrder(orderId);
  if (!order) throw new OrderNotFoundError('No such order to fulfil');
  if (!isPaid(order) || order.status === 'fulfilled') return order;
  try {
    const retirement = await deps.offsetProvider.retire({ orderId, kilograms: order.quote.kilograms });
    const saved = await deps.offsetStore.updateOrder(orderId, (current) =>
      recordFulfilment(current, retirement, deps.clock()),
    );
    deps.logger.info('Offset order fulfilled', {
      event: 'offset-fulfilled',
      orderId,
      provider: deps.offsetProvider.name,
    });
    return saved.order;
  } catch (error) {
    const reason = describeError(error);
    deps.logger.warn('Offset order fulfilment failed; kept for retry', {
      event: 'offset-fulfilment-failed',
      orderId,
      provider: deps.offsetProvider.name,
      ...reason,
    });
    const saved = await deps.offsetStore.updateOrder(orderId, (current) =>
      recordFulfilmentFailure(current, reason.errorMessage, deps.clock()),
    );
    return saved.order;
  }
}

/** Retires one month's plan charge (its reference is the idempotency key) and returns the saved record. */
export async function fulfilMonthlyCharge(deps: FulfilmentDeps, charge: MonthlyCharge): Promise<MonthlyCharge> {
  const { planId, month } = charge;
  const save = (change: (current: MonthlyCharge) => MonthlyCharge) =>
    deps.offsetStore.updateMonthlyCharge(planId, month, (current) => {
      const next = current ? change(current) : undefined;
      return { charge: next, result: next ?? charge };
    });
  try {
    const retirement = await deps.offsetProvider.retire({ orderId: charge.reference, kilograms: charge.kilograms });
    const saved = await save((current) => recordChargeFulfilment(current, retirement, deps.clock()));
    deps.logger.info('Plan charge fulfilled', { event: 'plan-charge-fulfilled', planId, month });
    return saved;
  } catch (error) {
    const reason = describeError(error);
    deps.logger.warn('Plan charge fulfilment failed; kept for retry', {
      event: 'plan-charge-fulfilment-failed',
      planId,
      month,
      provider: deps.offsetProvider.name,
      ...reason,
    });
    return save((current) => recordChargeFulfilmentFailure(current, reason.errorMessage, deps.clock()));
  }
}
