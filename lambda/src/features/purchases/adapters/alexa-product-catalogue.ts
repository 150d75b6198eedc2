import type { HandlerInput } from 'ask-sdk-core';
import type { services } from 'ask-sdk-model';
import { type AppLogger, describeError } from '../../../shared/logger';
import { PRODUCT_REFS, type Product, type ProductList, type ProductType } from '../domain/products';
import type { ProductCatalogue } from '../ports';

const TYPES: readonly ProductType[] = ['SUBSCRIPTION', 'ENTITLEMENT', 'CONSUMABLE'];

/** Where the catalogue keeps the API's answer for the session (the conversation state's `products`). */
export interface SessionCache {
  products: unknown;
}

/**
 * The ProductCatalogue on Alexa's in-skill products API, at the request's apiEndpoint (through the skill's
 * TimeoutApiClient, so a slow API costs at most ALEXA_API_TIMEOUT_MS). Called at most once per session: the answer is
 * kept in the session. Product IDs are never hard-coded: they differ per stage and are read here by referenceName. A
 * failure is `{ available: false }` (not kept: the next turn may try again), and the skill goes on with free content.
 */
export function createAlexaProductCatalogue(
  input: HandlerInput,
  session: SessionCache,
  logger: AppLogger,
): ProductCatalogue {
  return {
    async products() {
      const cached = parseProductList(session.products);
      if (cached) return cached;
      const list = await fetchProducts(input, logger);
      if (list.available) session.products = list;
      return list;
    },
    forget() {
      session.products = undefined;
    },
  };
}

async function fetchProducts(input: HandlerInput, logger: AppLogger): Promise<ProductList> {
  const locale = input.requestEnvelope.request?.locale ?? 'en-US';
  try {
    const client = input.serviceClientFactory?.getMonetizationServiceClient();
    if (!client) return { available: false };
    const response = await client.getInSkillProducts(locale);
    const products = (response.inSkillProducts ?? []).flatMap(toProduct);
    // Always in the same order (subscription, one-time purchase, consumable), whatever order the API used.
    products.sort((a, b) => PRODUCT_REFS.indexOf(a.ref) - PRODUCT_REFS.indexOf(b.ref));
    return { available: true, products };
  } catch (error) {
    logger.warn('In-skill products unavailable', describeError(error));
    return { available: false };
  }
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
      activeEntitlementCount:
        typeof product.activeEntitlementCount === 'number' && product.activeEntitlementCount > 0
          ? Math.floor(product.activeEntitlementCount)
          : 0,
    },
  ];
}

function parseProductList(value: unknown): ProductList | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { available, products } = value as { available?: unknown; products?: unknown };
  if (available !== true || !Array.isArray(products)) return undefined;
  return { available: true, products: products as Product[] };
}
