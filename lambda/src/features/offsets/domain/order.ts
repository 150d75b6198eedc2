/**
 * A one-off offset order ("Charge Now") as a state machine of pure transitions. Each transition returns the next
 * order and the one effect the caller must carry out once the order is saved:
 *
 *   quoted ──yes──▶ charging ──success for THAT reference──▶ charged ──▶ fulfilled
 *     │  │             │                                        └──▶ fulfilment-pending ──▶ fulfilled
 *     │  no            ├── declined (retryable reasons may be confirmed again: a new reference)
 *     │  ▼             └── failed   (retryable errors likewise; others are final)
 *     │ cancelled
 *     └─ quote out of date ▶ expired
 *
 * Never twice: a Charge is sent only by the quoted/declined/failed → charging transition, which the store applies with
 * a conditional write. A second yes, a replayed response, or a response for an older reference finds the order past
 * that point and gets `nothing-new`.
 */
import type { ChargeOrder, ChargeOutcome, CustomerAction, SetupOutcome } from './amazon-pay';
import { isExpired, type Quote } from './quote';

export type OrderStatus =
  | 'quoted'
  | 'charging'
  | 'charged'
  | 'fulfilled'
  | 'fulfilment-pending'
  | 'declined'
  | 'failed'
  | 'cancelled'
  | 'expired';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'quoted',
  'charging',
  'charged',
  'fulfilled',
  'fulfilment-pending',
  'declined',
  'failed',
  'cancelled',
  'expired',
];

/** Why the last charge attempt did not go through: codes only. */
export interface ChargeFailure {
  /** The outcome kind: declined, permission-missing, alexa-spoke, integration-error, runtime-error, unknown. */
  readonly kind: string;
  readonly code: string | undefined;
  /** The customer may confirm again (a new authorization with a new reference). */
  readonly retryable: boolean;
}

export interface OffsetOrder {
  readonly orderId: string;
  /** The Alexa user ID (never the Amazon Pay buyer ID). */
  readonly userId: string;
  readonly status: OrderStatus;
  readonly quote: Quote;
  /** From a Setup response: the OPEN agreement the order is charged on. */
  readonly billingAgreementId: string | undefined;
  /** Charge directives sent so far; the current authorization reference derives from it. */
  readonly chargeAttempts: number;
  /** The reference of the Charge in flight or last sent. */
  readonly authorizationReferenceId: string | undefined;
  readonly amazonAuthorizationId: string | undefined;
  readonly failure: ChargeFailure | undefined;
  readonly certificateId: string | undefined;
  readonly providerReference: string | undefined;
  readonly fulfilmentAttempts: number;
  /** Why the last fulfilment attempt failed: a short error description without personal data. */
  readonly fulfilmentError: string | undefined;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly chargedAt: string | undefined;
  readonly fulfilledAt: string | undefined;
}

/** Everything a Charge needs: the agreement, the order ID, this attempt's reference and the total. */
export interface ChargeInstruction extends ChargeOrder {
  readonly billingAgreementId: string;
}

/** What the customer hears about an order; the renderer words it. */
export type OrderNews =
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'quote-expired' }
  | { readonly kind: 'order-closed'; readonly status: OrderStatus }
  | { readonly kind: 'agreement-not-chargeable'; readonly action: CustomerAction }
  | { readonly kind: 'charge-pending' }
  | {
      readonly kind: 'payment-problem';
      /** The classified response, with the customer action in `outcome.action`. */
      readonly outcome: Exclude<ChargeOutcome | SetupOutcome, { kind: 'charged' | 'pending' | 'billing-agreement' }>;
    };

export type OrderEffect =
  /** Read back seller, what is bought, delivery by email and the total with tax; ask yes or no. */
  | { readonly kind: 'ask-confirmation'; readonly quote: Quote }
  /** There is no OPEN billing agreement yet: send Setup first. */
  | { readonly kind: 'send-setup' }
  | { readonly kind: 'send-charge'; readonly charge: ChargeInstruction }
  /** Charged: confirm the order to the customer (with the order card) and fulfil it. */
  | { readonly kind: 'fulfil' }
  | { readonly kind: 'tell'; readonly news: OrderNews }
  /** A repeat (second yes, replayed or stale response): send nothing; at most say where the order stands. */
  | { readonly kind: 'nothing-new'; readonly status: OrderStatus };

export interface OrderTransition {
  readonly order: OffsetOrder;
  readonly effect: OrderEffect;
}

/** A retirement that fulfilled the order. */
export interface Retirement {
  readonly certificateId: string;
  readonly providerReference: string;
}

const ORDER_ID_PATTERN = /^[A-Za-z0-9]{8,28}$/;

export function isOrderId(value: string): boolean {
  return ORDER_ID_PATTERN.test(value);
}

/**
 * The reference of the n-th authorization of an order: `<orderId>-<n>`, at most 32 characters. Each Charge gets a
 * new one (Amazon wants it unique per authorization); a stale response names an older one.
 */
export function authorizationReferenceFor(orderId: string, attempt: number): string {
  if (!isOrderId(orderId)) throw new RangeError('An order ID is 8 to 28 letters and digits');
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 999) throw new RangeError('attempt must be 1 to 999');
  return `${orderId}-${attempt}`;
}

export interface NewOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly quote: Quote;
  /** An OPEN agreement kept from an earlier Setup, if the customer has one. */
  readonly billingAgreementId?: string;
  readonly now: Date;
}

export function createOrder(input: NewOrder): OffsetOrder {
  if (!isOrderId(input.orderId)) throw new RangeError('An order ID is 8 to 28 letters and digits');
  if (input.userId === '') throw new RangeError('An order needs the Alexa user ID');
  const at = input.now.toISOString();
  return {
    orderId: input.orderId,
    userId: input.userId,
    status: 'quoted',
    quote: input.quote,
    billingAgreementId: input.billingAgreementId,
    chargeAttempts: 0,
    authorizationReferenceId: undefined,
    amazonAuthorizationId: undefined,
    failure: undefined,
    certificateId: undefined,
    providerReference: undefined,
    fulfilmentAttempts: 0,
    fulfilmentError: undefined,
    createdAt: at,
    updatedAt: at,
    chargedAt: undefined,
    fulfilledAt: undefined,
  };
}

/** The effect for a new order: Setup first when there is no agreement, else the read-back. */
export function firstStep(order: OffsetOrder): OrderEffect {
  return order.billingAgreementId ? { kind: 'ask-confirmation', quote: order.quote } : { kind: 'send-setup' };
}

function unchanged(order: OffsetOrder): OrderTransition {
  return { order, effect: { kind: 'nothing-new', status: order.status } };
}

function touch(order: OffsetOrder, now: Date, change: Partial<OffsetOrder>): OffsetOrder {
  return { ...order, ...change, updatedAt: now.toISOString() };
}

function canChargeAgain(order: OffsetOrder): boolean {
  return (order.status === 'declined' || order.status === 'failed') && order.failure?.retryable === true;
}

/** An order the customer can still complete (P4: offer to continue it in a later session). */
export function isResumable(order: OffsetOrder, now: Date): boolean {
  return (order.status === 'quoted' || canChargeAgain(order)) && !isExpired(order.quote, now);
}

/**
 * The answer to Setup (sent because the order had no OPEN agreement, or its agreement stopped working). The order
 * keeps its status: a quoted order, or one that may be confirmed again, now has an agreement to charge.
 */
export function applyOrderSetup(order: OffsetOrder, outcome: SetupOutcome, now: Date): OrderTransition {
  if (order.status !== 'quoted' && !canChargeAgain(order)) return unchanged(order);
  if (isExpired(order.quote, now)) {
    return {
      order: touch(order, now, { status: 'expired' }),
      effect: { kind: 'tell', news: { kind: 'quote-expired' } },
    };
  }
  if (outcome.kind !== 'billing-agreement') {
    return { order, effect: { kind: 'tell', news: { kind: 'payment-problem', outcome } } };
  }
  if (!outcome.chargeable) {
    return { order, effect: { kind: 'tell', news: { kind: 'agreement-not-chargeable', action: outcome.action } } };
  }
  if (order.billingAgreementId === outcome.billingAgreementId) {
    return { order, effect: { kind: 'ask-confirmation', quote: order.quote } };
  }
  return {
    order: touch(order, now, { billingAgreementId: outcome.billingAgreementId }),
    effect: { kind: 'ask-confirmation', quote: order.quote },
  };
}

/** The customer said yes to the read-back. */
export function confirmOrder(order: OffsetOrder, now: Date): OrderTransition {
  if (order.status !== 'quoted' && !canChargeAgain(order)) {
    if (
      order.status === 'cancelled' ||
      order.status === 'expired' ||
      order.status === 'declined' ||
      order.status === 'failed'
    ) {
      return { order, effect: { kind: 'tell', news: { kind: 'order-closed', status: order.status } } };
    }
    return unchanged(order);
  }
  if (isExpired(order.quote, now)) {
    return {
      order: touch(order, now, { status: 'expired' }),
      effect: { kind: 'tell', news: { kind: 'quote-expired' } },
    };
  }
  if (!order.billingAgreementId) return { order, effect: { kind: 'send-setup' } };
  const chargeAttempts = order.chargeAttempts + 1;
  const authorizationReferenceId = authorizationReferenceFor(order.orderId, chargeAttempts);
  return {
    order: touch(order, now, { status: 'charging', chargeAttempts, authorizationReferenceId, failure: undefined }),
    effect: {
      kind: 'send-charge',
      charge: {
        orderId: order.orderId,
        billingAgreementId: order.billingAgreementId,
        authorizationReferenceId,
        amount: order.quote.total,
      },
    },
  };
}

/** The customer said no to the read-back (or asked to stop before paying). */
export function cancelOrder(order: OffsetOrder, now: Date): OrderTransition {
  if (order.status !== 'quoted' && !canChargeAgain(order)) return unchanged(order);
  return { order: touch(order, now, { status: 'cancelled' }), effect: { kind: 'tell', news: { kind: 'cancelled' } } };
}

function failureOf(outcome: Exclude<ChargeOutcome, { kind: 'charged' | 'pending' }>): ChargeFailure {
  switch (outcome.kind) {
    case 'declined':
      return { kind: outcome.kind, code: outcome.reasonCode, retryable: outcome.retryable };
    case 'runtime-error':
      return { kind: outcome.kind, code: outcome.code, retryable: outcome.retryable };
    case 'permission-missing':
      // Nothing was charged; once the permission is granted the customer can confirm again.
      return { kind: outcome.kind, code: outcome.code, retryable: true };
    case 'alexa-spoke':
      return { kind: outcome.kind, code: outcome.code, retryable: outcome.code === 'RequestThrottled' };
    case 'integration-error':
      return { kind: outcome.kind, code: outcome.code, retryable: false };
    case 'unknown':
      // Unknown whether money moved: final, and logged for a person to reconcile.
      return { kind: outcome.kind, code: outcome.code, retryable: false };
  }
}

/**
 * The answer to a Charge. `reference` is the authorization reference the response belongs to (from the directive's
 * token); anything but the order's current reference while charging is a replay or a stale answer.
 */
export function applyChargeOutcome(
  order: OffsetOrder,
  reference: string,
  outcome: ChargeOutcome,
  now: Date,
): OrderTransition {
  if (order.status !== 'charging' || reference !== order.authorizationReferenceId) return unchanged(order);
  // A success payload names its reference too: it must be the same one.
  if (
    (outcome.kind === 'charged' || outcome.kind === 'pending' || outcome.kind === 'declined') &&
    outcome.authorizationReferenceId !== undefined &&
    outcome.authorizationReferenceId !== reference
  ) {
    return unchanged(order);
  }
  switch (outcome.kind) {
    case 'charged':
      return {
        order: touch(order, now, {
          status: 'charged',
          amazonAuthorizationId: outcome.amazonAuthorizationId,
          chargedAt: now.toISOString(),
        }),
        effect: { kind: 'fulfil' },
      };
    case 'pending':
      return {
        order: touch(order, now, { amazonAuthorizationId: outcome.amazonAuthorizationId }),
        effect: { kind: 'tell', news: { kind: 'charge-pending' } },
      };
    default: {
      // The saved agreement can no longer be charged: forget it, so that a yes runs Setup again first.
      const agreementGone = outcome.kind === 'runtime-error' && outcome.action === 'set-up-payment-again';
      const failure = agreementGone ? { ...failureOf(outcome), retryable: true } : failureOf(outcome);
      return {
        order: touch(order, now, {
          status: outcome.kind === 'declined' ? 'declined' : 'failed',
          failure,
          ...(agreementGone ? { billingAgreementId: undefined } : {}),
        }),
        effect: { kind: 'tell', news: { kind: 'payment-problem', outcome } },
      };
    }
  }
}

/** The offset was retired: the order is complete. A repeat changes nothing. */
export function recordFulfilment(order: OffsetOrder, retirement: Retirement, now: Date): OrderTransition {
  if (order.status !== 'charged' && order.status !== 'fulfilment-pending') return unchanged(order);
  return {
    order: touch(order, now, {
      status: 'fulfilled',
      certificateId: retirement.certificateId,
      providerReference: retirement.providerReference,
      fulfilmentAttempts: order.fulfilmentAttempts + 1,
      fulfilmentError: undefined,
      fulfilledAt: now.toISOString(),
    }),
    effect: { kind: 'nothing-new', status: 'fulfilled' },
  };
}

/** Retirement failed: the charged order is kept as fulfilment-pending for the scheduled retry. */
export function recordFulfilmentFailure(order: OffsetOrder, error: string, now: Date): OrderTransition {
  if (order.status !== 'charged' && order.status !== 'fulfilment-pending') return unchanged(order);
  return {
    order: touch(order, now, {
      status: 'fulfilment-pending',
      fulfilmentAttempts: order.fulfilmentAttempts + 1,
      fulfilmentError: error.slice(0, 200),
    }),
    effect: { kind: 'nothing-new', status: 'fulfilment-pending' },
  };
}

/** Paid for: charged, being fulfilled, or fulfilled. */
export function isPaid(order: OffsetOrder): boolean {
  return order.status === 'charged' || order.status === 'fulfilment-pending' || order.status === 'fulfilled';
}
