import {
  add,
  formatDecimal,
  max,
  money,
  mulDivHalfUp,
  parseDecimal,
  percentOf,
} from '../../../lambda/src/features/offsets/domain/money';

describe('formatDecimal', () => {
  it.each([
    [money(1234, 'USD'), '12.34'],
    [money(5, 'GBP'), '0.05'],
    [money(100, 'EUR'), '1.00'],
    [money(0, 'USD'), '0.00'],
    [money(1500, 'JPY'), '1500'],
    [money(7, 'JPY'), '7'],
    [money(-250, 'EUR'), '-2.50'],
  ])('writes %o as %s', (amount, expected) => {
    expect(formatDecimal(amount)).toBe(expected);
  });
});

describe('parseDecimal', () => {
  it('reads decimal strings into minor units per currency', () => {
    expect(parseDecimal('6', 'EUR')).toEqual({ minor: 600, currency: 'EUR' });
    expect(parseDecimal('6.00', 'EUR')).toEqual({ minor: 600, currency: 'EUR' });
    expect(parseDecimal('12.5', 'USD')).toEqual({ minor: 1250, currency: 'USD' });
    expect(parseDecimal('1500', 'JPY')).toEqual({ minor: 1500, currency: 'JPY' });
    expect(parseDecimal('1500.0', 'JPY')).toEqual({ minor: 1500, currency: 'JPY' });
  });

  it('refuses more precision than the currency has, and anything that is not a plain decimal', () => {
    expect(parseDecimal('1.234', 'USD')).toBeUndefined();
    expect(parseDecimal('1.5', 'JPY')).toBeUndefined();
    expect(parseDecimal('-1', 'USD')).toBeUndefined();
    expect(parseDecimal('1e3', 'USD')).toBeUndefined();
  });
});

describe('integer arithmetic', () => {
  it('adds amounts of one currency and refuses to mix currencies', () => {
    expect(add(money(150, 'GBP'), money(30, 'GBP'))).toEqual(money(180, 'GBP'));
    expect(() => add(money(1, 'GBP'), money(1, 'EUR'))).toThrow(RangeError);
    expect(max(money(99, 'USD'), money(100, 'USD'))).toEqual(money(100, 'USD'));
  });

  it('refuses fractions and amounts beyond safe integers', () => {
    expect(() => money(1.5, 'USD')).toThrow(RangeError);
    expect(() => add(money(Number.MAX_SAFE_INTEGER, 'USD'), money(1, 'USD'))).toThrow(RangeError);
  });

  it('rounds half up: 0.5 goes up, just below goes down', () => {
    expect(mulDivHalfUp(5, 1, 10)).toBe(1); // 0.5 → 1
    expect(mulDivHalfUp(4, 1, 10)).toBe(0); // 0.4 → 0
    expect(mulDivHalfUp(15, 1, 10)).toBe(2); // 1.5 → 2
    expect(mulDivHalfUp(25, 1, 10)).toBe(3); // 2.5 → 3 (not banker's rounding)
  });

  it('multiplies beyond 2^53 without losing precision before dividing', () => {
    // 9e15 × 3 overflows a double's exact range; BigInt keeps it exact: 27e15 / 1e4 = 2.7e12.
    expect(mulDivHalfUp(9_000_000_000_000_000, 3, 10_000)).toBe(2_700_000_000_000);
  });

  it('takes a percentage in basis points with half-up rounding', () => {
    // 20% of 1482 pence = 296.4 → 296.
    expect(percentOf(money(1482, 'GBP'), 2000)).toEqual(money(296, 'GBP'));
    // 10% of 575 yen = 57.5 → 58.
    expect(percentOf(money(575, 'JPY'), 1000)).toEqual(money(58, 'JPY'));
    expect(percentOf(money(575, 'JPY'), 0)).toEqual(money(0, 'JPY'));
  });
});
