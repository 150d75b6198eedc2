/**
 * Charge Later: a monthly offset plan. The customer hears the monthly amount read back, says yes, and Amazon Pay's
 * Setup makes a merchant-initiated billing agreement; the scheduled job (run-monthly-charges.ts) charges it.
 */

import type { RecordedEstimate } from '../../footprint';
import type { SetupOutcome } from '../domain/amazon-pay';
import { monthlyPlanReport, monthOf } from '../domain/monthly-charges';
import {
  applyMonthlyPlanSetup,
  cancelMonthlyPlan,
  type MonthlyPlanEffect,
  monthlyPlanIdFor,
  startMonthlyPlan,
} from '../domain/monthly-plan';
import { type Quote, quoteOffset } from '../domain/quote';
import { MonthlyPlanNotFoundError } from '../ports';
import { type Buyer, handOff, type OffsetOutcome, type OffsetPorts } from './outcome';

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

function planOutcome(ports: OffsetPorts, planId: string, effect: MonthlyPlanEffect): OffsetOutcome {
  switch (effect.kind) {
    case 'send-setup':
      return handOff(
        ports,
        ports.paymentRail.startSetup({
          kind: 'monthly-plan',
          planId,
          subscriptionAmount: effect.setup.subscriptionAmount,
        }),
      );
    case 'nothing-new':
      return { kind: 'monthly-plan-unchanged', status: effect.status };
    case 'tell':
      return { kind: 'monthly-plan-news', news: effect.news };
  }
}

/** "Set up a monthly offset plan": the read-back, unless there is one already or nothing to size it from. */
export async function proposeMonthlyPlan(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const plan = await ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(buyer.userId), buyer.userId);
  if (plan?.status === 'active') return { kind: 'monthly-plan-news', news: { kind: 'already-active' } };
  const quote = await monthlyQuote(ports);
  if (!quote) return { kind: 'nothing-to-offset' };
  if (!buyer.paymentsAllowed) return { kind: 'permission-needed' };
  const { sizedFrom, ...read } = quote;
  return { kind: 'monthly-plan-read-back', quote: read, sizedFrom };
}

/** Yes to the monthly plan's read-back: the plan is started and Amazon Pay's Setup sent. */
export async function confirmMonthlyPlan(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const sized = await monthlyQuote(ports);
  if (!sized) return { kind: 'nothing-to-offset' };
  if (!buyer.paymentsAllowed) return { kind: 'permission-needed' };
  const { sizedFrom: _sizedFrom, ...quote } = sized;
  const planId = monthlyPlanIdFor(buyer.userId);
  const { effect } = await ports.offsetStore.updateMonthlyPlan(
    planId,
    (existing) => startMonthlyPlan(existing, { planId, userId: buyer.userId, quote, now: ports.clock() }),
    buyer.userId,
  );
  return planOutcome(ports, planId, effect);
}

/** Amazon Pay's answer to the plan's Setup. */
export async function monthlyPlanSetupAnswered(
  planId: string,
  outcome: SetupOutcome,
  buyer: Buyer,
  ports: OffsetPorts,
): Promise<OffsetOutcome> {
  const now = ports.clock();
  const { effect } = await ports.offsetStore.updateMonthlyPlan(
    planId,
    (plan) => {
      if (!plan) throw new MonthlyPlanNotFoundError('No monthly plan for this setup');
      return applyMonthlyPlanSetup(plan, outcome, now);
    },
    buyer.userId,
  );
  return planOutcome(ports, planId, effect);
}

export async function monthlyPlanStatus(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const plan = await ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(buyer.userId), buyer.userId);
  if (!plan) return { kind: 'no-monthly-plan' };
  const thisMonth = await ports.offsetStore.getMonthlyCharge(plan.planId, monthOf(ports.clock()));
  return { kind: 'monthly-plan-status', report: monthlyPlanReport(plan, thisMonth) };
}

export async function cancelTheMonthlyPlan(buyer: Buyer, ports: OffsetPorts): Promise<OffsetOutcome> {
  const plan = await ports.offsetStore.getMonthlyPlan(monthlyPlanIdFor(buyer.userId), buyer.userId);
  if (!plan || plan.status === 'cancelled') return { kind: 'no-monthly-plan' };
  const { effect } = await ports.offsetStore.updateMonthlyPlan(
    plan.planId,
    (current) => {
      if (!current) throw new MonthlyPlanNotFoundError('The monthly plan disappeared');
      return cancelMonthlyPlan(current, ports.clock());
    },
    buyer.userId,
  );
  return planOutcome(ports, plan.planId, effect);
}
