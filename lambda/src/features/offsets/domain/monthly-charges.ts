/**
 * The monthly charge of each active plan, planned as pure steps, on either rail. The runner (use-cases/run-monthly-charges.ts) applies each
 * step with a conditional write before it acts, so the job can run as often as it likes (daily is a good schedule:
 * failures are retried the next day) and still charges a plan at most once per calendar month (UTC):
 *
 * - one record per plan and month, `chargeReference(planId, month)` as the reference of every attempt (Amazon Pay's
 *   AuthorizationReferenceId, Stripe's idempotency key), so a retry after a timeout replays the first attempt instead
 *   of charging again;
 * - a record being charged is leased (`claimedAt`): a second runner skips it until the lease ends, then retries it
 *   with the same reference (safe: the first runner may have died mid-call);
 * - declines and definitive errors end the month (the customer is told next time they ask); only failures without an
 *   answer (timeouts, 5xx, throttling) are retried, up to `maxAttempts` per month.
 */
import type { Money } from './money';
import { chargeReference, type MonthlyPlan } from './monthly-plan';
import type { PaymentSource } from './payment';

export type MonthlyChargeStatus =
  | 'charging'
  /** The card's bank wants the customer to confirm (3-D Secure): the account page asks them; the job looks it up. */
  | 'action-required'
  /** A success that did not match the month's reference, amount or currency: looked up again, never fulfilled. */
  | 'review'
  | 'charged'
  | 'fulfilled'
  | 'fulfilment-pending'
  | 'declined'
  | 'rejected'
  | 'failed';

export const MONTHLY_CHARGE_STATUSES: readonly MonthlyChargeStatus[] = [
  'charging',
  'action-required',
  'review',
  'charged',
  'fulfilled',
  'fulfilment-pending',
  'declined',
  'rejected',
  'failed',
];

export interface MonthlyCharge {
  readonly planId: string;
  /** The Alexa user ID of the plan's customer. */
  readonly userId: string;
  /** YYYY-MM (UTC). */
  readonly month: string;
  /** The authorization reference of every attempt this month; also the fulfilment's idempotency key. */
  readonly reference: string;
  readonly amount: Money;
  readonly kilograms: number;
  readonly status: MonthlyChargeStatus;
  readonly attempts: number;
  /** When the current attempt was claimed (ISO); a runner leaves a fresh claim alone. */
  readonly claimedAt: string | undefined;
  /** The payment service's ID: Amazon's authorization ID, or Stripe's PaymentIntent ID. */
  readonly paymentId: string | undefined;
  /** Decline reason or error code of the last attempt. */
  readonly reasonCode: string | undefined;
  readonly certificateId: string | undefined;
  readonly providerReference: string | undefined;
  readonly fulfilmentAttempts: number;
  readonly fulfilmentError: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * What a charge the customer is not present for came to: Amazon Pay's AuthorizeOnBillingAgreement, or an off-session
 * Stripe PaymentIntent on the linked account's card.
 */
export type AuthorizeResult =
  | {
      readonly kind: 'authorized';
      readonly paymentId: string | undefined;
      /** The reference the payment service echoed (undefined: none). */
      readonly reference: string | undefined;
      /** What it says was captured (undefined: it did not say). */
      readonly captured: Money | undefined;
    }
  | { readonly kind: 'pending'; readonly paymentId: string | undefined }
  /** 3-D Secure on a card: the customer must confirm on the account page. */
  | { readonly kind: 'action-required'; readonly paymentId: string }
  /** Amazon Pay's reason code, or Stripe's decline code. */
  | { readonly kind: 'declined'; readonly reasonCode: string }
  /** An error answer; `retryable` for ones that took no decision (InternalServerError, ServiceUnavailable, …). */
  | { readonly kind: 'error'; readonly code: string; readonly retryable: boolean }
  /** No answer (timeout, connection failure): retry with the same reference. */
  | { readonly kind: 'unreachable'; readonly reason: 'timeout' | 'network' };

export interface MonthlyPolicy {
  /** Attempts per plan and month before the job gives up and leaves it to a person. */
  readonly maxAttempts: number;
  /** How long a claimed attempt is left alone by other runners. */
  readonly leaseMs: number;
}

export const DEFAULT_MONTHLY_POLICY: MonthlyPolicy = { maxAttempts: 6, leaseMs: 5 * 60_000 };

export type MonthlyStep =
  | {
      readonly kind: 'skip';
      readonly reason: 'plan-not-active' | 'done' | 'declined' | 'rejected' | 'gave-up' | 'in-progress';
    }
  /** Claim the month (save `charge`) and then charge `source` with its reference. */
  | { readonly kind: 'authorize'; readonly charge: MonthlyCharge; readonly source: PaymentSource }
  /**
   * Waiting for the customer's bank (3-D Secure), a success being checked (review), or out of attempts: ask the rail
   * where the month's charge stands; never charge it again.
   */
  | { readonly kind: 'look-up'; readonly charge: MonthlyCharge; readonly source: PaymentSource }
  /** Charged earlier; the retirement is still outstanding. */
  | { readonly kind: 'fulfil'; readonly charge: MonthlyCharge };

/** The calendar month (UTC) of an instant: YYYY-MM. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

function claimed(existing: MonthlyCharge, now: Date, leaseMs: number): boolean {
  return (
    existing.status === 'charging' &&
    existing.claimedAt !== undefined &&
    now.getTime() - Date.parse(existing.claimedAt) < leaseMs
  );
}

export function planMonthlyCharge(
  plan: MonthlyPlan,
  existing: MonthlyCharge | undefined,
  month: string,
  now: Date,
  policy: MonthlyPolicy = DEFAULT_MONTHLY_POLICY,
): MonthlyStep {
  const at = now.toISOString();
  if (existing) {
    switch (existing.status) {
      case 'charged':
      case 'fulfilment-pending':
        // Money was taken: fulfil even if the plan was cancelled since.
        return { kind: 'fulfil', charge: existing };
      case 'fulfilled':
        return { kind: 'skip', reason: 'done' };
      case 'declined':
        return { kind: 'skip', reason: 'declined' };
      case 'rejected':
        return { kind: 'skip', reason: 'rejected' };
      case 'review':
      case 'action-required':
        // The customer may still confirm, even after cancelling: the payment was asked for already. A success being
        // checked is looked up again, never charged again.
        return plan.source
          ? { kind: 'look-up', charge: existing, source: plan.source }
          : { kind: 'skip', reason: 'plan-not-active' };
      case 'charging':
      case 'failed':
        if (claimed(existing, now, policy.leaseMs)) return { kind: 'skip', reason: 'in-progress' };
        if (plan.status !== 'active' || !plan.source) return { kind: 'skip', reason: 'plan-not-active' };
        // Out of attempts: never charged again, but still looked up (a Pending authorization may yet be captured).
        if (existing.attempts >= policy.maxAttempts) return { kind: 'look-up', charge: existing, source: plan.source };
        return {
          kind: 'authorize',
          source: plan.source,
          charge: { ...existing, status: 'charging', attempts: existing.attempts + 1, claimedAt: at, updatedAt: at },
        };
    }
  }
  if (plan.status !== 'active' || !plan.source) return { kind: 'skip', reason: 'plan-not-active' };
  return {
    kind: 'authorize',
    source: plan.source,
    charge: {
      planId: plan.planId,
      userId: plan.userId,
      month,
      reference: chargeReference(plan.planId, month),
      amount: plan.quote.total,
      kilograms: plan.quote.kilograms,
      status: 'charging',
      attempts: 1,
      claimedAt: at,
      paymentId: undefined,
      reasonCode: undefined,
      certificateId: undefined,
      providerReference: undefined,
      fulfilmentAttempts: 0,
      fulfilmentError: undefined,
      createdAt: at,
      updatedAt: at,
    },
  };
}

/**
 * Why a success does not pay for this month (its reference, the amount captured and its currency must be the
 * month's), or undefined when it does.
 */
export function authorizationProblem(
  charge: MonthlyCharge,
  result: Extract<AuthorizeResult, { kind: 'authorized' }>,
): 'other-reference' | 'no-amount' | 'other-currency' | 'other-amount' | undefined {
  if (result.reference !== undefined && result.reference !== charge.reference) return 'other-reference';
  if (result.captured === undefined) return 'no-amount';
  if (result.captured.currency !== charge.amount.currency) return 'other-currency';
  if (result.captured.minor !== charge.amount.minor) return 'other-amount';
  return undefined;
}

/** Records what a month's charge (or its look-up) answered. A charge already taken is never changed back. */
export function applyAuthorizeResult(charge: MonthlyCharge, result: AuthorizeResult, now: Date): MonthlyCharge {
  if (
    charge.status !== 'charging' &&
    charge.status !== 'failed' &&
    charge.status !== 'action-required' &&
    charge.status !== 'review'
  ) {
    return charge;
  }
  const base = { ...charge, claimedAt: undefined, updatedAt: now.toISOString() };
  // A month being checked stays as it is until a look-up finds it paid or decided (its deadline counts on).
  if (charge.status === 'review' && result.kind !== 'authorized' && result.kind !== 'declined') return charge;
  switch (result.kind) {
    case 'authorized': {
      const problem = authorizationProblem(charge, result);
      if (problem) {
        if (charge.status === 'review' && charge.reasonCode === problem) return charge;
        return { ...base, status: 'review', paymentId: result.paymentId ?? charge.paymentId, reasonCode: problem };
      }
      return { ...base, status: 'charged', paymentId: result.paymentId ?? charge.paymentId, reasonCode: undefined };
    }
    case 'pending':
      // Not decided: ask again later with the same reference, which replays this authorization.
      return { ...base, status: 'failed', paymentId: result.paymentId ?? charge.paymentId, reasonCode: 'Pending' };
    case 'action-required':
      return { ...base, status: 'action-required', paymentId: result.paymentId, reasonCode: 'authentication_required' };
    case 'declined':
      return { ...base, status: 'declined', reasonCode: result.reasonCode };
    case 'error':
      return { ...base, status: result.retryable ? 'failed' : 'rejected', reasonCode: result.code };
    case 'unreachable':
      return { ...base, status: 'failed', reasonCode: result.reason };
  }
}

export interface ChargeRetirement {
  readonly certificateId: string;
  readonly providerReference: string;
}

export function recordChargeFulfilment(charge: MonthlyCharge, retirement: ChargeRetirement, now: Date): MonthlyCharge {
  if (charge.status !== 'charged' && charge.status !== 'fulfilment-pending') return charge;
  return {
    ...charge,
    status: 'fulfilled',
    certificateId: retirement.certificateId,
    providerReference: retirement.providerReference,
    fulfilmentAttempts: charge.fulfilmentAttempts + 1,
    fulfilmentError: undefined,
    updatedAt: now.toISOString(),
  };
}

export function recordChargeFulfilmentFailure(charge: MonthlyCharge, error: string, now: Date): MonthlyCharge {
  if (charge.status !== 'charged' && charge.status !== 'fulfilment-pending') return charge;
  return {
    ...charge,
    status: 'fulfilment-pending',
    fulfilmentAttempts: charge.fulfilmentAttempts + 1,
    fulfilmentError: error.slice(0, 200),
    updatedAt: now.toISOString(),
  };
}

/** Where a plan stands this month, for "what's the status of my plan". */
export interface MonthlyPlanReport {
  readonly status: MonthlyPlan['status'];
  readonly kilogramsPerMonth: number;
  readonly monthlyTotal: Money;
  readonly thisMonth: 'not-charged-yet' | 'action-required' | 'confirming' | 'charged' | 'declined' | 'problem';
  /** The decline reason or error code of this month's charge, if it did not go through. */
  readonly reasonCode: string | undefined;
}

export function monthlyPlanReport(
  plan: MonthlyPlan,
  thisMonth: MonthlyCharge | undefined,
  policy: MonthlyPolicy = DEFAULT_MONTHLY_POLICY,
): MonthlyPlanReport {
  const state = ((): MonthlyPlanReport['thisMonth'] => {
    switch (thisMonth?.status) {
      case undefined:
      case 'charging':
        return 'not-charged-yet';
      case 'action-required':
        return 'action-required';
      case 'review':
        return 'confirming';
      case 'charged':
      case 'fulfilled':
      case 'fulfilment-pending':
        return 'charged';
      case 'declined':
        return 'declined';
      case 'failed':
        // Pending at Amazon Pay: whether it is taken is not known yet, so never "nothing was charged".
        if (thisMonth.reasonCode === 'Pending') return 'confirming';
        return thisMonth.attempts >= policy.maxAttempts ? 'problem' : 'not-charged-yet';
      case 'rejected':
        return 'problem';
    }
  })();
  return {
    status: plan.status,
    kilogramsPerMonth: plan.quote.kilograms,
    monthlyTotal: plan.quote.total,
    thisMonth: state,
    reasonCode: state === 'declined' || state === 'problem' ? thisMonth?.reasonCode : undefined,
  };
}
