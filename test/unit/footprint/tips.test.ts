import { nextTipIndex } from '../../../lambda/src/features/footprint/domain/tips';

describe('nextTipIndex', () => {
  it('never repeats the last tip, whatever the random draw', () => {
    for (let last = 0; last < 5; last++) {
      for (const draw of [0, 0.2, 0.4, 0.6, 0.8, 0.99999, 1]) {
        const next = nextTipIndex(5, last, () => draw);
        expect(next).not.toBe(last);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(next).toBeLessThan(5);
      }
    }
  });

  it('reaches every other tip', () => {
    const reached = new Set([0, 0.25, 0.5, 0.75].map((draw) => nextTipIndex(5, 2, () => draw)));

    expect([...reached].sort()).toEqual([0, 1, 3, 4]);
  });

  it('draws from all tips on a first visit or after the tip list changed', () => {
    expect(nextTipIndex(3, undefined, () => 0.99)).toBe(2);
    expect(nextTipIndex(3, 7, () => 0.99)).toBe(2);
  });

  it('has only one choice with one tip', () => {
    expect(nextTipIndex(1, 0, () => 0.5)).toBe(0);
  });
});
