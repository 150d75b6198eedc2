import type { HandlerInput } from 'ask-sdk-core';
import { services } from 'ask-sdk-model';
import { type AppLogger, describeError } from '../../../shared/logger';
import { PRODUCT_REFS, type Product, type ProductList, type ProductType } from '../domain/products';
import type { ProductCatalogue } from '../ports';

const TYPES: readonly ProductType[] = ['SUBSCRIPTION', 'ENTITLEMENT', 'CONSUMABLE'];

/**
 * The in-skill products API's answers, kept in this Lambda container for the customer's session (keyed on user,
 * session and locale; bounded in entries and age). Never in session attributes: the request carries those, so a
 * forged request could claim any entitlement there. A container that has not seen the session asks the API again.
 */
export class ProductListCache {
  private readonly entries = new Map<string, { readonly list: ProductList; readonly at: number }>();

  constructor(
    private readonly maxEntries = 500,
    private readonly maxAgeMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): ProductList | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.list;
  }

  set(key: string, list: ProductList): void {
    this.entries.delete(key);
    this.entries.set(key, { list, at: this.now() });
    // Maps keep insertion order: the first key is the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export interface AlexaProductCatalogueDeps {
  readonly cache: ProductListCache;
  /** The skill's TimeoutApiClient for this turn (bounded by the turn's deadline). */
  readonly apiClient: services.ApiClient;
  readonly logger: AppLogger;
}

/** Which session's answer this is: the user, the session and the locale (no session, no caching). */
function cacheKey(input: HandlerInput): string | undefined {
  const { session, context, request } = input.requestEnvelope;
  const userId = context?.System?.user?.userId;
  if (!session?.sessionId || !userId) return undefined;
  return `${userId}\u0000${session.sessionId}\u0000${request?.locale ?? ''}`;
}

/**
 * The ProductCatalogue on Alexa's in-skill products API, at the request's apiEndpoint with its apiAccessToken,
 * through the skill's TimeoutApiClient bound to the turn's deadline (so a slow API costs at most
 * ALEXA_API_TIMEOUT_MS, and never more than the turn has left). Called at most once per session in a container (see
 * ProductListCache). Product IDs are never hard-coded: they differ per stage and are read here by referenceName. A
 * failure is `{ available: false }` (not kept: the next turn may try again), and the skill goes on with free content.
 */
export function createAlexaProductCatalogue(input: HandlerInput, deps: AlexaProductCatalogueDeps): ProductCatalogue {
  const key = cacheKey(input);
  return {
    async products() {
      const cached = key === undefined ? undefined : deps.cache.get(key);
      if (cached) return cached;
      const list = await fetchProducts(input, deps);
      if (list.available && key !== undefined) deps.cache.set(key, list);
      return list;
    },
    forget() {
      if (key !== undefined) deps.cache.delete(key);
    },
  };
}

async function fetchProducts(input: HandlerInput, deps: AlexaProductCatalogueDeps): Promise<ProductList> {
  const system = input.requestEnvelope.context?.System;
  const locale = input.requestEnvelope.request?.locale ?? 'en-US';
  if (!system?.apiEndpoint || !system.apiAccessToken) return { available: false };
  try {
    const client = new services.monetization.MonetizationServiceClient({
      apiClient: deps.apiClient,
      apiEndpoint: system.apiEndpoint,
      authorizationValue: system.apiAccessToken,
    });
    const response = await client.getInSkillProducts(locale);
    const products = (response.inSkillProducts ?? []).flatMap(toProduct);
    // Always in the same order (subscription, one-time purchase, consumable), whatever order the API used.
    products.sort((a, b) => PRODUCT_REFS.indexOf(a.ref) - PRODUCT_REFS.indexOf(b.ref));
    return { available: true, products };
  } catch (error) {
    deps.logger.warn('In-skill products unavailable', describeError(error));
    return { available: false };
  }
}

/** Active purchases, a whole number from 0 to MAX_ENTITLEMENT_COUNT (anything else is no count we can say). */
const MAX_ENTITLEMENT_COUNT = 10_000;
function entitlementCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) return 0;
  return Math.min(value, MAX_ENTITLEMENT_COUNT);
}

function toProduct(product: services.monetization.InSkillProduct): Product[] {
  const ref = PRODUCT_REFS.find((known) => known === product.referenceName);
  const type = TYPES.find((known) => known === product.type);
  if (!ref || !type || typeof product.productId !== 'string') return [];
  return [
    {
      ref,
      productId: product.productId,
      name: typeof product.name === 'string' && product.name ? product.name : ref,
      summary: typeof product.summary === 'string' ? product.summary : '',
      type,
      // Unknown future values read as the safe side: not entitled, not purchasable.
      entitled: product.entitled === 'ENTITLED',
      purchasable: product.purchasable === 'PURCHASABLE',
      activeEntitlementCount: entitlementCount(product.activeEntitlementCount),
    },
  ];
}
