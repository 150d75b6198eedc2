import { COMPARISON_UNITS, chooseComparison } from '../../../lambda/src/features/footprint/domain';

describe('chooseComparison', () => {
  it.each([
    // grams / grams each = count, and the unit whose count is nearest 30 on a log scale
    [100, 'smartphone-charges', 8], // 100 / 12.4 = 8.06
    [2_000, 'smartphone-charges', 160], // 161.3, two significant figures; 5.1 miles is further from 30
    [2_200, 'car-miles', 6], // 2,200 / 393 = 5.60; 177 charges is further from 30
    [29_860, 'car-miles', 76], // 75.98
    [145_000, 'car-miles', 370], // 368.96
    [150_000, 'tree-seedlings-10-years', 3], // 150,000 / 60,000 = 2.5, half up
    [1_000_000, 'tree-seedlings-10-years', 17], // 16.67
    [15_000_000, 'tree-seedlings-10-years', 250],
    [16_000_000, 'car-years', 4], // 16,000,000 / 4,290,000 = 3.73
  ] as const)('compares %p g to %s: %p', (grams, kind, count) => {
    expect(chooseComparison(grams)).toEqual({ kind, count });
  });

  it('counts car distance in km when asked: 29,860 g / 244.2 g/km = 122.3 km, about 120', () => {
    expect(chooseComparison(29_860, 'km')).toEqual({ kind: 'car-km', count: 120 });
  });

  it('says nothing when even one smartphone charge would overstate it', () => {
    expect(chooseComparison(5)).toBeUndefined();
    expect(chooseComparison(0)).toBeUndefined();
  });

  it('keeps the count between 1 and 1,000 from one charge to 4,000 tonnes', () => {
    for (let grams = 7; grams < 4e9; grams *= 1.37) {
      for (const unit of ['mi', 'km'] as const) {
        const comparison = chooseComparison(grams, unit);
        expect(comparison?.count).toBeGreaterThanOrEqual(1);
        expect(comparison?.count).toBeLessThanOrEqual(1000);
      }
    }
  });

  it('cites a source for every constant', () => {
    for (const unit of COMPARISON_UNITS) expect(unit.source).toMatch(/EPA/);
  });
});

describe('with distance comparisons left out (a drive is not compared with driving)', () => {
  it('still finds a comparison for a small drive, never a count of zero', () => {
    expect(chooseComparison(29_860, 'mi', ['car-miles', 'car-km'])).toEqual({
      kind: 'smartphone-charges',
      count: 2400,
    });
  });
});
