/**
 * The price of an offset for the last estimate. Pure: prices and tax rates come in as configuration, time as `now`.
 *
 * The arithmetic, all in integer minor units:
 * 1. kilograms = ⌈grams ÷ 1000⌉, at least 1 (a clearing house retires whole kilograms; we never sell less than
 *    was estimated).
 * 2. price     = kilograms × pricePerTonne ÷ 1000, rounded half up to a minor unit.
 * 3. net       = max(price, minimumCharge) — the minimum covers the per-charge payment fee; it applies before tax,
 *    so tax is always charged on what is actually sold.
 * 4. tax       = net × taxRateBasisPoints ÷ 10000, rounded half up.
 * 5. total     = net + tax: the amount read back to the customer and charged.
 */
import { add, type Currency, isCurrency, type Money, max, money, mulDivHalfUp, percentOf } from './money';

export interface OffsetPricing {
  /** Price of one tonne of CO2e in each currency, in minor units. */
  readonly pricePerTonne: Readonly<Record<Currency, number>>;
  /** Smallest net price of one charge in each currency, in minor units. */
  readonly minimumCharge: Readonly<Record<Currency, number>>;
  /** Tax on the offset service by ISO 3166 country code (GB, not UK), in basis points: 2000 = 20%. */
  readonly taxRates: Readonly<Record<string, number>>;
}

/**
 * Defaults from docs (carbon-data.md): retail offsets sell at roughly USD 5 to 30 a tonne; the minimum covers Amazon
 * Pay's fixed fee (USD 0.30 plus 2.9%) on small orders.
 *
 * US: 0 because sales tax on services is set by each state (many do not tax this service, some do). Before selling in
 * the US marketplace, replace it with a per-state rate from a tax service; the skill cannot know the state today.
 */
export const DEFAULT_OFFSET_PRICING: OffsetPricing = {
  pricePerTonne: { USD: 1500, GBP: 1200, EUR: 1400, JPY: 2300 },
  minimumCharge: { USD: 100, GBP: 100, EUR: 100, JPY: 150 },
  taxRates: { GB: 2000, DE: 1900, FR: 2000, IT: 2200, ES: 2100, JP: 1000, US: 0 },
};

export interface QuoteRequest {
  /** Integer grams of CO2e: `RecordedEstimate.grams`. */
  readonly grams: number;
  readonly currency: Currency;
  /** Where tax is due: an ISO country code, or Amazon Pay's countryOfEstablishment (UK is read as GB). */
  readonly taxCountry: string;
  readonly pricing: OffsetPricing;
  readonly now: Date;
  readonly validForMs: number;
}

export interface Quote {
  readonly grams: number;
  readonly kilograms: number;
  readonly pricePerTonne: Money;
  readonly net: Money;
  readonly tax: Money;
  readonly total: Money;
  /** ISO country code the tax rate belongs to. */
  readonly taxCountry: string;
  readonly taxRateBasisPoints: number;
  /** ISO timestamps. */
  readonly quotedAt: string;
  readonly expiresAt: string;
}

/** ISO 3166 code for a country as Amazon Pay or a config file may spell it. */
export function taxCountryCode(country: string): string {
  const code = country.trim().toUpperCase();
  return code === 'UK' ? 'GB' : code;
}

/** ⌈grams ÷ 1000⌉, at least 1, in exact integer arithmetic. */
export function offsetKilograms(grams: number): number {
  if (!Number.isSafeInteger(grams) || grams < 0) throw new RangeError('grams must be a non-negative integer');
  const whole = (grams - (grams % 1000)) / 1000;
  return Math.max(1, whole + (grams % 1000 > 0 ? 1 : 0));
}

/** Problems with a pricing configuration for one currency and tax country; empty when it can quote. */
export function pricingProblems(pricing: OffsetPricing, currency: Currency, taxCountry: string): string[] {
  const problems: string[] = [];
  if (!isCurrency(currency)) return [`unsupported currency ${String(currency)}`];
  const price = pricing.pricePerTonne[currency];
  const minimum = pricing.minimumCharge[currency];
  const rate = pricing.taxRates[taxCountryCode(taxCountry)];
  if (!Number.isSafeInteger(price) || price <= 0) problems.push(`price per tonne in ${currency} must be > 0`);
  if (!Number.isSafeInteger(minimum) || minimum < 0) problems.push(`minimum charge in ${currency} must be ≥ 0`);
  if (rate === undefined) problems.push(`no tax rate for ${taxCountryCode(taxCountry)}`);
  else if (!Number.isInteger(rate) || rate < 0 || rate > 10_000) problems.push('tax rates are 0 to 10000 basis points');
  return problems;
}

/** Prices an offset. Throws RangeError on a pricing configuration that `pricingProblems` would reject. */
export function quoteOffset(request: QuoteRequest): Quote {
  const { currency, pricing, now } = request;
  const taxCountry = taxCountryCode(request.taxCountry);
  const problems = pricingProblems(pricing, currency, taxCountry);
  if (problems.length > 0) throw new RangeError(`Cannot quote: ${problems.join('; ')}`);
  if (!Number.isSafeInteger(request.validForMs) || request.validForMs <= 0) {
    throw new RangeError('validForMs must be a positive integer');
  }
  const kilograms = offsetKilograms(request.grams);
  const pricePerTonne = money(pricing.pricePerTonne[currency], currency);
  const price = money(mulDivHalfUp(kilograms, pricePerTonne.minor, 1000), currency);
  const net = max(price, money(pricing.minimumCharge[currency], currency));
  const taxRateBasisPoints = pricing.taxRates[taxCountry] ?? 0;
  const tax = percentOf(net, taxRateBasisPoints);
  return {
    grams: request.grams,
    kilograms,
    pricePerTonne,
    net,
    tax,
    total: add(net, tax),
    taxCountry,
    taxRateBasisPoints,
    quotedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + request.validForMs).toISOString(),
  };
}

/** Whether the minimum charge set the price (the kilograms alone would cost less): the read-back says so. */
export function minimumChargeApplies(quote: Pick<Quote, 'kilograms' | 'pricePerTonne' | 'net'>): boolean {
  return quote.net.minor > mulDivHalfUp(quote.kilograms, quote.pricePerTonne.minor, 1000);
}

/** A quote may be charged until (not including) its expiry instant. */
export function isExpired(quote: Pick<Quote, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(quote.expiresAt);
}
