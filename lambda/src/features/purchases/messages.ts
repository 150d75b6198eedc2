import { listOf } from '../../shared/english';
import type { ProductRef } from './domain/products';
import type { Category, MonthlyReport, ReductionStep } from './domain/reports';

/** Everything said about in-skill products. Never a price: Amazon's purchase flow says that. */
export interface PurchasesMessages {
  readonly onOffer: (names: readonly string[]) => string;
  readonly nothingLeftToBuy: string;
  readonly catalogueUnavailable: string;
  /** Where in-skill purchasing is not offered: no mention of purchases content. */
  readonly noProducts: string;
  readonly monthlyUnavailable: string;
  readonly interrupted: string;
  readonly fallbackName: Readonly<Record<ProductRef, string>>;
  readonly whichProduct: (names: readonly string[]) => string;
  /** Something was said that is no product name: never said back (it may be anything Alexa heard). */
  readonly unknownProduct: (names: readonly string[]) => string;
  /** Help at "would you like to buy it?" and at "which one?". */
  readonly buyHelp: string;
  readonly productHelp: string;
  readonly describe: (name: string, summary: string) => string;
  readonly describeOwned: (name: string, ref: ProductRef, plansLeft: number) => string;
  readonly wantIt: string;
  /** `more`: something bought elsewhere in the skill (offsets) is said after. */
  readonly owned: (names: readonly string[], plansLeft: number | undefined, more: boolean) => string;
  readonly alreadyOwned: (name: string, ref: ProductRef) => string;
  readonly howToUse: Readonly<Record<ProductRef, string>>;
  /** The upsell message Alexa reads before its purchase prompt: what it does and why now, ending in a question. */
  readonly upsell: Readonly<Record<ProductRef, string>>;
  readonly suggestPlus: (estimatesThisMonth: number) => string;
  readonly freeFlight: string;
  readonly monthlyFree: string;
  readonly reductionPlanFree: string;
  readonly bought: (name: string) => string;
  readonly declined: string;
  readonly pending: (name: string) => string;
  /** Amazon said the purchase went through, but the in-skill products API does not show it yet. */
  readonly confirming: (name: string) => string;
  readonly cancelled: (name: string, ref: ProductRef) => string;
  readonly kept: (name: string) => string;
  readonly notOwned: (name: string) => string;
  readonly notCancellable: (name: string) => string;
  readonly report: (report: MonthlyReport, amount: (grams: number) => string) => string;
  readonly reductionPlan: (
    steps: readonly ReductionStep[],
    amount: (grams: number) => string,
    plansLeft: number,
  ) => string;
  readonly reductionPlanNeedsEstimates: string;
  readonly reductionPlansLeft: (count: number) => string;
}

const CATEGORY: Record<Category, string> = {
  flights: 'flights',
  driving: 'driving',
  'public-transport': 'public transport',
  electricity: 'electricity',
};

function planStep(step: ReductionStep, amount: (grams: number) => string): string {
  switch (step.kind) {
    case 'skip-largest-flight':
      return `your biggest source is the flight from ${step.from} to ${step.to}: taking the train, or meeting by video instead, would save about ${amount(step.savedGrams)}.`;
    case 'drive-less':
      return `driving ${step.share} percent less, by sharing rides or combining errands, would save about ${amount(step.savedGrams)}.`;
    case 'greener-electricity':
      return `cutting your electricity by a tenth, or moving to a renewable tariff, would save at least ${amount(step.savedGrams)}.`;
    case 'keep-using-transit':
      return 'your public transport trips are already a low-carbon choice: keep them up.';
  }
}

export const englishPurchases: PurchasesMessages = {
  onOffer: (names) => `You can buy ${listOf(names, 'or')}. Which would you like to hear about?`,
  nothingLeftToBuy: `You already have everything I sell. What would you like to estimate?`,
  catalogueUnavailable: `Sorry, I can't reach the store right now. Please try again in a little while. Meanwhile, what would you like to estimate?`,
  noProducts: `Everything in this skill is free here.`,
  monthlyUnavailable: `I can't add up your month here, but I can estimate any trip or bill.`,
  interrupted: `Let's carry on.`,
  fallbackName: {
    green_horizons_plus: 'Green Horizons Plus',
    travel_pack: 'the Travel Pack',
    reduction_plan: 'Reduction Plans',
  },
  whichProduct: (names) => `Which one: ${listOf(names, 'or')}?`,
  unknownProduct: (names) => `Sorry, I didn't catch the name. I have ${listOf(names, 'and')}. Which one did you mean?`,
  buyHelp: `If you say yes, Amazon tells you the price and asks you to confirm; nothing is bought until you do. Say no, and we carry on for free.`,
  productHelp: `Just say the product's name, for example the Travel Pack.`,
  describe: (name, summary) => `${name}: ${summary}`,
  describeOwned: (name, ref, plansLeft) =>
    ref === 'reduction_plan'
      ? `You have ${plansLeft === 1 ? 'one Reduction Plan' : `${plansLeft} Reduction Plans`} left. Say give me a reduction plan to use one.`
      : `You already have ${name}. ${englishPurchases.howToUse[ref]}`,
  wantIt: 'Would you like to buy it?',
  owned: (names, plansLeft, more) => {
    const plans =
      plansLeft === undefined
        ? ''
        : ` You have ${plansLeft === 1 ? 'one Reduction Plan' : `${plansLeft} Reduction Plans`} left.`;
    if (names.length === 0 && plans === '') {
      return more ? '' : `You haven't bought anything yet. Say what can I buy to hear what's available.`;
    }
    return `${names.length > 0 ? `You have ${listOf(names, 'and')}.` : ''}${plans}`.trim();
  },
  alreadyOwned: (name, ref) =>
    `You already have ${name}, so there's nothing more to buy. ${englishPurchases.howToUse[ref]}`,
  howToUse: {
    green_horizons_plus: `Ask: what's my footprint this month?`,
    travel_pack: `Try a business class flight, a flight with a stop, or a flight for several people.`,
    reduction_plan: `Say: give me a reduction plan.`,
  },
  upsell: {
    green_horizons_plus:
      'Green Horizons Plus keeps every estimate and tells you your footprint this month, by category, and how it changed since last month. Want to learn more?',
    travel_pack:
      'The Travel Pack makes this estimate fit your real trip: stopovers, cabin class, everyone travelling, and the extra warming from contrails. Want to learn more?',
    reduction_plan:
      'A Reduction Plan looks at the estimates you have made and tells you which changes cut the most, in kilograms. Want to learn more?',
  },
  suggestPlus: (count) => `That's ${count} estimates this month; Plus adds them up. Want to hear about it?`,
  freeFlight: 'Here it is for one traveller on an average seat, flying direct.',
  monthlyFree: `Your monthly report comes with Green Horizons Plus. You can still ask me about any trip or bill.`,
  reductionPlanFree: `Here's a free tip instead.`,
  bought: (name) => `Thanks for buying ${name}.`,
  declined: 'No problem.',
  pending: (name) => `Your purchase of ${name} is still being processed. Once it's done, it will be ready here.`,
  confirming: (name) =>
    `Thanks. Amazon hasn't confirmed your purchase of ${name} to me yet, so I can't open it just now. Ask me again in a moment and I'll check.`,
  cancelled: (name, ref) =>
    ref === 'green_horizons_plus'
      ? `Your ${name} subscription is cancelled. You can still estimate any trip for free.`
      : `Your refund request for ${name} is with Amazon.`,
  kept: (name) => `OK, you keep ${name}.`,
  notOwned: (name) => `You don't have ${name}, so there's nothing to cancel.`,
  notCancellable: (name) => `${name} isn't a subscription. To get your money back, say refund ${name}.`,
  report: (report, amount) => {
    if (report.count === 0)
      return `You haven't estimated anything this month yet. Ask about a trip or a bill, and I'll add it up.`;
    const logged = report.count === 1 ? 'one estimate' : `${report.count} estimates`;
    if (report.byCategory.length === 0) return `This month you've logged ${logged}, with no CO2 at all.`;
    const parts = report.byCategory.map(({ category, grams }) => `${CATEGORY[category]} ${amount(grams)}`);
    const change =
      report.lastMonthGrams === 0
        ? 'There was nothing to compare with last month.'
        : report.totalGrams > report.lastMonthGrams
          ? `That's ${amount(report.totalGrams - report.lastMonthGrams)} more than last month.`
          : report.totalGrams < report.lastMonthGrams
            ? `That's ${amount(report.lastMonthGrams - report.totalGrams)} less than last month. Nice work.`
            : `That's the same as last month.`;
    return `This month you've logged ${logged}, about ${amount(report.totalGrams)} in all: ${listOf(parts, 'and')}. ${change}`;
  },
  reductionPlan: (steps, amount, plansLeft) => {
    const leads = ['First', 'Next', 'Then', 'Finally'];
    const sentences = steps.map((step, index) => `${leads[Math.min(index, 3)]}, ${planStep(step, amount)}`);
    const left =
      plansLeft === 0
        ? 'That was your last plan.'
        : `You have ${plansLeft === 1 ? 'one plan' : `${plansLeft} plans`} left.`;
    return `Here's your Reduction Plan, biggest savings first. ${sentences.join(' ')} ${left}`;
  },
  reductionPlanNeedsEstimates: `A Reduction Plan works from your own estimates, and I don't have any from the last three months yet. Estimate a trip or a bill first, then ask again: your plan is still there.`,
  reductionPlansLeft: (count) =>
    count === 0
      ? `You have no Reduction Plans left.`
      : `You have ${count === 1 ? 'one Reduction Plan' : `${count} Reduction Plans`} left.`,
};

/** British English: UK government factors price a free flight as an economy seat. */
const britishPurchases: PurchasesMessages = {
  ...englishPurchases,
  freeFlight: 'Here it is for one traveller in economy, flying direct.',
};

/** Never a price (Amazon's purchase flow says that). */
export function purchasesMessagesFor(locale: string | undefined): PurchasesMessages {
  return locale === 'en-GB' ? britishPurchases : englishPurchases;
}
