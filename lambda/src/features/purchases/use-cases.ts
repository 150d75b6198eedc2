/**
 * The purchases use cases: what the customer can buy, owns, and gets from what they bought, and what a purchase
 * flow's answer means. Each returns one typed answer (`speech.ts` says it); IO goes through the ports given.
 */
import type { ConnectionsAnswer, Resolution } from '../../conversation/request';
import type { SliceStore } from '../../shared/customer-store';
import type { AppLogger } from '../../shared/logger';
import type { SpeechPart } from '../../shared/ssml';
import { type FootprintState, footprintState } from '../footprint';
import {
  canBeOffered,
  interpretPurchase,
  maySuggest,
  owns,
  PRODUCT_REFS,
  type Product,
  type ProductList,
  type ProductRef,
  type PurchaseAction,
  productIn,
  type Resume,
  reductionPlansAvailable,
} from './domain/products';
import { type MonthlyReport, monthlyReport, type ReductionStep, reductionPlan } from './domain/reports';
import { resumeAfterBuying } from './hand-off';
import type { ProductCatalogue } from './ports';
import type { PendingFlight, PurchasesState } from './purchases-state';

export interface PurchasesPorts {
  readonly catalogue: ProductCatalogue;
  readonly purchases: SliceStore<PurchasesState>;
  /** The estimate log and last estimate (the footprint's slice), read only. */
  readonly estimates: () => Promise<FootprintState>;
  /** The next eco tip (footprint): given instead of what the customer cannot have. */
  readonly nextTip: () => Promise<string>;
  /** A product has been suggested in this session already (at most one a session). */
  readonly suggestedThisSession: () => boolean;
  /** What the customer has bought elsewhere in the skill (offsets), said with "what have I bought". */
  readonly boughtElsewhere: () => Promise<SpeechPart | undefined>;
  readonly clock: () => Date;
  readonly logger: AppLogger;
}

type OpenList = ProductList & { readonly available: true };

/** There is nothing to talk about: the products API is unreachable, or nothing is sold in this locale. */
export type NoCatalogue = { readonly kind: 'catalogue-unavailable' } | { readonly kind: 'no-products' };

/** Hand the customer to Amazon's Buy, Upsell or Cancel flow for `product`, to carry on with `resume` after. */
export interface PurchaseHandOff {
  readonly kind: 'hand-off';
  readonly action: PurchaseAction;
  readonly product: Product;
  readonly resume: Resume;
}

/** The name was not one of ours (or not given): ask which, with the names on offer (never what was heard). */
export interface WhichProduct {
  readonly kind: 'which-product';
  /** Something was said, but not a name on offer. */
  readonly unheard: boolean;
  readonly names: readonly string[];
  readonly refs: readonly ProductRef[];
}

/**
 * What was said in the product's place was no product but another part of the skill (Alexa's language model heard
 * "refund my offset" as a product refund, "what is the carbon footprint of …" as a product question): go there.
 */
export interface Reroute {
  readonly kind: 'reroute';
  readonly to: 'offset-refund' | 'offset-cancel' | 'offset-plan-cancel' | 'estimate';
}

export type ReductionPlanUse =
  | { readonly kind: 'no-estimates' }
  | { readonly kind: 'none-left' }
  | { readonly kind: 'used'; readonly steps: readonly ReductionStep[]; readonly left: number };

export type PurchasesAnswer =
  | NoCatalogue
  | PurchaseHandOff
  | WhichProduct
  | { readonly kind: 'on-offer'; readonly names: readonly string[]; readonly refs: readonly ProductRef[] }
  | { readonly kind: 'nothing-left-to-buy' }
  | { readonly kind: 'describe'; readonly product: Product }
  | { readonly kind: 'describe-owned'; readonly product: Product; readonly plansLeft: number }
  | { readonly kind: 'already-owned'; readonly product: Product }
  | {
      readonly kind: 'owned';
      readonly names: readonly string[];
      readonly plansLeft: number | undefined;
      readonly elsewhere: SpeechPart | undefined;
    }
  | { readonly kind: 'plans-left'; readonly count: number }
  | { readonly kind: 'offer-declined' }
  | { readonly kind: 'monthly-report'; readonly report: MonthlyReport }
  | { readonly kind: 'monthly-not-owned'; readonly sold: boolean }
  | { readonly kind: 'reduction-plan'; readonly use: ReductionPlanUse }
  | { readonly kind: 'free-tip'; readonly tip: string; readonly reductionPlansSold: boolean };

function names(products: readonly Product[]): string[] {
  return products.map((product) => product.name);
}

async function openCatalogue(ports: PurchasesPorts): Promise<OpenList | NoCatalogue> {
  const list = await ports.catalogue.products();
  if (!list.available) return { kind: 'catalogue-unavailable' };
  if (list.products.length === 0) return { kind: 'no-products' };
  return list;
}

function isOpen(list: OpenList | NoCatalogue): list is OpenList {
  return 'available' in list;
}

export function handOff(
  ports: PurchasesPorts,
  action: PurchaseAction,
  product: Product,
  resume: Resume,
): PurchaseHandOff {
  ports.logger.info('Purchase flow started', { action, product: product.ref, resume });
  return { kind: 'hand-off', action, product, resume };
}

/** Words that show a product slot caught something else: an offset order or plan, or a footprint question. */
const OFFSET_WORDS = /\b(offsets?|orders?|certificates?|credits?)\b/i;
const ESTIMATE_WORDS =
  /\b(footprint|carbon|co2|emissions?|flights?|fly|flying|flew|drive|driving|drove|miles?|kilomet(?:er|re)s?|trains?|bus|electricity|kilowatt)\b/i;

/** Where an unresolved product name belongs, if not to purchases. */
function elsewhere(spoken: string, action: 'describe' | 'buy' | 'cancel' | 'refund'): Reroute | undefined {
  if (OFFSET_WORDS.test(spoken) || (/\bplan\b/i.test(spoken) && /\b(offset|monthly)\b/i.test(spoken))) {
    if (/\bplan\b/i.test(spoken) && action === 'cancel') return { kind: 'reroute', to: 'offset-plan-cancel' };
    if (action === 'refund') return { kind: 'reroute', to: 'offset-refund' };
    if (action === 'cancel') return { kind: 'reroute', to: 'offset-cancel' };
  }
  return ESTIMATE_WORDS.test(spoken) ? { kind: 'reroute', to: 'estimate' } : undefined;
}

/**
 * The product the customer named (PRODUCT slot: entity resolution IDs are reference names), or `fallback` when none
 * was named; an unknown name or none at all gets "which one?", unless it belongs elsewhere in the skill.
 */
function chosenProduct(
  list: OpenList,
  named: Resolution,
  action: 'describe' | 'buy' | 'cancel' | 'refund',
  fallback?: ProductRef,
): Product | WhichProduct | Reroute {
  const ref = named.status === 'match' ? named.value.id : named.status === 'empty' ? fallback : undefined;
  const product = list.products.find((candidate) => candidate.ref === ref);
  if (product) return product;
  const rerouted = named.status === 'no-match' ? elsewhere(named.spoken, action) : undefined;
  return (
    rerouted ?? {
      kind: 'which-product',
      unheard: named.status !== 'empty',
      names: names(list.products),
      refs: list.products.map((candidate) => candidate.ref),
    }
  );
}

async function plansLeft(ports: PurchasesPorts, list: ProductList): Promise<number> {
  const { plansUsed } = await ports.purchases.read();
  return reductionPlansAvailable(productIn(list, 'reduction_plan')?.activeEntitlementCount ?? 0, plansUsed);
}

/** Whether `ref` may be suggested now: the domain's rule, fed with this customer's state and session. */
export async function maySuggestNow(ports: PurchasesPorts, list: ProductList, ref: ProductRef): Promise<boolean> {
  const state = await ports.purchases.read();
  return maySuggest(ref, {
    products: list,
    plansUsed: state.plansUsed,
    declines: state.declines,
    suggestedThisSession: ports.suggestedThisSession(),
    now: ports.clock(),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Shopping: what can I buy, tell me about, what have I bought, buy, cancel, refund, plans left, yes / no to an offer

export async function whatCanIBuy(ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const list = await openCatalogue(ports);
  if (!isOpen(list)) return list;
  const { plansUsed } = await ports.purchases.read();
  const offered = list.products.filter((product) => canBeOffered(list, product.ref, plansUsed));
  return offered.length === 0
    ? { kind: 'nothing-left-to-buy' }
    : { kind: 'on-offer', names: names(offered), refs: offered.map((product) => product.ref) };
}

export async function describeProduct(named: Resolution, ports: PurchasesPorts): Promise<PurchasesAnswer | Reroute> {
  const list = await openCatalogue(ports);
  if (!isOpen(list)) return list;
  const product = chosenProduct(list, named, 'describe');
  if ('kind' in product) return product;
  const { plansUsed } = await ports.purchases.read();
  if (canBeOffered(list, product.ref, plansUsed)) return { kind: 'describe', product };
  return { kind: 'describe-owned', product, plansLeft: await plansLeft(ports, list) };
}

/** "What have I bought": the in-skill products owned, Reduction Plans left, and what was bought elsewhere (offsets). */
export async function purchaseHistory(ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const [list, elsewhere] = await Promise.all([openCatalogue(ports), ports.boughtElsewhere()]);
  if (!isOpen(list)) return elsewhere ? { kind: 'owned', names: [], plansLeft: undefined, elsewhere } : list;
  const owned = names(list.products.filter((product) => product.type !== 'CONSUMABLE' && product.entitled));
  const plans = productIn(list, 'reduction_plan');
  const left = plans && plans.activeEntitlementCount > 0 ? await plansLeft(ports, list) : undefined;
  return { kind: 'owned', names: owned, plansLeft: left, elsewhere };
}

export async function buyProduct(named: Resolution, ports: PurchasesPorts): Promise<PurchasesAnswer | Reroute> {
  const list = await openCatalogue(ports);
  if (!isOpen(list)) return list;
  const product = chosenProduct(list, named, 'buy');
  if ('kind' in product) return product;
  if (product.type !== 'CONSUMABLE' && product.entitled) return { kind: 'already-owned', product };
  return handOff(ports, 'Buy', product, resumeAfterBuying(product));
}

/** "Cancel my subscription" (Plus unless another product is named) and "refund X": Amazon's Cancel flow for both. */
export async function cancelProduct(
  named: Resolution,
  refund: boolean,
  ports: PurchasesPorts,
): Promise<PurchasesAnswer | Reroute> {
  const list = await openCatalogue(ports);
  if (!isOpen(list)) return list;
  const product = chosenProduct(list, named, refund ? 'refund' : 'cancel', refund ? undefined : 'green_horizons_plus');
  if ('kind' in product) return product;
  return handOff(ports, 'Cancel', product, 'none');
}

export async function reductionPlansLeft(ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const list = await openCatalogue(ports);
  if (!isOpen(list)) return list;
  if (!productIn(list, 'reduction_plan')) return { kind: 'no-products' };
  return { kind: 'plans-left', count: await plansLeft(ports, list) };
}

async function recordDecline(ports: PurchasesPorts, ref: ProductRef): Promise<void> {
  const at = ports.clock().toISOString();
  await ports.purchases.update((state) => ({ ...state, declines: { ...state.declines, [ref]: at } }));
}

/** "Yes" to a product the skill just described or suggested: Amazon's Buy flow. "No": noted, not suggested again. */
export async function answerOffer(product: string, yes: boolean, ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const ref = PRODUCT_REFS.find((known) => known === product);
  const list = await ports.catalogue.products();
  const offered = ref ? productIn(list, ref) : undefined;
  if (yes && offered) return handOff(ports, 'Buy', offered, resumeAfterBuying(offered));
  if (ref) await recordDecline(ports, ref);
  return { kind: 'offer-declined' };
}

// ---------------------------------------------------------------------------------------------------------------
// Premium features: the monthly report (Plus), Reduction Plans (consumable)

export async function monthlyFootprint(ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const list = await ports.catalogue.products();
  if (owns(list, 'green_horizons_plus')) return reportThisMonth(ports);
  const plus = productIn(list, 'green_horizons_plus');
  if (plus && (await maySuggestNow(ports, list, 'green_horizons_plus'))) {
    return handOff(ports, 'Upsell', plus, 'monthly');
  }
  return { kind: 'monthly-not-owned', sold: plus !== undefined };
}

async function reportThisMonth(ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const { log } = await ports.estimates();
  return { kind: 'monthly-report', report: monthlyReport(log, ports.clock()) };
}

export async function useReductionPlanOrOffer(ports: PurchasesPorts): Promise<PurchasesAnswer> {
  const list = await ports.catalogue.products();
  const product = productIn(list, 'reduction_plan');
  const { plansUsed } = await ports.purchases.read();
  if (product && reductionPlansAvailable(product.activeEntitlementCount, plansUsed) > 0) {
    return { kind: 'reduction-plan', use: await useReductionPlan(ports, product.activeEntitlementCount) };
  }
  if (product && (await maySuggestNow(ports, list, 'reduction_plan'))) {
    return handOff(ports, 'Upsell', product, 'plan');
  }
  return { kind: 'free-tip', tip: await ports.nextTip(), reductionPlansSold: product !== undefined };
}

/**
 * Uses one plan: an atomic conditional update of the plans-used count, re-checked against the purchases on every
 * retry, so two devices can never spend the same plan or go below zero. Nothing is used without estimates to plan from.
 */
async function useReductionPlan(ports: PurchasesPorts, purchases: number): Promise<ReductionPlanUse> {
  const now = ports.clock();
  const { result } = await ports.purchases.transact<ReductionPlanUse>((state, read) => {
    const steps = reductionPlan(read(footprintState).log, now);
    if (steps.length === 0) return { state, result: { kind: 'no-estimates' } };
    if (reductionPlansAvailable(purchases, state.plansUsed) === 0) return { state, result: { kind: 'none-left' } };
    const next = { ...state, plansUsed: state.plansUsed + 1 };
    return { state: next, result: { kind: 'used', steps, left: reductionPlansAvailable(purchases, next.plansUsed) } };
  });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Back from Amazon's purchase flow: a new session; what to do comes from the token and persisted state.

/** What the purchase flow's answer means for the customer, said first. */
export type PurchaseNews =
  | { readonly kind: 'bought'; readonly ref: ProductRef; readonly name: string | undefined }
  /** Amazon's answer says bought, the in-skill products API does not (yet): nothing is granted until it does. */
  | { readonly kind: 'confirming'; readonly ref: ProductRef; readonly name: string | undefined }
  | { readonly kind: 'declined' }
  /** Alexa has already said what went wrong: say nothing about it, carry on. */
  | { readonly kind: 'failed' }
  | { readonly kind: 'pending'; readonly ref: ProductRef; readonly name: string | undefined }
  | { readonly kind: 'cancelled'; readonly ref: ProductRef; readonly name: string | undefined }
  | { readonly kind: 'kept'; readonly ref: ProductRef; readonly name: string | undefined }
  | { readonly kind: 'not-owned'; readonly ref: ProductRef; readonly name: string | undefined }
  | { readonly kind: 'interrupted' };

/** Then: carry on with what the customer was doing, with the product just bought or with the free version. */
export type Resumption =
  | { readonly kind: 'flight'; readonly flight: PendingFlight; readonly travelPackBought: boolean }
  | { readonly kind: 'answer'; readonly answer: PurchasesAnswer }
  | { readonly kind: 'go-on' };

export interface AfterPurchase {
  readonly news: PurchaseNews;
  readonly next: Resumption;
}

/**
 * Whether the in-skill products API shows what was bought: a subscription or one-time purchase entitled, a
 * consumable with a plan left to use. The Connections.Response alone grants nothing: the request carries it, and
 * anyone can send a request that says ACCEPTED.
 */
async function shownAsBought(ports: PurchasesPorts, list: ProductList, ref: ProductRef): Promise<boolean> {
  const product = productIn(list, ref);
  if (!product) return false;
  if (product.type !== 'CONSUMABLE') return product.entitled;
  const { plansUsed } = await ports.purchases.read();
  return reductionPlansAvailable(product.activeEntitlementCount, plansUsed) > 0;
}

export async function afterPurchase(answer: ConnectionsAnswer, ports: PurchasesPorts): Promise<AfterPurchase> {
  const payload = (answer.payload ?? {}) as { purchaseResult?: unknown };
  const outcome = interpretPurchase(
    answer.name,
    answer.statusCode,
    typeof payload.purchaseResult === 'string' ? payload.purchaseResult : undefined,
    answer.token,
  );
  ports.logger.info('Purchase flow result', {
    outcome: outcome.kind,
    ...(outcome.kind !== 'unreadable' ? { product: outcome.ref } : {}),
  });
  ports.catalogue.forget();
  const list = await ports.catalogue.products();
  const nameOf = (ref: ProductRef) => productIn(list, ref)?.name;
  switch (outcome.kind) {
    case 'bought': {
      if (await shownAsBought(ports, list, outcome.ref)) {
        return {
          news: { kind: 'bought', ref: outcome.ref, name: nameOf(outcome.ref) },
          next: await resume(ports, outcome.resume, true, list),
        };
      }
      // Nothing is granted or resumed on Amazon's word alone, and the answer is not kept: the customer's next ask is
      // checked with the API again, and by then it has normally caught up.
      ports.logger.warn('Purchase not shown by the in-skill products API yet', { product: outcome.ref });
      ports.catalogue.forget();
      return { news: { kind: 'confirming', ref: outcome.ref, name: nameOf(outcome.ref) }, next: { kind: 'go-on' } };
    }
    case 'declined':
      await recordDecline(ports, outcome.ref);
      return { news: { kind: 'declined' }, next: await resume(ports, outcome.resume, false, list) };
    case 'failed':
      return { news: { kind: 'failed' }, next: await resume(ports, outcome.resume, false, list) };
    case 'pending':
      return {
        news: { kind: 'pending', ref: outcome.ref, name: nameOf(outcome.ref) },
        next: await resume(ports, outcome.resume, false, list),
      };
    case 'cancelled':
    case 'kept':
    case 'not-owned':
      return { news: { kind: outcome.kind, ref: outcome.ref, name: nameOf(outcome.ref) }, next: { kind: 'go-on' } };
    case 'unreadable':
      return { news: { kind: 'interrupted' }, next: await resume(ports, outcome.resume, false, list) };
  }
}

async function resume(ports: PurchasesPorts, to: Resume, bought: boolean, list: ProductList): Promise<Resumption> {
  switch (to) {
    case 'flight': {
      const { pendingFlight } = await ports.purchases.read();
      if (!pendingFlight) return { kind: 'go-on' };
      await ports.purchases.update((state) => ({ ...state, pendingFlight: undefined }));
      return { kind: 'flight', flight: pendingFlight, travelPackBought: bought };
    }
    case 'monthly':
      return bought ? { kind: 'answer', answer: await reportThisMonth(ports) } : { kind: 'go-on' };
    case 'plan': {
      if (!bought)
        return { kind: 'answer', answer: { kind: 'free-tip', tip: await ports.nextTip(), reductionPlansSold: false } };
      // Only what Amazon's API counts: the consumable count never exceeds it (shownAsBought checked there is one).
      const purchases = productIn(list, 'reduction_plan')?.activeEntitlementCount ?? 0;
      return { kind: 'answer', answer: { kind: 'reduction-plan', use: await useReductionPlan(ports, purchases) } };
    }
    case 'none':
      return { kind: 'go-on' };
  }
}
