/**
 * The scheduled entry point's work, on either rail: charge every active monthly plan once for the current month (the
 * Amazon Pay API, or an off-session PaymentIntent on the linked account's card), retire the offsets, and own every
 * order and charge left open: card payments not yet decided (3-D Secure, no answer from Stripe) are looked up by
 * their reference and finished, fulfilments and confirmation emails still outstanding are retried.
 *
 * Safe to run at any frequency and concurrently (see domain/monthly-charges.ts): each month's charge is claimed
 * with a conditional write before the call, and every retry reuses the month's (or the order's) reference, which the
 * payment service keys the charge on. Scheduled hourly (EventBridge), so a payment confirmed with the bank is
 * finished within the hour; a plan is still charged once per calendar month.
 *
 * Per record: a plan, order or charge that fails (its record unreadable, a service down) is logged with its ID and
 * the error's name and message (which name a field, never a value), and the job goes on with the next one. Records
 * the store cannot read are left out of its listings and reported there (a log line by key and the UnreadableRecords
 * metric, which the stack alarms on), so one corrupt record never keeps the other customers from being charged.
 *
 * Logs carry plan IDs, order IDs, months and outcome codes only: no user IDs, account IDs or payment details.
 */

import { type AppLogger, describeError } from '../../../shared/logger';
import { isChargeOverdue, isOverdue, ORDER_DUTIES } from '../domain/duties';
import {
  type AuthorizeResult,
  applyAuthorizeResult,
  DEFAULT_MONTHLY_POLICY,
  type MonthlyCharge,
  type MonthlyPolicy,
  monthOf,
  planMonthlyCharge,
} from '../domain/monthly-charges';
import type { MonthlyPlan } from '../domain/monthly-plan';
import { cancelOrder, expireOrder, reviewUnsettledCharge } from '../domain/order';
import type { MerchantCharges } from '../ports';
import { fulfilMonthlyCharge, fulfilOrder } from './fulfilment';
import { recordPlanOnPage, syncPlanWithPage } from './monthly-plan';
import { settleOpenCharge } from './orders';
import type { OrderDeps } from './outcome';
import { keepAccountInformed, sendConfirmation } from './payer';

export interface MonthlyChargesDeps extends OrderDeps {
  readonly merchantCharges: MerchantCharges;
  readonly logger: Pick<AppLogger, 'info' | 'warn' | 'error'>;
  readonly policy?: MonthlyPolicy;
  /** Calls per plan within one run while answers come back without a decision (default 2). */
  readonly triesPerRun?: number;
  /** Wait between those calls (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** Records changed within this long are left to whoever is working on them (default 60 s). */
  readonly fulfilmentGraceMs?: number;
  /** A payment waiting for the customer's bank this long is dropped, and its order cancelled (default 7 days). */
  readonly authenticationDeadlineMs?: number;
  /** Describes the charge to the customer (Amazon's email, the card statement's description). */
  readonly note?: (plan: MonthlyPlan) => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type PlanRunOutcome =
  | 'charged'
  | 'declined'
  | 'rejected'
  | 'failed'
  | 'action-required'
  | 'review'
  | 'done'
  | 'in-progress'
  | 'plan-not-active'
  | 'gave-up'
  | 'fulfilled'
  | 'fulfilment-pending'
  | 'error';

export interface MonthlyRunSummary {
  readonly month: string;
  /** Outcome per active plan, by plan ID. */
  readonly plans: Readonly<Record<string, PlanRunOutcome>>;
  /** Retirements retried outside this month's charges: plan charges of earlier months and one-off orders. */
  readonly fulfilmentRetries: { readonly fulfilled: number; readonly pending: number };
  /**
   * Orders left undecided, looked up by their reference (or started again with the same key): how many were
   * settled, are still open, were cancelled at their deadline, or are in review.
   */
  readonly openPayments: {
    readonly settled: number;
    readonly open: number;
    readonly cancelled: number;
    readonly review: number;
  };
  /** Quoted orders past their quote, expired. */
  readonly quotesExpired: number;
  /** Confirmation emails sent on this run that an earlier attempt had not. */
  readonly emailsRetried: number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const defaultNote = (plan: MonthlyPlan) => `Monthly carbon offset: ${plan.quote.kilograms} kg CO2e retired for you`;

export async function runMonthlyCharges(deps: MonthlyChargesDeps): Promise<MonthlyRunSummary> {
  const month = monthOf(deps.clock());
  const plans: Record<string, PlanRunOutcome> = {};
  const handled = new Set<string>();
  for (const listed of await deps.offsetStore.listActiveMonthlyPlans()) {
    try {
      plans[listed.planId] = await chargePlan(deps, listed.planId, month);
    } catch (error) {
      plans[listed.planId] = 'error';
      deps.logger.error('Monthly charge failed', {
        event: 'plan-charge-error',
        planId: listed.planId,
        month,
        ...describeError(error),
      });
    }
    handled.add(`${listed.planId}#${month}`);
  }
  const openPayments = await settleOpenPayments(deps);
  const quotesExpired = await expireQuotes(deps);
  const fulfilmentRetries = await retryFulfilments(deps, handled);
  const emailsRetried = await retryEmails(deps);
  const summary = { month, plans, fulfilmentRetries, openPayments, quotesExpired, emailsRetried };
  deps.logger.info('Monthly charges done', { event: 'monthly-charges-done', ...summary });
  return summary;
}

/** What the customer hears of a month's charge outside Alexa (card plans): the account page and an email. */
async function tellCustomer(deps: MonthlyChargesDeps, plan: MonthlyPlan, charge: MonthlyCharge): Promise<void> {
  if (plan.source?.kind !== 'card') return;
  try {
    await deps.accountRecords?.recordMonthlyCharge(plan, charge);
    if (charge.status === 'action-required') await deps.mailer?.monthlyAuthenticationNeeded(plan, charge);
    if (charge.status === 'fulfilled' || charge.status === 'fulfilment-pending') {
      await deps.mailer?.monthlyChargeConfirmation(plan, charge);
    }
  } catch (error) {
    deps.logger.warn('The customer was not told of a monthly charge', {
      event: 'plan-charge-not-told',
      planId: plan.planId,
      month: charge.month,
      ...describeError(error),
    });
  }
  await recordPlanOnPage(deps, plan, charge.status === 'declined' || charge.status === 'rejected');
}

async function saveResult(
  deps: MonthlyChargesDeps,
  planId: string,
  month: string,
  result: AuthorizeResult,
): Promise<MonthlyCharge | undefined> {
  return deps.offsetStore.updateMonthlyCharge(planId, month, (current) => {
    const next = current ? applyAuthorizeResult(current, result, deps.clock()) : undefined;
    return { charge: next, result: next };
  });
}

async function chargePlan(deps: MonthlyChargesDeps, planId: string, month: string): Promise<PlanRunOutcome> {
  const { offsetStore: store, clock } = deps;
  const policy = deps.policy ?? DEFAULT_MONTHLY_POLICY;
  const triesPerRun = deps.triesPerRun ?? 2;
  for (let tried = 1; ; tried++) {
    // Read the plan afresh: the customer may have cancelled since the listing, by voice or on the account page.
    const stored = await store.getMonthlyPlan(planId);
    if (!stored) return 'plan-not-active';
    const plan = await syncPlanWithPage(deps, stored);
    const step = await store.updateMonthlyCharge(planId, month, (existing) => {
      const planned = planMonthlyCharge(plan, existing, month, clock(), policy);
      return { charge: planned.kind === 'authorize' ? planned.charge : existing, result: planned };
    });
    if (step.kind === 'skip') return step.reason;
    if (step.kind === 'fulfil') {
      const charge = await fulfilMonthlyCharge(deps, step.charge);
      await tellCustomer(deps, plan, charge);
      if (charge.status === 'fulfilled') return 'fulfilled';
      if (isChargeOverdue(charge, clock())) retirementOverdue(deps, { planId, month });
      return 'fulfilment-pending';
    }
    const request = {
      reference: step.charge.reference,
      amount: step.charge.amount,
      source: step.source,
      description: (deps.note ?? defaultNote)(plan),
    };
    const result =
      step.kind === 'authorize' ? await authorizeOnce(deps, step.charge, request) : await lookUp(deps, request);
    if (!result) {
      if (step.charge.status === 'failed') return 'gave-up';
      if (step.charge.status !== 'review') return 'action-required';
      if (isChargeOverdue(step.charge, clock())) {
        deps.logger.error('A monthly charge in review is past its deadline', {
          event: 'plan-charge-review-overdue',
          planId,
          month,
          reason: step.charge.reasonCode,
        });
      }
      return 'review';
    }
    const saved = await saveResult(deps, planId, month, result);
    deps.logger.info('Monthly charge attempted', {
      event: 'plan-charge-attempt',
      planId,
      month,
      attempt: saved?.attempts,
      result: result.kind,
      ...(result.kind === 'declined' ? { reasonCode: result.reasonCode } : {}),
      ...(result.kind === 'error' ? { errorCode: result.code } : {}),
    });
    if (!saved) return 'error';
    if (saved.status === 'charged') {
      await tellCustomer(deps, plan, await fulfilMonthlyCharge(deps, saved));
      return 'charged';
    }
    if (saved.status === 'failed' && tried < triesPerRun && saved.attempts < policy.maxAttempts) {
      await (deps.sleep ?? sleepFor)(deps.retryDelayMs ?? 1000);
      continue;
    }
    if (step.kind === 'authorize') await tellCustomer(deps, plan, saved);
    return outcomeOf(saved);
  }
}

/** A look-up that found the charge and how it stands (not "none", "cannot say", or an error of the look-up itself). */
function isDecided(found: Awaited<ReturnType<MerchantCharges['lookUp']>>): found is AuthorizeResult {
  return found.kind !== 'not-found' && found.kind !== 'unsupported' && found.kind !== 'error';
}

/**
 * Charges the month, unless an earlier attempt with its reference is found to stand: after an answer that decided
 * nothing (no answer, a 5xx, DuplicateRequest, Pending) the rail is asked first, and only a reference it has never
 * seen is sent again (the same reference: at most one charge whatever happens).
 */
async function authorizeOnce(
  deps: MonthlyChargesDeps,
  charge: MonthlyCharge,
  request: Parameters<MerchantCharges['charge']>[0],
): Promise<AuthorizeResult> {
  if (charge.attempts > 1) {
    const found = await deps.merchantCharges.lookUp(request);
    if (isDecided(found)) return found;
  }
  return deps.merchantCharges.charge(request);
}

/**
 * A month waiting for 3-D Secure, or a success being checked: where its charge stands (undefined while nothing has
 * changed).
 */
async function lookUp(
  deps: MonthlyChargesDeps,
  request: Parameters<MerchantCharges['lookUp']>[0],
): Promise<AuthorizeResult | undefined> {
  const found = await deps.merchantCharges.lookUp(request);
  switch (found.kind) {
    case 'not-found':
    case 'unsupported':
    case 'action-required':
      return undefined;
    default:
      return found;
  }
}

function outcomeOf(charge: MonthlyCharge): PlanRunOutcome {
  switch (charge.status) {
    case 'charged':
    case 'declined':
    case 'rejected':
    case 'failed':
    case 'fulfilled':
    case 'fulfilment-pending':
    case 'action-required':
    case 'review':
      return charge.status;
    case 'charging':
      return 'in-progress';
  }
}

/**
 * Orders whose payment was left undecided (charging: no answer, 5xx, DuplicateRequest, Pending; 3-D Secure; review:
 * a success that did not match the order), on either rail: each looked up by its reference and finished (fulfilled,
 * emailed, recorded on the account page), or, never having arrived, started again with the same key (card) or
 * released (Amazon Pay). Each status's deadline is domain/duties.ts's: a payment still waiting for the customer's
 * bank is dropped at Stripe and the order cancelled; a charge no look-up could settle goes to review; a review past
 * its deadline is logged for a person every run.
 */
async function settleOpenPayments(deps: MonthlyChargesDeps): Promise<MonthlyRunSummary['openPayments']> {
  const now = deps.clock().getTime();
  const cutoff = now - (deps.fulfilmentGraceMs ?? 60_000);
  const deadline = now - (deps.authenticationDeadlineMs ?? ORDER_DUTIES['awaiting-authentication'].deadlineMs);
  const tally = { settled: 0, open: 0, cancelled: 0, review: 0 };
  for (const order of await deps.offsetStore.listOrdersAwaitingPayment()) {
    if (Date.parse(order.updatedAt) > cutoff) continue;
    try {
      const outcome = await settleOpenCharge(deps, order);
      let after = (await deps.offsetStore.getOrder(order.orderId)) ?? order;
      if (after.status === 'awaiting-authentication' && Date.parse(after.updatedAt) <= deadline) {
        if ((await deps.paymentRail.cancelCharge(after)) === 'cancelled') {
          const { order: cancelled } = await deps.offsetStore.updateOrder(after.orderId, (current) =>
            cancelOrder(current, deps.clock()),
          );
          await keepAccountInformed(deps, cancelled);
          tally.cancelled++;
          continue;
        }
      }
      if (after.status === 'charging' && isOverdue(after, deps.clock())) {
        after = (
          await deps.offsetStore.updateOrder(after.orderId, (current) => reviewUnsettledCharge(current, deps.clock()))
        ).order;
        await keepAccountInformed(deps, after);
      }
      if (after.status === 'review') {
        tally.review++;
        if (isOverdue(after, deps.clock())) {
          deps.logger.error('An order in review is past its deadline', {
            event: 'order-review-overdue',
            orderId: after.orderId,
            reason: after.review?.reason,
          });
        }
      } else if (outcome && after.status !== 'charging' && after.status !== 'awaiting-authentication') tally.settled++;
      else tally.open++;
    } catch (error) {
      tally.open++;
      deps.logger.error('Open payment not settled', {
        event: 'open-payment-error',
        orderId: order.orderId,
        ...describeError(error),
      });
    }
  }
  return tally;
}

/** Quoted orders nobody came back to, past their quote: expired (nothing was charged). */
async function expireQuotes(deps: MonthlyChargesDeps): Promise<number> {
  let expired = 0;
  for (const order of await deps.offsetStore.listOrdersAwaitingConfirmation()) {
    if (!isOverdue(order, deps.clock())) continue;
    try {
      const { effect } = await deps.offsetStore.updateOrder(order.orderId, (current) =>
        expireOrder(current, deps.clock()),
      );
      if (effect.kind === 'nothing-new' && effect.status === 'expired') expired++;
    } catch (error) {
      deps.logger.warn('A quoted order was not expired', {
        event: 'quote-expiry-error',
        orderId: order.orderId,
        ...describeError(error),
      });
    }
  }
  return expired;
}

/** Past its deadline a paid retirement has one owner left, a person: the stack alarms on this line. */
function retirementOverdue(deps: MonthlyChargesDeps, what: Readonly<Record<string, string>>): void {
  deps.logger.error('A paid retirement is past its deadline', { event: 'fulfilment-overdue', ...what });
}

async function retryFulfilments(
  deps: MonthlyChargesDeps,
  handled: ReadonlySet<string>,
): Promise<MonthlyRunSummary['fulfilmentRetries']> {
  const cutoff = deps.clock().getTime() - (deps.fulfilmentGraceMs ?? 60_000);
  const settled = (updatedAt: string) => Date.parse(updatedAt) <= cutoff;
  const tally = { fulfilled: 0, pending: 0 };
  const attempt = async <T extends { readonly status: string }>(
    what: Record<string, string>,
    fulfil: () => Promise<T>,
    overdue: (after: T) => boolean,
  ) => {
    try {
      const after = await fulfil();
      tally[after.status === 'fulfilled' ? 'fulfilled' : 'pending']++;
      if (after.status !== 'fulfilled' && overdue(after)) retirementOverdue(deps, what);
    } catch (error) {
      tally.pending++;
      deps.logger.error('Fulfilment retry failed', {
        event: 'fulfilment-retry-error',
        ...what,
        ...describeError(error),
      });
    }
  };
  const now = deps.clock();
  for (const charge of await deps.offsetStore.listChargesAwaitingFulfilment()) {
    if (handled.has(`${charge.planId}#${charge.month}`) || !settled(charge.updatedAt)) continue;
    await attempt(
      { planId: charge.planId, month: charge.month },
      () => fulfilMonthlyCharge(deps, charge),
      (after) => isChargeOverdue(after, now),
    );
  }
  for (const order of await deps.offsetStore.listOrdersAwaitingFulfilment()) {
    if (!settled(order.updatedAt)) continue;
    await attempt(
      { orderId: order.orderId },
      async () => {
        const fulfilled = await fulfilOrder(deps, order.orderId);
        await keepAccountInformed(deps, fulfilled);
        return fulfilled;
      },
      (after) => isOverdue(after, now),
    );
  }
  return tally;
}

/** Paid card orders whose confirmation email did not go out (SES failed, or the order was finished by this job). */
async function retryEmails(deps: MonthlyChargesDeps): Promise<number> {
  if (!deps.mailer) return 0;
  const cutoff = deps.clock().getTime() - (deps.fulfilmentGraceMs ?? 60_000);
  let sent = 0;
  for (const order of await deps.offsetStore.listOrdersToEmail()) {
    if (Date.parse(order.updatedAt) > cutoff) continue;
    try {
      if ((await sendConfirmation(deps, order)).emailedAt !== undefined) sent++;
    } catch (error) {
      deps.logger.error('Confirmation email not retried', {
        event: 'email-retry-error',
        orderId: order.orderId,
        ...describeError(error),
      });
    }
  }
  return sent;
}
