/**
 * In-skill products as the skill reasons about them: what the customer owns, what may be suggested, what a
 * purchase result means, and the premium features themselves. Pure: no Alexa types, no speech, time passed in.
 */

export type ProductRef = 'green_horizons_plus' | 'travel_pack' | 'reduction_plan';
export const PRODUCT_REFS: readonly ProductRef[] = ['green_horizons_plus', 'travel_pack', 'reduction_plan'];
export type ProductType = 'SUBSCRIPTION' | 'ENTITLEMENT' | 'CONSUMABLE';

/** One product as the in-skill products API described it to this customer, in this locale. */
export interface Product {
  readonly ref: ProductRef;
  readonly productId: string;
  readonly name: string;
  readonly summary: string;
  readonly type: ProductType;
  readonly entitled: boolean;
  readonly purchasable: boolean;
  readonly activeEntitlementCount: number;
}

/** The customer's products, or `unavailable` when the API failed or is slow (then premium content is not mentioned). */
export type ProductList =
  | { readonly available: true; readonly products: readonly Product[] }
  | { readonly available: false };

/** Reduction Plans per purchase of the consumable (also said in its product definition). */
export const REDUCTION_PLANS_PER_PURCHASE = 3;
/** A declined product is not suggested again for this long. */
export const DECLINE_COOLING_OFF_MS = 14 * 24 * 60 * 60 * 1000;

export function productIn(list: ProductList, ref: ProductRef): Product | undefined {
  return list.available ? list.products.find((product) => product.ref === ref) : undefined;
}

/** Owns a subscription or one-time purchase (a subscription in its free trial counts). */
export function owns(list: ProductList, ref: ProductRef): boolean {
  return productIn(list, ref)?.entitled === true;
}

/**
 * Plans the customer can still use: purchases (Amazon counts them; a refund lowers the count) times plans per
 * purchase, minus plans used (we count them). Clamped at zero when refunds leave fewer purchases than uses.
 */
export function reductionPlansAvailable(activeEntitlementCount: number, plansUsed: number): number {
  return Math.max(0, activeEntitlementCount * REDUCTION_PLANS_PER_PURCHASE - plansUsed);
}

/** A product can be offered: it exists here, can be bought, and the customer does not already have its value. */
export function canBeOffered(list: ProductList, ref: ProductRef, plansUsed: number): boolean {
  const product = productIn(list, ref);
  if (!product?.purchasable) return false;
  if (product.type === 'CONSUMABLE') return reductionPlansAvailable(product.activeEntitlementCount, plansUsed) === 0;
  return !product.entitled;
}

export interface UpsellContext {
  readonly products: ProductList;
  readonly plansUsed: number;
  /** When each product was last declined (ISO times). */
  readonly declines: Readonly<Partial<Record<ProductRef, string>>>;
  /** At most one suggestion per session. */
  readonly suggestedThisSession: boolean;
  readonly now: Date;
}

/** The customer said no to this product within the cooling-off period. */
export function declinedRecently(
  declines: Readonly<Partial<Record<ProductRef, string>>>,
  ref: ProductRef,
  now: Date,
): boolean {
  const declined = declines[ref];
  return declined !== undefined && now.getTime() - Date.parse(declined) < DECLINE_COOLING_OFF_MS;
}

/** Never for an owned product, not twice in a session, not again within the cooling-off after a decline. */
export function maySuggest(ref: ProductRef, context: UpsellContext): boolean {
  if (context.suggestedThisSession || !canBeOffered(context.products, ref, context.plansUsed)) return false;
  return !declinedRecently(context.declines, ref, context.now);
}

// ---------------------------------------------------------------------------------------------------------------
// Purchase flow round trips: the token we send with a directive and what comes back in Connections.Response.

/** What the customer was doing when the purchase flow started, so the skill can carry on from there. */
export type Resume = 'flight' | 'monthly' | 'plan' | 'none';
export type PurchaseAction = 'Buy' | 'Upsell' | 'Cancel';

export interface PurchaseToken {
  readonly action: PurchaseAction;
  readonly ref: ProductRef;
  readonly resume: Resume;
}

export function encodeToken(token: PurchaseToken): string {
  return `${token.action}:${token.ref}:${token.resume}`;
}

export function decodeToken(token: unknown): PurchaseToken | undefined {
  if (typeof token !== 'string') return undefined;
  const [action, ref, resume] = token.split(':');
  const actions: readonly string[] = ['Buy', 'Upsell', 'Cancel'];
  const resumes: readonly string[] = ['flight', 'monthly', 'plan', 'none'];
  const knownRef = PRODUCT_REFS.find((known) => known === ref);
  if (!action || !actions.includes(action) || !knownRef || !resume || !resumes.includes(resume)) return undefined;
  return { action: action as PurchaseAction, ref: knownRef, resume: resume as Resume };
}

export type PurchaseOutcome =
  /** ACCEPTED, or ALREADY_PURCHASED (certification: treat as success, never follow Alexa with an error). */
  | { readonly kind: 'bought'; readonly ref: ProductRef; readonly resume: Resume }
  | { readonly kind: 'declined'; readonly ref: ProductRef; readonly resume: Resume }
  /** Alexa has already told the customer what went wrong: do not repeat it, go on. */
  | { readonly kind: 'failed'; readonly ref: ProductRef; readonly resume: Resume }
  | { readonly kind: 'pending'; readonly ref: ProductRef; readonly resume: Resume }
  | { readonly kind: 'cancelled'; readonly ref: ProductRef }
  | { readonly kind: 'kept'; readonly ref: ProductRef }
  | { readonly kind: 'not-owned'; readonly ref: ProductRef }
  /** A non-200 status, an unknown result, or a token we did not send. */
  | { readonly kind: 'unreadable'; readonly resume: Resume };

export function interpretPurchase(
  name: string | undefined,
  statusCode: string | undefined,
  purchaseResult: string | undefined,
  rawToken: unknown,
): PurchaseOutcome {
  const token = decodeToken(rawToken);
  const resume = token?.resume ?? 'none';
  if (!token || statusCode !== '200' || token.action !== name) return { kind: 'unreadable', resume };
  const { ref } = token;
  if (name === 'Cancel') {
    switch (purchaseResult) {
      case 'ACCEPTED':
        return { kind: 'cancelled', ref };
      case 'DECLINED':
        return { kind: 'kept', ref };
      case 'NOT_ENTITLED':
        return { kind: 'not-owned', ref };
      case 'ERROR':
        return { kind: 'failed', ref, resume };
      default:
        return { kind: 'unreadable', resume };
    }
  }
  switch (purchaseResult) {
    case 'ACCEPTED':
    case 'ALREADY_PURCHASED':
      return { kind: 'bought', ref, resume };
    case 'DECLINED':
      return { kind: 'declined', ref, resume };
    case 'ERROR':
      return { kind: 'failed', ref, resume };
    case 'PENDING_PURCHASE':
      return { kind: 'pending', ref, resume };
    default:
      return { kind: 'unreadable', resume };
  }
}
