/**
 * Charge Later: a monthly offset plan. The customer hears the monthly amount read back and says yes; on Amazon Pay,
 * Setup makes a merchant-initiated billing agreement; on the linked card the plan is active at once on the account
 * (after the voice code, when it has one), and shows on the account page, where it can be cancelled too. The scheduled
 * job (run-monthly-charges.ts) charges it once a month.
 */

import { mayHaveLanded } from '../../../shared/customer-store';
import { describeError } from '../../../shared/logger';
import type { RecordedEstimate } from '../../footprint';
import type { SetupOutcome } from '../domain/amazon-pay';
import { monthlyPlanReport, monthOf } from '../domain/monthly-charges';
import {
  applyMonthlyPlanSetup,
  cancelMonthlyPlan,
  type MonthlyPlan,
  type MonthlyPlanEffect,
  monthlyPlanIdFor,
  startMonthlyPlan,
} from '../domain/monthly-plan';
import { type Quote, quoteOffset } from '../domain/quote';
import { type Buyer, MonthlyPlanNotFoundError } from '../ports';
import { handOff, type OffsetOutcome, type OffsetPorts, type OrderDeps } from './outcome';
import { blocked, naming, payerFor, withVoiceCode } from './payer';

/** The monthly amount: the last estimate (one with emissions), priced like an order; read back with what it was. */
async function monthlyQuote(
  ports: OffsetPorts,
): Promise<(Quote & { sizedFrom: RecordedEstimate['activity'] }) | undefined> {
  const lastEstimate = await ports.lastEstimate();
  if (!lastEstimate || lastEstimate.grams === 0) return undefined;
  const { config } = ports;
  const quote = quoteOffset({
    grams: lastEstimate.grams,
    currency: config.currency,
    taxCountry: config.taxCountry,
    pricing: config.pricing,
    now: ports.clock(),
    validForMs: config.quoteValidMs,
  });
  return { ...quote, sizedFrom: lastEstimate.activity };
}

/** The next day a plan is charged: today when this month is still to be charged, else the 1st of next month. */
export function nextChargeDay(now: Date, chargedThisMonth: boolean): string {
  if (!chargedThisMonth) return now.toISOString().slice(0, 10);
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return next.toISOString().slice(0, 10);
}

/** The account page's copy of a card plan (best effort: the job records it again before each charge). */
export async function recordPlanOnPage(deps: OrderDeps, plan: MonthlyPlan, problem = false): Promise<void> {
  const records = deps.accountRecords;
  if (!records || plan.source?.kind !== 'card') return;
  try {
    const charge = await deps.offsetStore.getMonthlyCharge(plan.planId, monthOf(deps.clock()));
    const charged = charge !== undefined && charge.status !== 'charging' && charge.status !== 'failed';
    const next = plan.status === 'active' ? nextChargeDay(deps.clock(), charged) : undefined;
    await deps.deadline.race(() => records.recordPlan(plan, next, problem));
  } catch (error) {
    deps.logger.warn('Plan not recorded on the account page', {
      event: 'account-plan-not-recorded',
      planId: plan.planId,
      ...describeError(error),
    });
  }
}

/** A card plan cancelled on the account page (or whose account is gone) is cancelled here too. */
export async function syncPlanWithPage(deps: OrderDeps, plan: MonthlyPlan): Promise<MonthlyPlan> {
  const records = deps.accountRecords;
  const source = plan.source;
  if (!records || source?.kind !== 'card' || plan.status !== 'active') return plan;
  const onPage = await deps.deadline.race(() => records.planOnPage(source.accountId));
  if (onPage === 'active') return plan;
  if (onPage === 'missing') {
    await recordPlanOnPage(deps, plan);
    return plan;
  }
  const { plan: cancelled } = await deps.offsetStore.updateMonthlyPlan(plan.planId, (current) => {
    if (!current) throw new MonthlyPlanNotFoundError('The monthly plan disappeared');
    return cancelMonthlyPlan(current, deps.clock());
  });
  deps.logger.info('Monthly plan cancelled on the account page', { planId: plan.planId, onPage });
  return cancelled;
}

async function customerPlan(buyer: Buyer, ports: OffsetPorts): Promise<MonthlyPlan | undefined> {
  const plan = await ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(buyer.userId), buyer.userId);
  return plan && syncPlanWithPage(ports, plan);
}

async function planOutcome(ports: OffsetPorts, plan: MonthlyPlan, effect: MonthlyPlanEffect): Promise<OffsetOutcome> {
  switch (effect.kind) {
    case 'send-setup': {
      const step = ports.paymentRail.startSetup({
        kind: 'monthly-plan',
        planId: plan.planId,
        subscriptionAmount: effect.setup.subscriptionAmount,
      });
      if (step.kind !== 'send-directive') throw new TypeError('A Setup is always a directive');
      return handOff(ports, step.directive);
    }
    case 'nothing-new':
      return { kind: 'monthly-plan-unchanged', status: effect.status };
    case 'tell':
      await recordPlanOnPage(ports, plan);
      return { kind: 'monthly-plan-news', news: effect.news };
  }
}

/** "Set up a monthly offset plan": the read-back, unless there is one already or nothing to size it from. */
export async function proposeMonthlyPlan(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const plan = await customerPlan(buyer, ports);
  if (plan?.status === 'active') return { kind: 'monthly-plan-news', news: { kind: 'already-active' } };
  const quote = await monthlyQuote(ports);
  if (!quote) return { kind: 'nothing-to-offset' };
  const payer = await payerFor(buyer, ports);
  const stop = blocked(payer);
  if (stop) return stop;
  const { sizedFrom, ...read } = quote;
  return { kind: 'monthly-plan-read-back', quote: read, sizedFrom, payment: naming(payer, read) };
}

/**
 * Yes to the monthly plan's read-back (and, on a card with a voice code, the code: `codeChecked`): the plan starts,
 * through Amazon Pay's Setup or at once on the linked account's card.
 */
export async function confirmMonthlyPlan(
  buyer: Buyer,
  ports: OffsetPorts,
  codeChecked = false,
): Promise<OffsetOutcome> {
  const sized = await monthlyQuote(ports);
  if (!sized) return { kind: 'nothing-to-offset' };
  const { sizedFrom: _sizedFrom, ...quote } = sized;
  const payer = await payerFor(buyer, ports);
  const stop = blocked(payer);
  if (stop) return stop;
  const ready = payer.kind === 'ready' && payer.source.kind === 'card' ? payer : undefined;
  if (!codeChecked && ready?.voiceCode === 'locked') return { kind: 'voice-code-locked' };
  if (!codeChecked && ready?.voiceCode === 'set')
    return { kind: 'voice-code-needed', orderId: undefined, again: false };
  const planId = monthlyPlanIdFor(buyer.userId);
  const { plan, effect } = await ports.offsetStore.updateMonthlyPlan(
    planId,
    (existing) =>
      startMonthlyPlan(existing, {
        planId,
        userId: buyer.userId,
        rail: ports.paymentRail.name,
        quote,
        now: ports.clock(),
        ...(ready ? { source: ready.source } : {}),
      }),
    buyer.userId,
  );
  return planOutcome(ports, plan, effect);
}

/** The voice code said for the monthly plan: the right code starts it. */
export function answerPlanVoiceCode(buyer: Buyer, digits: string, ports: OffsetPorts): Promise<OffsetOutcome> {
  return withVoiceCode(buyer, digits, ports, undefined, () => confirmMonthlyPlan(buyer, ports, true));
}

/** Amazon Pay's answer to the plan's Setup. */
export async function monthlyPlanSetupAnswered(
  planId: string,
  outcome: SetupOutcome,
  buyer: Buyer,
  ports: OffsetPorts,
): Promise<OffsetOutcome> {
  const now = ports.clock();
  const { plan, effect } = await ports.offsetStore.updateMonthlyPlan(
    planId,
    (current) => {
      if (!current) throw new MonthlyPlanNotFoundError('No monthly plan for this setup');
      return applyMonthlyPlanSetup(current, outcome, now);
    },
    buyer.userId,
  );
  return planOutcome(ports, plan, effect);
}

export async function monthlyPlanStatus(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const plan = await customerPlan(buyer, ports);
  if (!plan) return { kind: 'no-monthly-plan' };
  const thisMonth = await ports.offsetStore.getMonthlyCharge(plan.planId, monthOf(ports.clock()));
  return { kind: 'monthly-plan-status', report: monthlyPlanReport(plan, thisMonth) };
}

export async function cancelTheMonthlyPlan(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const plan = await customerPlan(buyer, ports);
  if (!plan || plan.status === 'cancelled') return { kind: 'no-monthly-plan' };
  const { plan: saved, effect } = await ports.offsetStore.updateMonthlyPlan(
    plan.planId,
    (current) => {
      if (!current) throw new MonthlyPlanNotFoundError('The monthly plan disappeared');
      return cancelMonthlyPlan(current, ports.clock());
    },
    buyer.userId,
  );
  return planOutcome(ports, saved, effect);
}

/** What disabling the skill did to the customer's monthly plan. */
export type DisabledPlanOutcome = 'cancelled' | 'already-cancelled' | 'no-plan';

/**
 * The customer disabled the skill and Amazon keeps nothing of them (SkillDisabled, `NOT_PERSISTED`): their monthly
 * plan is cancelled before their data is deleted, so the job charges it no more, on either rail (the plan record here
 * is what the job charges; a card plan's copy on the account page is recorded cancelled too, so the page says so). A
 * new user ID comes with re-enabling, so a plan left active now could never be cancelled by voice again.
 *
 * Cancelling is idempotent (a cancelled plan stays as it is), so a write whose answer was lost is simply tried again.
 * A plan already cancelled is recorded on the page again, in case an earlier attempt did not reach it.
 */
export async function cancelPlanOfDisabledSkill(userId: string, deps: OrderDeps): Promise<DisabledPlanOutcome> {
  const planId = monthlyPlanIdFor(userId);
  const plan = await deps.offsetStore.getMonthlyPlan(planId, userId);
  if (!plan) return 'no-plan';
  if (plan.status === 'cancelled') {
    await recordPlanOnPage(deps, plan);
    return 'already-cancelled';
  }
  const cancel = () =>
    deps.offsetStore.updateMonthlyPlan(
      planId,
      (current) => {
        if (!current) throw new MonthlyPlanNotFoundError('The monthly plan disappeared');
        return cancelMonthlyPlan(current, deps.clock());
      },
      userId,
    );
  let cancelled: MonthlyPlan;
  try {
    cancelled = (await cancel()).plan;
  } catch (error) {
    // The write may have landed (its answer lost): cancelling again finds it cancelled, or cancels it now.
    if (!mayHaveLanded(error)) throw error;
    cancelled = (await cancel()).plan;
  }
  await recordPlanOnPage(deps, cancelled);
  return 'cancelled';
}
