/**
 * What the premium features make of the customer's estimate log: Plus's monthly report, and Reduction Plans. Pure.
 */
import type { RecordedEstimate } from '../../footprint';

// ---------------------------------------------------------------------------------------------------------------
// The estimate log (what Plus reports on and Reduction Plans are built from).

export type Category = 'flights' | 'driving' | 'public-transport' | 'electricity';

export function categoryOf(estimate: RecordedEstimate): Category {
  const { activity } = estimate;
  if (activity.kind === 'flight') return 'flights';
  if (activity.kind === 'electricity') return 'electricity';
  return ['car', 'suv', 'electric_car', 'hybrid_car', 'motorcycle'].includes(activity.mode)
    ? 'driving'
    : 'public-transport';
}

function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export interface MonthlyReport {
  /** Grams this calendar month (UTC), by category, largest first. */
  readonly byCategory: ReadonlyArray<{ readonly category: Category; readonly grams: number }>;
  readonly totalGrams: number;
  readonly lastMonthGrams: number;
  readonly count: number;
}

export function monthlyReport(log: readonly RecordedEstimate[], now: Date): MonthlyReport {
  const thisMonth = monthKey(now);
  const lastMonth = monthKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
  const totals = new Map<Category, number>();
  let lastMonthGrams = 0;
  let count = 0;
  for (const entry of log) {
    const month = entry.at.slice(0, 7);
    if (month === thisMonth) {
      count += 1;
      totals.set(categoryOf(entry), (totals.get(categoryOf(entry)) ?? 0) + entry.grams);
    } else if (month === lastMonth) {
      lastMonthGrams += entry.grams;
    }
  }
  // A walk or a bike ride counts as an estimate, but adds no category: there is nothing in it to report.
  const byCategory = [...totals]
    .filter(([, grams]) => grams > 0)
    .map(([category, grams]) => ({ category, grams }))
    .sort((a, b) => b.grams - a.grams);
  return { byCategory, totalGrams: byCategory.reduce((sum, { grams }) => sum + grams, 0), lastMonthGrams, count };
}

/** One step of a Reduction Plan: a concrete change and the grams it saves. */
export type ReductionStep =
  | { readonly kind: 'skip-largest-flight'; readonly savedGrams: number; readonly from: string; readonly to: string }
  | { readonly kind: 'drive-less'; readonly savedGrams: number; readonly share: number }
  | { readonly kind: 'greener-electricity'; readonly savedGrams: number; readonly share: number }
  | { readonly kind: 'keep-using-transit'; readonly savedGrams: number };

/**
 * A Reduction Plan from the customer's own estimates of the last 90 days: the largest sources first, each with a
 * concrete change and its saving (a flight not taken saves all of it; driving 20% less saves 20%; a tenth less
 * electricity saves a tenth). Empty when there is nothing to plan from (then no plan is used up).
 */
export function reductionPlan(log: readonly RecordedEstimate[], now: Date): ReductionStep[] {
  const since = now.getTime() - 90 * 24 * 60 * 60 * 1000;
  const recent = log.filter((entry) => Date.parse(entry.at) >= since);
  const total = (category: Category) =>
    recent.filter((entry) => categoryOf(entry) === category).reduce((sum, entry) => sum + entry.grams, 0);
  const steps: ReductionStep[] = [];
  const flights = recent.filter((entry) => entry.activity.kind === 'flight').sort((a, b) => b.grams - a.grams);
  const largest = flights[0];
  if (largest && largest.activity.kind === 'flight') {
    steps.push({
      kind: 'skip-largest-flight',
      savedGrams: largest.grams,
      from: largest.activity.from,
      to: largest.activity.to,
    });
  }
  const driving = total('driving');
  if (driving > 0) steps.push({ kind: 'drive-less', savedGrams: Math.round(driving * 0.2), share: 20 });
  const electricity = total('electricity');
  if (electricity > 0)
    steps.push({ kind: 'greener-electricity', savedGrams: Math.round(electricity * 0.1), share: 10 });
  const transit = total('public-transport');
  if (transit > 0) steps.push({ kind: 'keep-using-transit', savedGrams: 0 });
  return steps.sort((a, b) => b.savedGrams - a.savedGrams);
}
