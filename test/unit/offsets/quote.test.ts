import {
  DEFAULT_OFFSET_PRICING,
  isExpired,
  offsetKilograms,
  pricingProblems,
  quoteOffset,
} from '../../../lambda/src/features/offsets/domain/quote';

const now = new Date('2025-03-10T12:00:00.000Z');
const quote = (grams: number, currency: 'USD' | 'GBP' | 'EUR' | 'JPY', taxCountry: string) =>
  quoteOffset({ grams, currency, taxCountry, pricing: DEFAULT_OFFSET_PRICING, now, validForMs: 30 * 60_000 });

describe('offsetKilograms', () => {
  it.each([
    [0, 1],
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [250_400, 251],
  ])('%i g is offset as %i kg (rounded up, at least 1)', (grams, kilograms) => {
    expect(offsetKilograms(grams)).toBe(kilograms);
  });

  it('refuses fractional or negative grams', () => {
    expect(() => offsetKilograms(1.5)).toThrow(RangeError);
    expect(() => offsetKilograms(-1)).toThrow(RangeError);
  });
});

describe('quoteOffset', () => {
  it('USD, US: 250,400 g → 251 kg × $15/t = 376.5¢ → 377¢; no tax; total $3.77', () => {
    const result = quote(250_400, 'USD', 'US');

    expect(result).toMatchObject({
      grams: 250_400,
      kilograms: 251,
      pricePerTonne: { minor: 1500, currency: 'USD' },
      net: { minor: 377, currency: 'USD' },
      tax: { minor: 0, currency: 'USD' },
      total: { minor: 377, currency: 'USD' },
      taxCountry: 'US',
      taxRateBasisPoints: 0,
    });
  });

  it('GBP, UK: 1,234,567 g → 1235 kg × £12/t = 1482p; VAT 20% = 296.4p → 296p; total £17.78', () => {
    const result = quote(1_234_567, 'GBP', 'UK');

    expect(result).toMatchObject({
      kilograms: 1235,
      net: { minor: 1482, currency: 'GBP' },
      tax: { minor: 296, currency: 'GBP' },
      total: { minor: 1778, currency: 'GBP' },
      taxCountry: 'GB',
      taxRateBasisPoints: 2000,
    });
  });

  it('EUR, DE: 2,000,000 g → 2000 kg × €14/t = 2800¢; 19% = 532¢; total €33.32', () => {
    const result = quote(2_000_000, 'EUR', 'DE');

    expect(result).toMatchObject({
      kilograms: 2000,
      net: { minor: 2800 },
      tax: { minor: 532 },
      total: { minor: 3332, currency: 'EUR' },
    });
  });

  it('EUR, IT: 89 kg × €14/t = 124.6¢ → 125¢; 22% = 27.5¢ → 28¢ (half up); total €1.53', () => {
    const result = quote(88_001, 'EUR', 'IT');

    expect(result).toMatchObject({ kilograms: 89, net: { minor: 125 }, tax: { minor: 28 }, total: { minor: 153 } });
  });

  it('JPY, JP (no minor unit): 250,000 g → 250 kg × ¥2300/t = ¥575; 10% = ¥57.5 → ¥58; total ¥633', () => {
    const result = quote(250_000, 'JPY', 'JP');

    expect(result).toMatchObject({
      kilograms: 250,
      net: { minor: 575, currency: 'JPY' },
      tax: { minor: 58, currency: 'JPY' },
      total: { minor: 633, currency: 'JPY' },
    });
  });

  it('charges the minimum before tax on small offsets: JPY 10 kg = ¥23 → ¥150 + 10% = ¥165', () => {
    const result = quote(10_000, 'JPY', 'JP');

    expect(result).toMatchObject({ net: { minor: 150 }, tax: { minor: 15 }, total: { minor: 165 } });
  });

  it('charges the minimum on small offsets: FR 37 kg = 51.8¢ → €1.00 + 20% = €1.20', () => {
    const result = quote(37_000, 'EUR', 'FR');

    expect(result).toMatchObject({ net: { minor: 100 }, tax: { minor: 20 }, total: { minor: 120 } });
  });

  it('ES 21% and the minimum on a zero estimate: 1 kg → €1.00 + €0.21', () => {
    expect(quote(0, 'EUR', 'ES')).toMatchObject({ kilograms: 1, total: { minor: 121 } });
  });

  it('expires validForMs after it was made', () => {
    const result = quote(1000, 'USD', 'US');

    expect(result.quotedAt).toBe('2025-03-10T12:00:00.000Z');
    expect(result.expiresAt).toBe('2025-03-10T12:30:00.000Z');
    expect(isExpired(result, new Date('2025-03-10T12:29:59.999Z'))).toBe(false);
    expect(isExpired(result, new Date('2025-03-10T12:30:00.000Z'))).toBe(true);
  });

  it('refuses to quote where no tax rate is configured', () => {
    expect(() => quote(1000, 'EUR', 'NL')).toThrow(/no tax rate for NL/);
    expect(pricingProblems(DEFAULT_OFFSET_PRICING, 'EUR', 'NL')).toEqual(['no tax rate for NL']);
    expect(pricingProblems(DEFAULT_OFFSET_PRICING, 'GBP', 'UK')).toEqual([]);
  });
});
