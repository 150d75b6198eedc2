/**
 * Who pays, as the use cases ask it: the rail's `Payer` for this turn, what to say when it cannot pay, how the
 * read-back names the payment, and keeping the linked account's page and email in step with an order.
 */
import { describeError } from '../../../shared/logger';
import { isPaid, type OffsetOrder, recordEmailSent } from '../domain/order';
import { offersVoiceCode } from '../domain/payment';
import type { Quote } from '../domain/quote';
import type { Buyer, Payer } from '../ports';
import type { OffsetOutcome, OffsetPorts, OrderDeps, PaymentNaming } from './outcome';

/**
 * The rail's payer for this turn. A new order on Amazon Pay is made on the agreement kept from an earlier Setup
 * (`forNewOrder`); an order or plan already made has its own, so the customer's state is not read for it.
 */
export async function payerFor(buyer: Buyer, ports: OffsetPorts, forNewOrder = false): Promise<Payer> {
  const saved = forNewOrder && ports.paymentRail.name === 'amazon-pay' ? await ports.customer.read() : undefined;
  return ports.paymentRail.payer(buyer, { billingAgreementId: saved?.billingAgreementId });
}

/**
 * The four digits said before a charge (for order `orderId`, or the plan when undefined): `accepted` goes on with the
 * charge. Every wrong code counts on the account; the digits go to the account's check and nowhere else (never logged,
 * never kept).
 */
export async function withVoiceCode(
  buyer: Buyer,
  digits: string,
  ports: OffsetPorts,
  orderId: string | undefined,
  accepted: () => Promise<OffsetOutcome>,
): Promise<OffsetOutcome> {
  const check = await ports.paymentRail.checkVoiceCode(buyer, digits);
  ports.logger.info('Voice code checked', { outcome: check.kind });
  switch (check.kind) {
    case 'accepted':
    case 'not-set':
      return accepted();
    case 'rejected':
      return { kind: 'voice-code-rejected', orderId, attemptsLeft: check.attemptsLeft };
    case 'malformed':
      return { kind: 'voice-code-needed', orderId, again: true };
    case 'locked':
      return { kind: 'voice-code-locked' };
    case 'no-account':
      return { kind: 'account-needed', need: { kind: 'link', reason: 'revoked' } };
  }
}

/** What to say instead of going on, when the payer cannot pay (undefined: go on; `needs-setup` runs Setup). */
export function blocked(payer: Payer): OffsetOutcome | undefined {
  switch (payer.kind) {
    case 'ready':
    case 'needs-setup':
      return undefined;
    case 'needs-permission':
      return { kind: 'permission-needed' };
    case 'needs-link':
      return { kind: 'account-needed', need: { kind: 'link', reason: payer.reason } };
    case 'needs-card':
      return { kind: 'account-needed', need: { kind: 'card' } };
    case 'unavailable':
      return { kind: 'account-needed', need: { kind: 'unavailable' } };
  }
}

/** The card the read-back names, and the voice-code offer (P10) where the total is $100 or more and none is set. */
export function naming(payer: Payer | undefined, quote: Quote): PaymentNaming {
  const ready = payer?.kind === 'ready' ? payer : undefined;
  return {
    card: ready?.card,
    offerVoiceCode: ready?.source.kind === 'card' && ready.voiceCode === 'none' && offersVoiceCode(quote.total),
  };
}

/**
 * The account page's copy of a card order, kept in step after each change (best effort: a failure is logged, and the
 * next change or the scheduled job records it again). Orders never confirmed are not listed.
 */
export async function keepAccountInformed(ports: OrderDeps, order: OffsetOrder): Promise<void> {
  if (!ports.accountRecords || order.source?.kind !== 'card' || order.chargeAttempts === 0) return;
  try {
    const records = ports.accountRecords;
    await ports.deadline.race(() => records.recordOrder(order));
  } catch (error) {
    ports.logger.warn('Order not recorded on the account page', {
      event: 'account-order-not-recorded',
      orderId: order.orderId,
      ...describeError(error),
    });
  }
}

/** The order confirmation by email, once, for a paid card order; a failure is left to the scheduled job. */
export async function sendConfirmation(ports: OrderDeps, order: OffsetOrder): Promise<OffsetOrder> {
  if (!ports.mailer || order.source?.kind !== 'card' || order.emailedAt !== undefined || !isPaid(order)) return order;
  const mailer = ports.mailer;
  try {
    await ports.deadline.race(() => mailer.orderConfirmation(order));
  } catch (error) {
    ports.logger.warn('Order email not sent; kept for retry', {
      event: 'order-email-failed',
      orderId: order.orderId,
      ...describeError(error),
    });
    return order;
  }
  const saved = await ports.offsetStore.updateOrder(order.orderId, (current) =>
    recordEmailSent(current, ports.clock()),
  );
  return saved.order;
}
