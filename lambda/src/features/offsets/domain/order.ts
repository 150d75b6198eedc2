/**
 * A one-off offset order ("Charge Now") as a state machine of pure transitions. Each transition returns the next
 * order and the one effect the caller must carry out once the order is saved:
 *
 *   quoted ──yes──▶ charging ──success for THAT reference, amount and currency──▶ charged ──▶ fulfilled ──▶ refunded
 *     │  │             │  ▲  │                                                 └──▶ fulfilment-pending ──▶ fulfilled
 *     │  no            │  └──┘ no answer, or one that leaves it unknown (timeout, 5xx, DuplicateRequest, Pending):
 *     │  ▼             │       kept with the same reference; the job and the next session look it up
 *     │ cancelled      ├── review: "success" that does not match the order (amount, currency, reference); looked
 *     │                │           up again by the job: it matches (charged), nothing was taken (failed), or a person
 *     │                ├── awaiting-authentication (3-D Secure) ──the customer confirms──▶ charged
 *     │                │                                        └──fails, or is cancelled──▶ declined / cancelled
 *     │                ├── declined (Amazon Pay: retryable reasons may be confirmed again, with a new reference;
 *     │                │             a card decline is final for its order: "offset it" makes a new one)
 *     │                └── failed   (retryable errors likewise, and a charge the rail never received; others final)
 *     └─ quote out of date ▶ expired (the job expires quoted orders nobody came back to)
 *
 * Never twice: a charge is started only by the quoted/declined/failed → charging transition, which the store applies
 * with a conditional write, and never while an earlier reference of the order is not known final: a second yes, a
 * replayed response, or a response for an older reference finds the order past that point and gets `nothing-new`.
 * Every status that is not final has an owner and a deadline (domain/duties.ts), which the scheduled job enforces.
 */
import { type ChargeOrder, OUTCOME_UNKNOWN_CODES, type SetupOutcome } from './amazon-pay';
import type { Money } from './money';
import {
  type ChargeOutcome,
  type ChargeProblem,
  type CustomerAction,
  type PaymentSource,
  type RailName,
  sameSource,
} from './payment';
import { isExpired, type Quote } from './quote';

export type OrderStatus =
  | 'quoted'
  | 'charging'
  | 'awaiting-authentication'
  | 'review'
  | 'charged'
  | 'fulfilled'
  | 'fulfilment-pending'
  | 'refunded'
  | 'declined'
  | 'failed'
  | 'cancelled'
  | 'expired';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'quoted',
  'charging',
  'awaiting-authentication',
  'review',
  'charged',
  'fulfilled',
  'fulfilment-pending',
  'refunded',
  'declined',
  'failed',
  'cancelled',
  'expired',
];

/** Why the last charge attempt did not go through: codes only. */
export interface ChargeFailure {
  /** The outcome kind: declined, refused, unreachable, permission-missing, alexa-spoke, integration-error, …. */
  readonly kind: string;
  readonly code: string | undefined;
  /** The customer may confirm again (a new authorization with a new reference). */
  readonly retryable: boolean;
}

/**
 * Why an answer that said "paid" was not taken as paying for the order (item 5 of issue 10): the reference, the
 * amount captured and its currency must all be the order's. `unsettled`: the charge stayed undecided past its deadline.
 */
export type ReviewReason =
  | 'no-reference'
  | 'other-reference'
  | 'no-amount'
  | 'other-currency'
  | 'other-amount'
  | 'unsettled';

export const REVIEW_REASONS: readonly ReviewReason[] = [
  'no-reference',
  'other-reference',
  'no-amount',
  'other-currency',
  'other-amount',
  'unsettled',
];

export interface OrderReview {
  readonly reason: ReviewReason;
  /** When the order went to review (ISO): its deadline counts from here. */
  readonly since: string;
  /** What the answer said was captured, when it said. */
  readonly captured: Money | undefined;
}

export interface OffsetOrder {
  readonly orderId: string;
  /** The Alexa user ID (never the Amazon Pay buyer ID). With a card, the account ID is in `source`. */
  readonly userId: string;
  /** The rail the order is paid on. */
  readonly rail: RailName;
  readonly status: OrderStatus;
  readonly quote: Quote;
  /** What the order is charged on: the OPEN agreement from a Setup, or the linked account's saved card. */
  readonly source: PaymentSource | undefined;
  /** Charges started so far; the current reference derives from it. */
  readonly chargeAttempts: number;
  /** The reference of the charge in flight or last started (on a card, the order ID: Stripe's idempotency key). */
  readonly authorizationReferenceId: string | undefined;
  /** The payment service's ID for the charge: Amazon's authorization ID, or Stripe's PaymentIntent ID. */
  readonly paymentId: string | undefined;
  readonly failure: ChargeFailure | undefined;
  /** Why a payment said to be taken is being checked (status `review`). */
  readonly review: OrderReview | undefined;
  readonly certificateId: string | undefined;
  readonly providerReference: string | undefined;
  readonly fulfilmentAttempts: number;
  /** Why the last fulfilment attempt failed: a short error description without personal data. */
  readonly fulfilmentError: string | undefined;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the charge in flight was started (ISO): an undecided charge's deadline counts from here. */
  readonly chargeStartedAt: string | undefined;
  readonly chargedAt: string | undefined;
  readonly fulfilledAt: string | undefined;
  /** When the order confirmation went out by email (linked card), so that it goes once. */
  readonly emailedAt: string | undefined;
  readonly refundedAt: string | undefined;
  /** The payment service's ID for the refund. */
  readonly refundId: string | undefined;
  /** Grows with every change: the account page's copy of the order ignores older ones. */
  readonly revision: number;
}

/** Everything a charge needs: what it is made on, the order ID, this attempt's reference and the total. */
export interface ChargeInstruction extends ChargeOrder {
  readonly source: PaymentSource;
}

/** The charge an order has started: to look it up, or to start it again with the same reference. */
export function chargeOf(order: OffsetOrder): ChargeInstruction | undefined {
  if (!order.source || !order.authorizationReferenceId) return undefined;
  return {
    orderId: order.orderId,
    authorizationReferenceId: order.authorizationReferenceId,
    amount: order.quote.total,
    source: order.source,
  };
}

/** What the customer hears about an order; the renderer words it. */
export type OrderNews =
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'quote-expired' }
  | { readonly kind: 'order-closed'; readonly status: OrderStatus }
  | { readonly kind: 'agreement-not-chargeable'; readonly action: CustomerAction }
  | { readonly kind: 'charge-pending' }
  /**
   * No answer from the payment service, or one that leaves it open whether money moved (a 5xx, DuplicateRequest):
   * the order is kept with its reference and finished (or dropped) automatically. Never "nothing was charged".
   */
  | { readonly kind: 'charge-unknown' }
  /** The payment service said "paid" but not for this order's amount, currency or reference: being confirmed. */
  | { readonly kind: 'charge-review' }
  /** 3-D Secure: the bank wants the customer to confirm; the order waits (email, card, account page). */
  | { readonly kind: 'authentication-needed' }
  | {
      readonly kind: 'payment-problem';
      /** The classified response, with the customer action in `outcome.action`. */
      readonly outcome: Exclude<ChargeProblem | SetupOutcome, { kind: 'billing-agreement' | 'unreachable' }>;
    };

export type OrderEffect =
  /** Read back seller, what is bought, delivery by email and the total with tax; ask yes or no. */
  | { readonly kind: 'ask-confirmation'; readonly quote: Quote }
  /** There is no OPEN billing agreement yet: send Setup first (Amazon Pay). */
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
 * The reference of the n-th authorization of an order on Amazon Pay: `<orderId>-<n>`, at most 32 characters. Each
 * Charge gets a new one (Amazon wants it unique per authorization); a stale response names an older one. On a card
 * the reference is the order ID itself (Stripe's idempotency key): a card order is charged once.
 */
export function authorizationReferenceFor(orderId: string, attempt: number): string {
  if (!isOrderId(orderId)) throw new RangeError('An order ID is 8 to 28 letters and digits');
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 999) throw new RangeError('attempt must be 1 to 999');
  return `${orderId}-${attempt}`;
}

export interface NewOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly rail: RailName;
  readonly quote: Quote;
  /** An OPEN agreement kept from an earlier Setup, or the linked account's card, when there is one. */
  readonly source?: PaymentSource;
  readonly now: Date;
}

export function createOrder(input: NewOrder): OffsetOrder {
  if (!isOrderId(input.orderId)) throw new RangeError('An order ID is 8 to 28 letters and digits');
  if (input.userId === '') throw new RangeError('An order needs the Alexa user ID');
  const at = input.now.toISOString();
  return {
    orderId: input.orderId,
    userId: input.userId,
    rail: input.rail,
    status: 'quoted',
    quote: input.quote,
    source: input.source,
    chargeAttempts: 0,
    authorizationReferenceId: undefined,
    paymentId: undefined,
    failure: undefined,
    review: undefined,
    certificateId: undefined,
    providerReference: undefined,
    fulfilmentAttempts: 0,
    fulfilmentError: undefined,
    createdAt: at,
    updatedAt: at,
    chargeStartedAt: undefined,
    chargedAt: undefined,
    fulfilledAt: undefined,
    emailedAt: undefined,
    refundedAt: undefined,
    refundId: undefined,
    revision: 1,
  };
}

/** The effect for a new order: Setup first when there is no agreement, else the read-back. */
export function firstStep(order: OffsetOrder): OrderEffect {
  return order.source ? { kind: 'ask-confirmation', quote: order.quote } : { kind: 'send-setup' };
}

function unchanged(order: OffsetOrder): OrderTransition {
  return { order, effect: { kind: 'nothing-new', status: order.status } };
}

function touch(order: OffsetOrder, now: Date, change: Partial<OffsetOrder>): OffsetOrder {
  return { ...order, ...change, updatedAt: now.toISOString(), revision: order.revision + 1 };
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
  const source: PaymentSource = { kind: 'amazon-pay', billingAgreementId: outcome.billingAgreementId };
  if (sameSource(order.source, source)) {
    return { order, effect: { kind: 'ask-confirmation', quote: order.quote } };
  }
  return {
    order: touch(order, now, { source }),
    effect: { kind: 'ask-confirmation', quote: order.quote },
  };
}

/**
 * The customer said yes to the read-back (and, on a card with a voice code, said the code). `current` is what the
 * rail would charge now (the linked account's card as read this turn): when it is not what was read back, the order
 * takes it and is read back again rather than charging a card the customer did not hear named.
 */
export function confirmOrder(order: OffsetOrder, now: Date, current?: PaymentSource): OrderTransition {
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
  if (current && !sameSource(order.source, current)) {
    return { order: touch(order, now, { source: current }), effect: { kind: 'ask-confirmation', quote: order.quote } };
  }
  const source = order.source;
  if (!source) return { order, effect: { kind: 'send-setup' } };
  const chargeAttempts = order.chargeAttempts + 1;
  const authorizationReferenceId =
    source.kind === 'card' ? order.orderId : authorizationReferenceFor(order.orderId, chargeAttempts);
  return {
    order: touch(order, now, {
      status: 'charging',
      chargeAttempts,
      authorizationReferenceId,
      failure: undefined,
      chargeStartedAt: now.toISOString(),
    }),
    effect: {
      kind: 'send-charge',
      charge: { orderId: order.orderId, source, authorizationReferenceId, amount: order.quote.total },
    },
  };
}

/**
 * The customer said no to the read-back (or asked to stop before paying). A payment waiting for the customer's bank
 * (3-D Secure) can be cancelled too, once the rail has cancelled it.
 */
export function cancelOrder(order: OffsetOrder, now: Date): OrderTransition {
  if (order.status !== 'quoted' && order.status !== 'awaiting-authentication' && !canChargeAgain(order)) {
    return unchanged(order);
  }
  return { order: touch(order, now, { status: 'cancelled' }), effect: { kind: 'tell', news: { kind: 'cancelled' } } };
}

function failureOf(outcome: Exclude<ChargeProblem, { kind: 'unreachable' }>): ChargeFailure {
  switch (outcome.kind) {
    case 'declined':
      return { kind: outcome.kind, code: outcome.reasonCode, retryable: outcome.retryable };
    case 'refused':
      return { kind: outcome.kind, code: outcome.code, retryable: false };
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
 * An order whose charge has been started and not yet decided, or whose "paid" answer is being checked: the job (and
 * the next session) asks the rail where it stands, by its reference.
 */
export function isAwaitingPayment(order: OffsetOrder): boolean {
  return order.status === 'charging' || order.status === 'awaiting-authentication' || order.status === 'review';
}

/**
 * An answer after which whether money moved is not known: no answer at all, a server error, a DuplicateRequest (the
 * reference was used before: that charge may have gone through), or one the classifier could not read. The order keeps
 * its reference until a look-up says how it ended; nothing may be said to be charged, or not charged, meanwhile.
 */
export function leavesOutcomeUnknown(outcome: ChargeOutcome): boolean {
  switch (outcome.kind) {
    case 'unreachable':
    case 'unknown':
      return true;
    case 'runtime-error':
      return OUTCOME_UNKNOWN_CODES.some((code) => code === outcome.code);
    default:
      return false;
  }
}

/** Why a success does not pay for the order, or undefined when it does: its reference, amount and currency. */
export function captureProblem(
  order: OffsetOrder,
  reference: string,
  outcome: Extract<ChargeOutcome, { kind: 'charged' }>,
): ReviewReason | undefined {
  if (outcome.authorizationReferenceId === undefined) return 'no-reference';
  if (outcome.authorizationReferenceId !== reference) return 'other-reference';
  if (outcome.captured === undefined) return 'no-amount';
  if (outcome.captured.currency !== order.quote.total.currency) return 'other-currency';
  if (outcome.captured.minor !== order.quote.total.minor) return 'other-amount';
  return undefined;
}

function toReview(order: OffsetOrder, reason: ReviewReason, captured: Money | undefined, now: Date): OrderTransition {
  const effect: OrderEffect = { kind: 'tell', news: { kind: 'charge-review' } };
  // Checked again and found the same: nothing changes, so that how long it has waited stays known.
  if (order.status === 'review' && order.review?.reason === reason) return { order, effect };
  return {
    order: touch(order, now, {
      status: 'review',
      review: { reason, since: order.review?.since ?? now.toISOString(), captured },
    }),
    effect,
  };
}

/**
 * The answer to a charge: the Connections.Response to a Charge directive, the payment service's answer within the
 * request, or what a later look-up found. `reference` is the reference the answer belongs to (from the directive's
 * token, or the charge started); anything but the order's current reference while it awaits payment is a replay or a
 * stale answer. A success is taken only when it names this reference and the order's exact amount and currency;
 * otherwise the order goes to review (the job looks it up again) and nothing is fulfilled.
 */
export function applyChargeOutcome(
  order: OffsetOrder,
  reference: string,
  outcome: ChargeOutcome,
  now: Date,
): OrderTransition {
  if (!isAwaitingPayment(order) || reference !== order.authorizationReferenceId) return unchanged(order);
  // A look-up that finds the charge where it was (still at the bank, still processing) changes nothing, so that how
  // long it has waited stays known.
  if (
    (outcome.kind === 'authentication-required' && order.status === 'awaiting-authentication') ||
    (outcome.kind === 'pending' && order.status === 'charging' && order.failure === undefined && order.paymentId)
  ) {
    return unchanged(order);
  }
  if (outcome.kind === 'charged') {
    const problem = captureProblem(order, reference, outcome);
    if (problem) return toReview(order, problem, outcome.captured, now);
    return {
      order: touch(order, now, {
        status: 'charged',
        paymentId: outcome.paymentId ?? order.paymentId,
        failure: undefined,
        review: undefined,
        chargedAt: now.toISOString(),
      }),
      effect: { kind: 'fulfil' },
    };
  }
  // Any other answer naming another reference is not about this charge: how it ended is still to be found out.
  if (
    (outcome.kind === 'pending' || outcome.kind === 'declined') &&
    outcome.authorizationReferenceId !== undefined &&
    outcome.authorizationReferenceId !== reference
  ) {
    return unchanged(order);
  }
  if (outcome.kind === 'pending') {
    return {
      order: touch(order, now, {
        status: 'charging',
        paymentId: outcome.paymentId ?? order.paymentId,
        failure: undefined,
        review: undefined,
      }),
      effect: { kind: 'tell', news: { kind: 'charge-pending' } },
    };
  }
  if (outcome.kind === 'authentication-required') {
    return {
      order: touch(order, now, { status: 'awaiting-authentication', paymentId: outcome.paymentId, review: undefined }),
      effect: { kind: 'tell', news: { kind: 'authentication-needed' } },
    };
  }
  if (leavesOutcomeUnknown(outcome)) {
    // Whether money moved is not known: the order keeps its status and reference for the look-up, and is never
    // open to a second charge meanwhile (it is not `failed`, so a yes finds nothing to confirm).
    const effect: OrderEffect = { kind: 'tell', news: { kind: 'charge-unknown' } };
    if (order.status !== 'charging') return { order, effect };
    const failure: ChargeFailure =
      outcome.kind === 'unreachable'
        ? { kind: outcome.kind, code: outcome.reason, retryable: false }
        : { ...failureOf(outcome), retryable: false };
    return { order: touch(order, now, { failure }), effect };
  }
  const problem = outcome as Exclude<ChargeProblem, { kind: 'unreachable' }>;
  // The saved agreement can no longer be charged: forget it, so that a yes runs Setup again first.
  const agreementGone = problem.kind === 'runtime-error' && problem.action === 'set-up-payment-again';
  return {
    order: touch(order, now, {
      status: problem.kind === 'declined' ? 'declined' : 'failed',
      // Known not charged: with a new agreement (Setup again) the customer may confirm it once more.
      failure: agreementGone ? { ...failureOf(problem), retryable: true } : failureOf(problem),
      review: undefined,
      ...(agreementGone ? { source: undefined } : {}),
    }),
    effect: { kind: 'tell', news: { kind: 'payment-problem', outcome: problem } },
  };
}

/**
 * A look-up found no charge with the order's reference: it never reached the payment service. On a rail that charges
 * from the backend (the card: `restartable`), a charging order is charged again with the same reference, which can
 * only ever be one charge. On Amazon Pay (the charge is Alexa's, started by a directive) the order is released once
 * the charge had time to arrive (`releaseAfterMs`): known not to be charged under its reference, the customer may
 * confirm it again (a new reference). An order in review stays for a person: its "paid" answer came from somewhere.
 */
export function applyChargeNotFound(
  order: OffsetOrder,
  now: Date,
  rail: { readonly restartable: boolean; readonly releaseAfterMs: number },
): OrderTransition {
  const charge = chargeOf(order);
  if (!charge || order.status !== 'charging') return unchanged(order);
  if (rail.restartable) return { order, effect: { kind: 'send-charge', charge } };
  const started = Date.parse(order.chargeStartedAt ?? order.updatedAt);
  if (now.getTime() - started < rail.releaseAfterMs) return unchanged(order);
  return {
    order: touch(order, now, {
      status: 'failed',
      failure: { kind: 'not-found', code: undefined, retryable: true },
      review: undefined,
    }),
    effect: { kind: 'nothing-new', status: 'failed' },
  };
}

/** Its quote ran out and nobody confirmed it: the order ends (nothing was charged). */
export function expireOrder(order: OffsetOrder, now: Date): OrderTransition {
  if (order.status !== 'quoted' || !isExpired(order.quote, now)) return unchanged(order);
  return { order: touch(order, now, { status: 'expired' }), effect: { kind: 'nothing-new', status: 'expired' } };
}

/** A charge that stayed undecided past its deadline (no look-up could settle it): a person checks it. */
export function reviewUnsettledCharge(order: OffsetOrder, now: Date): OrderTransition {
  if (order.status !== 'charging') return unchanged(order);
  return toReview(order, 'unsettled', undefined, now);
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

/** Paid for: charged, being fulfilled, or fulfilled (and not refunded). */
export function isPaid(order: OffsetOrder): boolean {
  return order.status === 'charged' || order.status === 'fulfilment-pending' || order.status === 'fulfilled';
}

/** The order confirmation email went out. */
export function recordEmailSent(order: OffsetOrder, now: Date): OrderTransition {
  if (order.emailedAt !== undefined || !isPaid(order)) return unchanged(order);
  return {
    order: touch(order, now, { emailedAt: now.toISOString() }),
    effect: { kind: 'nothing-new', status: order.status },
  };
}

/** Whether a paid order can still be refunded: paid on a card, within the refund window of its charge. */
export function isRefundable(order: OffsetOrder, now: Date, windowMs: number): boolean {
  if (!isPaid(order) || order.source?.kind !== 'card' || !order.paymentId || !order.chargedAt) return false;
  return now.getTime() - Date.parse(order.chargedAt) < windowMs;
}

export interface RefundRecord {
  readonly refundId: string | undefined;
  readonly amount: Money;
}

/** The payment was refunded (by voice, or on the account page). Credits already retired stay retired. */
export function recordRefund(order: OffsetOrder, refund: RefundRecord, now: Date): OrderTransition {
  if (!isPaid(order)) return unchanged(order);
  return {
    order: touch(order, now, { status: 'refunded', refundId: refund.refundId, refundedAt: now.toISOString() }),
    effect: { kind: 'nothing-new', status: 'refunded' },
  };
}
