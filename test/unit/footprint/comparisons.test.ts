import { chooseComparison } from '../../../lambda/src/features/footprint/domain';

/**
 * Comparisons are made from the skill's own factors: the average car of the dataset (EPA passenger car 0.2986 kg per
 * mile, 185.5 g/km; DESNZ average car of unknown fuel 167.25 g/km), intercity rail, and the grid.
 */
describe('chooseComparison', () => {
  it.each([
    // grams / car grams per mile (298.6) = miles of the average car the skill prices a drive with
    [3_755, 'mi', 13], // a 10-mile motorcycle ride: 12.6 miles, not "like driving 10 miles"
    [29_860, 'mi', 100], // a 100-mile drive is exactly 100 miles of driving
    [397_000, 'mi', 1300], // 1,329.5 miles, two significant figures
    [29_860, 'km', 160], // 29,860 / 185.5 = 160.9 km
  ] as const)('compares %p g with driving the average car: %p %p', (grams, unit, count) => {
    expect(chooseComparison(grams, 'epa-2025', unit)).toEqual({ kind: 'car-distance', count, unit });
  });

  it("uses the locale's own average car", () => {
    // 16,725 g / 167.25 g/km = 100 km of the DESNZ average car
    expect(chooseComparison(16_725, 'desnz-2025', 'km')).toEqual({ kind: 'car-distance', count: 100, unit: 'km' });
  });

  it('compares a drive with the same trip by train, when the train is lower', () => {
    // 100 miles by intercity rail: 160.9344 km x 60.15 g/km = 9,680 g
    expect(chooseComparison(29_860, 'epa-2025', 'mi', { kind: 'drive', distanceKm: 160.9344, legs: 1 })).toEqual({
      kind: 'by-train',
      count: 9680,
      unit: 'mi',
    });
    expect(chooseComparison(1_000, 'epa-2025', 'mi', { kind: 'drive', distanceKm: 160.9344, legs: 1 })).toBeUndefined();
  });

  it('compares what is less than a mile of driving with hours of an LED bulb on the grid', () => {
    // 140 g is under half a mile; 140 / (349.7 g/kWh x 0.01 kWh an hour) = 40 hours
    expect(chooseComparison(140, 'epa-2025', 'mi')).toEqual({ kind: 'led-hours', count: 40, unit: 'mi' });
  });

  it('counts times around the world beyond one lap of driving', () => {
    // 40,075 km x 185.5 g/km = 7.4 t a lap
    expect(chooseComparison(30_000_000, 'epa-2025', 'mi')).toEqual({ kind: 'around-the-world', count: 4, unit: 'mi' });
  });

  it('says nothing for nothing', () => {
    expect(chooseComparison(0, 'epa-2025', 'mi')).toBeUndefined();
    expect(chooseComparison(1, 'epa-2025', 'mi')).toBeUndefined();
  });

  it('keeps the count a number a listener can take in, from a few grams to 4,000 tonnes', () => {
    for (let grams = 7; grams < 4e9; grams *= 1.37) {
      for (const unit of ['mi', 'km'] as const) {
        const comparison = chooseComparison(grams, 'desnz-2025', unit);
        expect(comparison?.count).toBeGreaterThanOrEqual(1);
        // Under once around the world: at most 25,000 miles (40,075 km), two significant figures.
        expect(comparison?.count).toBeLessThanOrEqual(40_000);
      }
    }
  });
});
