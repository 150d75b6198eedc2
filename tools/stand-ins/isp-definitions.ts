/**
 * In-skill product definitions as the stand-ins see them, read from the skill package's ISP files
 * (`skill-package/isps/<type>/<name>.json`, the format `ask deploy` uploads).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const PRODUCT_TYPES = ['SUBSCRIPTION', 'ENTITLEMENT', 'CONSUMABLE'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export interface LocalizedProduct {
  readonly name: string;
  readonly summary: string;
  readonly description: string | undefined;
  /** What Alexa says about the product when offering it (customProductPrompts.purchasePromptDescription). */
  readonly purchasePromptDescription: string | undefined;
}

export interface ProductPrice {
  readonly amount: number;
  readonly currency: string;
}

export interface ProductDefinition {
  readonly referenceName: string;
  /** Stable for a reference name, shaped like Amazon's: `amzn1.adg.product.` + a UUID. */
  readonly productId: string;
  readonly type: ProductType;
  /** `purchasableState` of the file: a product can be defined but not for sale. */
  readonly forSale: boolean;
  readonly locales: Readonly<Record<string, LocalizedProduct>>;
  /** The amazon.com list price (or the first marketplace's), when the file has one. */
  readonly price: ProductPrice | undefined;
  readonly subscription: { readonly frequency: string; readonly trialDays: number } | undefined;
  /** The file it came from, relative to the products folder (undefined for definitions given inline). */
  readonly source: string | undefined;
}

/** A stable, UUID-shaped product ID for a reference name (real IDs are assigned per stage at deployment). */
export function productIdFor(referenceName: string): string {
  const hex = createHash('sha256').update(`green-horizons-isp:${referenceName}`).digest('hex');
  const uuid = [hex.slice(0, 8), hex.slice(8, 12), `4${hex.slice(13, 16)}`, `a${hex.slice(17, 20)}`, hex.slice(20, 32)];
  return `amzn1.adg.product.${uuid.join('-')}`;
}

/** Every `*.json` under `folder` (recursively), parsed; none when the folder does not exist. */
export function loadProductDefinitions(folder: string): ProductDefinition[] {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort();
  return checkUnique(files.map((file) => parseFile(join(folder, file), relative(folder, join(folder, file)))));
}

/** Definitions given as ISP-file JSON (for tests that need products the skill package does not have). */
export function parseProductDefinitions(files: readonly unknown[]): ProductDefinition[] {
  return checkUnique(files.map((file, index) => parseProductDefinition(file, `definition #${index}`, undefined)));
}

function parseFile(path: string, source: string): ProductDefinition {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`ISP file ${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseProductDefinition(json, `ISP file ${source}`, source);
}

function checkUnique(definitions: ProductDefinition[]): ProductDefinition[] {
  const seen = new Set<string>();
  for (const { referenceName } of definitions) {
    if (seen.has(referenceName)) throw new Error(`Two ISP definitions share the referenceName ${referenceName}`);
    seen.add(referenceName);
  }
  return definitions;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function parseProductDefinition(json: unknown, label: string, source: string | undefined): ProductDefinition {
  const referenceName = text(field(json, 'referenceName'));
  if (!referenceName || !/^[A-Za-z0-9_]{3,50}$/.test(referenceName)) {
    throw new Error(`${label}: referenceName must be 3 to 50 letters, digits or underscores`);
  }
  const type = field(json, 'type');
  if (!PRODUCT_TYPES.some((known) => known === type)) {
    throw new Error(`${label}: type must be one of ${PRODUCT_TYPES.join(', ')}`);
  }
  const publishing = field(json, 'publishingInformation');
  return {
    referenceName,
    productId: productIdFor(referenceName),
    type: type as ProductType,
    forSale: field(json, 'purchasableState') !== 'NOT_PURCHASABLE',
    locales: parseLocales(field(publishing, 'locales'), label),
    price: parsePrice(field(publishing, 'pricing')),
    subscription: type === 'SUBSCRIPTION' ? parseSubscription(field(json, 'subscriptionInformation')) : undefined,
    source,
  };
}

function parseLocales(locales: unknown, label: string): Record<string, LocalizedProduct> {
  if (!isObject(locales) || Object.keys(locales).length === 0) {
    throw new Error(`${label}: publishingInformation.locales needs at least one locale`);
  }
  const parsed: Record<string, LocalizedProduct> = {};
  for (const [locale, entry] of Object.entries(locales)) {
    const name = text(field(entry, 'name'));
    if (!name) throw new Error(`${label}: publishingInformation.locales.${locale}.name is missing`);
    parsed[locale] = {
      name,
      summary: text(field(entry, 'summary')) ?? '',
      description: text(field(entry, 'description')),
      purchasePromptDescription: text(field(field(entry, 'customProductPrompts'), 'purchasePromptDescription')),
    };
  }
  return parsed;
}

function parsePrice(pricing: unknown): ProductPrice | undefined {
  if (!isObject(pricing)) return undefined;
  const marketplace = pricing['amazon.com'] ?? Object.values(pricing)[0];
  const listing = field(marketplace, 'defaultPriceListing');
  const amount = Number(field(listing, 'price'));
  const currency = text(field(listing, 'currency'));
  return Number.isFinite(amount) && currency ? { amount, currency } : undefined;
}

function parseSubscription(information: unknown): ProductDefinition['subscription'] {
  const frequency = text(field(information, 'subscriptionPaymentFrequency')) ?? 'MONTHLY';
  const trialDays = Number(field(information, 'subscriptionTrialPeriodDays') ?? 0);
  return { frequency, trialDays: Number.isFinite(trialDays) ? trialDays : 0 };
}

/** The locale's name and summary: exact match, then the same language, then en-US, then the first one defined. */
export function localized(product: ProductDefinition, locale: string): LocalizedProduct {
  const entries = Object.entries(product.locales);
  const language = locale.split('-')[0]?.toLowerCase();
  const match =
    product.locales[locale] ??
    entries.find(([key]) => key.split('-')[0]?.toLowerCase() === language)?.[1] ??
    product.locales['en-US'] ??
    entries[0]?.[1];
  if (!match) throw new Error(`Product ${product.referenceName} has no locales`);
  return match;
}
