/**
 * The scheduled entry point's work: charge every active monthly plan once for the current month through the Amazon
 * Pay API, retire the offsets, and retry every fulfilment still outstanding (plan charges and one-off orders).
 *
 * Safe to run at any frequency and concurrently (see domain/monthly-charges.ts): each month's charge is claimed
 * with a conditional write before the API call, and every retry reuses the month's authorization reference. Schedule
 * it daily (EventBridge) so failures are retried the next day; the composition root builds the dependencies from
 * configuration, as app/create-skill.ts does for the skill.
 *
 * Logs carry plan IDs, months and outcome codes only: no user IDs, billing agreement IDs or buyer data.
 */

import { type AppLogger, describeError } from '../../../shared/logger';
import {
  applyAuthorizeResult,
  DEFAULT_MONTHLY_POLICY,
  type MonthlyCharge,
  type MonthlyPolicy,
  monthOf,
  planMonthlyCharge,
} from '../domain/monthly-charges';
import type { MonthlyPlan } from '../domain/monthly-plan';
import type { AmazonPayApi, OffsetProvider, OffsetStore } from '../ports';
import { fulfilMonthlyCharge, fulfilOrder } from './fulfilment';

export interface MonthlyChargesDeps {
  readonly offsetStore: OffsetStore;
  readonly amazonPayApi: AmazonPayApi;
  readonly offsetProvider: OffsetProvider;
  readonly clock: () => Date;
  readonly logger: Pick<AppLogger, 'info' | 'warn' | 'error'>;
  readonly policy?: MonthlyPolicy;
  /** Calls per plan within one run while answers come back without a decision (default 2). */
  readonly triesPerRun?: number;
  /** Wait between those calls (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** Records changed within this long are left to whoever is working on them (default 60 s). */
  readonly fulfilmentGraceMs?: number;
  /** Describes the charge in Amazon's email to the buyer. */
  readonly note?: (plan: MonthlyPlan) => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type PlanRunOutcome =
  | 'charged'
  | 'declined'
  | 'rejected'
  | 'failed'
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
  const fulfilmentRetries = await retryFulfilments(deps, handled);
  deps.logger.info('Monthly charges done', { event: 'monthly-charges-done', month, plans, fulfilmentRetries });
  return { month, plans, fulfilmentRetries };
}

async function chargePlan(deps: MonthlyChargesDeps, planId: string, month: string): Promise<PlanRunOutcome> {
  const { offsetStore: store, clock } = deps;
  const policy = deps.policy ?? DEFAULT_MONTHLY_POLICY;
  const triesPerRun = deps.triesPerRun ?? 2;
  for (let tried = 1; ; tried++) {
    // Read the plan afresh: the customer may have cancelled since the listing.
    const plan = await store.getMonthlyPlan(planId);
    if (!plan) return 'plan-not-active';
    const step = await store.updateMonthlyCharge(planId, month, (existing) => {
      const planned = planMonthlyCharge(plan, existing, month, clock(), policy);
      return { charge: planned.kind === 'authorize' ? planned.charge : existing, result: planned };
    });
    if (step.kind === 'skip') return step.reason;
    if (step.kind === 'fulfil') {
      const fulfilled = (await fulfilMonthlyCharge(deps, step.charge)).status === 'fulfilled';
      return fulfilled ? 'fulfilled' : 'fulfilment-pending';
    }

    const result = await deps.amazonPayApi.authorizeOnBillingAgreement({
      billingAgreementId: step.billingAgreementId,
      authorizationReferenceId: step.charge.reference,
      amount: step.charge.amount,
      sellerOrderId: step.charge.reference,
      note: (deps.note ?? defaultNote)(plan),
    });
    const saved = await store.updateMonthlyCharge(planId, month, (current) => {
      const next = current ? applyAuthorizeResult(current, result, clock()) : undefined;
      return { charge: next, result: next };
    });
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
      await fulfilMonthlyCharge(deps, saved);
      return 'charged';
    }
    if (saved.status === 'failed' && tried < triesPerRun && saved.attempts < policy.maxAttempts) {
      await (deps.sleep ?? sleepFor)(deps.retryDelayMs ?? 1000);
      continue;
    }
    return outcomeOf(saved);
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
      return charge.status;
    case 'charging':
      return 'in-progress';
  }
}

async function retryFulfilments(
  deps: MonthlyChargesDeps,
  handled: ReadonlySet<string>,
): Promise<MonthlyRunSummary['fulfilmentRetries']> {
  const cutoff = deps.clock().getTime() - (deps.fulfilmentGraceMs ?? 60_000);
  const settled = (updatedAt: string) => Date.parse(updatedAt) <= cutoff;
  const tally = { fulfilled: 0, pending: 0 };
  const attempt = async (what: Record<string, string>, fulfil: () => Promise<{ status: string }>) => {
    try {
      tally[(await fulfil()).status === 'fulfilled' ? 'fulfilled' : 'pending']++;
    } catch (error) {
      tally.pending++;
      deps.logger.error('Fulfilment retry failed', {
        event: 'fulfilment-retry-error',
        ...what,
        ...describeError(error),
      });
    }
  };
  for (const charge of await deps.offsetStore.listChargesAwaitingFulfilment()) {
    if (handled.has(`${charge.planId}#${charge.month}`) || !settled(charge.updatedAt)) continue;
    await attempt({ planId: charge.planId, month: charge.month }, () => fulfilMonthlyCharge(deps, charge));
  }
  for (const order of await deps.offsetStore.listOrdersAwaitingFulfilment()) {
    if (!settled(order.updatedAt)) continue;
    await attempt({ orderId: order.orderId }, () => fulfilOrder(deps, order.orderId));
  }
  return tally;
}
