/**
 * Money in integer minor units of one currency: cents, pence, euro cents, or whole yen (JPY has no minor unit).
 * Never a float. Every operation checks that its result is still a safe integer and throws RangeError otherwise,
 * so an amount can never silently lose precision.
 */

export type Currency = 'USD' | 'GBP' | 'EUR' | 'JPY';

export const CURRENCIES: readonly Currency[] = ['USD', 'GBP', 'EUR', 'JPY'];

/** Digits after the decimal point (ISO 4217 exponent). */
export const CURRENCY_EXPONENT: Readonly<Record<Currency, 0 | 2>> = { USD: 2, GBP: 2, EUR: 2, JPY: 0 };

export interface Money {
  /** Integer minor units. */
  readonly minor: number;
  readonly currency: Currency;
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value);
}

function checked(value: number | bigint, what: string): number {
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isSafeInteger(number) || (typeof value === 'bigint' && BigInt(number) !== value)) {
    throw new RangeError(`${what} is not a safe integer number of minor units`);
  }
  return number;
}

export function money(minor: number, currency: Currency): Money {
  if (!isCurrency(currency)) throw new RangeError(`Unsupported currency ${String(currency)}`);
  return { minor: checked(minor, 'The amount'), currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`Cannot combine ${a.currency} with ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(checked(BigInt(a.minor) + BigInt(b.minor), 'The sum'), a.currency);
}

export function max(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return a.minor >= b.minor ? a : b;
}

/**
 * `numerator × multiplier ÷ divisor`, rounded half up (…0.5 goes up), for non-negative integers. Computed in BigInt,
 * so the intermediate product cannot overflow.
 */
export function mulDivHalfUp(numerator: number, multiplier: number, divisor: number): number {
  for (const [name, value] of [
    ['numerator', numerator],
    ['multiplier', multiplier],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`The ${name} must be a non-negative integer`);
  }
  if (!Number.isSafeInteger(divisor) || divisor <= 0) throw new RangeError('The divisor must be a positive integer');
  const d = BigInt(divisor);
  const product = BigInt(numerator) * BigInt(multiplier);
  return checked((2n * product + d) / (2n * d), 'The result');
}

/** `basisPoints` (1/100 of a percent: 2000 = 20%) of a non-negative amount, rounded half up to a minor unit. */
export function percentOf(amount: Money, basisPoints: number): Money {
  return money(mulDivHalfUp(amount.minor, basisPoints, 10_000), amount.currency);
}

/**
 * The decimal string Amazon Pay wants in `Price.amount`: `{ minor: 1234, USD }` → "12.34", `{ minor: 5, GBP }` →
 * "0.05", `{ minor: 1500, JPY }` → "1500".
 */
export function formatDecimal(amount: Money): string {
  const exponent = CURRENCY_EXPONENT[amount.currency];
  const minor = checked(amount.minor, 'The amount');
  const sign = minor < 0 ? '-' : '';
  const digits = Math.abs(minor).toString();
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * Reads a decimal string ("6", "6.00", "12.5", "1500") in a currency into minor units. Undefined when it is not a
 * plain non-negative decimal or has more digits after the point than the currency allows.
 */
export function parseDecimal(text: string, currency: Currency): Money | undefined {
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim());
  if (!match || !isCurrency(currency)) return undefined;
  const exponent = CURRENCY_EXPONENT[currency];
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return undefined;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? { minor, currency } : undefined;
}
