/**
 * The monthly offset plan ("Charge Later"), set up once by voice and charged by the scheduled job once per calendar
 * month: on Amazon Pay through a merchant-initiated billing agreement, on the linked card through the account's saved
 * card (one off-session PaymentIntent per plan and month).
 *
 *   pending-setup ──Setup answered with an OPEN agreement──▶ active ──cancel──▶ cancelled
 *        └───────────────────────────cancel───────────────────────────────────────▲
 *   (linked card: no Setup; the plan is active from the customer's yes)
 *
 * One plan per customer: the store derives the plan ID from the Alexa user ID, so a customer who cancels and starts
 * again gets the same plan (and so still at most one charge in a month).
 */
import { createHash } from 'node:crypto';
import type { AmazonPayProblem, SetupOutcome } from './amazon-pay';
import type { Money } from './money';
import type { CustomerAction, PaymentSource, RailName } from './payment';
import type { Quote } from './quote';

export type MonthlyPlanStatus = 'pending-setup' | 'active' | 'cancelled';

export const MONTHLY_PLAN_STATUSES: readonly MonthlyPlanStatus[] = ['pending-setup', 'active', 'cancelled'];

export interface MonthlyPlan {
  readonly planId: string;
  /** The Alexa user ID (never the Amazon Pay buyer ID). */
  readonly userId: string;
  readonly rail: RailName;
  readonly status: MonthlyPlanStatus;
  /** What one month costs: `kilograms` retired for `total` (with tax) each month. */
  readonly quote: Quote;
  /**
   * What each month is charged on: the merchant-initiated agreement (Amazon Pay), or the linked account (its card is
   * read again before every charge: a card replaced on the account page is the one charged).
   */
  readonly source: PaymentSource | undefined;
  /** ISO timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly activatedAt: string | undefined;
  readonly cancelledAt: string | undefined;
}

export type MonthlyPlanNews =
  | { readonly kind: 'plan-active' }
  | { readonly kind: 'plan-cancelled' }
  /** P6: the customer already has a plan; do not sell another. */
  | { readonly kind: 'already-active' }
  | { readonly kind: 'agreement-not-chargeable'; readonly action: CustomerAction }
  | { readonly kind: 'payment-problem'; readonly outcome: AmazonPayProblem };

export type MonthlyPlanEffect =
  | {
      readonly kind: 'send-setup';
      /** For `buildSetupRequest`: a merchant-initiated agreement capped at the monthly total. */
      readonly setup: { readonly sellerBillingAgreementId: string; readonly subscriptionAmount: Money };
    }
  | { readonly kind: 'tell'; readonly news: MonthlyPlanNews }
  | { readonly kind: 'nothing-new'; readonly status: MonthlyPlanStatus };

export interface MonthlyPlanTransition {
  readonly plan: MonthlyPlan;
  readonly effect: MonthlyPlanEffect;
}

const PLAN_ID_PATTERN = /^[A-Za-z0-9]{8,25}$/;

export function isMonthlyPlanId(value: string): boolean {
  return PLAN_ID_PATTERN.test(value);
}

/**
 * The customer's monthly plan ID: derived from the Alexa user ID, so each customer has one plan and no lookup is
 * needed (and a customer who cancels and starts again gets the same plan, so still at most one charge a month).
 */
export function monthlyPlanIdFor(userId: string): string {
  if (userId === '') throw new RangeError('A plan needs the Alexa user ID');
  return `p${createHash('sha256').update(`green-horizons/offset-plan/${userId}`).digest('hex').slice(0, 24)}`;
}

/**
 * The authorization reference of a plan's charge for one month: `<planId>-<YYYYMM>`, at most 32 characters. The
 * same for every attempt in that month, so a retry can never become a second charge.
 */
export function chargeReference(planId: string, month: string): string {
  if (!isMonthlyPlanId(planId)) throw new RangeError('A plan ID is 8 to 25 letters and digits');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError('month must be YYYY-MM');
  return `${planId}-${month.replace('-', '')}`;
}

function setupEffect(plan: MonthlyPlan): MonthlyPlanEffect {
  return {
    kind: 'send-setup',
    setup: { sellerBillingAgreementId: plan.planId, subscriptionAmount: plan.quote.total },
  };
}

export interface NewMonthlyPlan {
  readonly planId: string;
  readonly userId: string;
  readonly rail: RailName;
  /** On the linked card, the account's card: the plan is active at once (no Setup). */
  readonly source?: PaymentSource;
  /** The monthly amount, priced like an order. */
  readonly quote: Quote;
  readonly now: Date;
}

/** The customer asked for a monthly plan. `existing` is whatever plan the store holds for them. */
export function startMonthlyPlan(existing: MonthlyPlan | undefined, input: NewMonthlyPlan): MonthlyPlanTransition {
  if (!isMonthlyPlanId(input.planId)) throw new RangeError('A plan ID is 8 to 25 letters and digits');
  const at = input.now.toISOString();
  if (existing?.status === 'active')
    return { plan: existing, effect: { kind: 'tell', news: { kind: 'already-active' } } };
  if (input.source?.kind === 'card') {
    const plan: MonthlyPlan = {
      planId: input.planId,
      userId: input.userId,
      rail: input.rail,
      status: 'active',
      quote: input.quote,
      source: input.source,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      activatedAt: at,
      cancelledAt: undefined,
    };
    return { plan, effect: { kind: 'tell', news: { kind: 'plan-active' } } };
  }
  if (existing?.status === 'pending-setup') {
    const plan = { ...existing, quote: input.quote, updatedAt: at };
    return { plan, effect: setupEffect(plan) };
  }
  const plan: MonthlyPlan = {
    planId: input.planId,
    userId: input.userId,
    rail: input.rail,
    status: 'pending-setup',
    quote: input.quote,
    source: undefined,
    createdAt: at,
    updatedAt: at,
    activatedAt: undefined,
    cancelledAt: undefined,
  };
  return { plan, effect: setupEffect(plan) };
}

/** The answer to the plan's Setup. A replay, or an answer after the customer cancelled, changes nothing. */
export function applyMonthlyPlanSetup(plan: MonthlyPlan, outcome: SetupOutcome, now: Date): MonthlyPlanTransition {
  if (plan.status !== 'pending-setup') return { plan, effect: { kind: 'nothing-new', status: plan.status } };
  if (outcome.kind !== 'billing-agreement') {
    return { plan, effect: { kind: 'tell', news: { kind: 'payment-problem', outcome } } };
  }
  if (!outcome.chargeable) {
    return { plan, effect: { kind: 'tell', news: { kind: 'agreement-not-chargeable', action: outcome.action } } };
  }
  const at = now.toISOString();
  return {
    plan: {
      ...plan,
      status: 'active',
      source: { kind: 'amazon-pay', billingAgreementId: outcome.billingAgreementId },
      activatedAt: at,
      updatedAt: at,
    },
    effect: { kind: 'tell', news: { kind: 'plan-active' } },
  };
}

/** The customer cancelled the plan by voice: no further monthly charges. */
export function cancelMonthlyPlan(plan: MonthlyPlan, now: Date): MonthlyPlanTransition {
  if (plan.status === 'cancelled') return { plan, effect: { kind: 'nothing-new', status: plan.status } };
  const at = now.toISOString();
  return {
    plan: { ...plan, status: 'cancelled', cancelledAt: at, updatedAt: at },
    effect: { kind: 'tell', news: { kind: 'plan-cancelled' } },
  };
}
