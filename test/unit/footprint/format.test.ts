import { roundForSpeech } from '../../../lambda/src/features/footprint/domain';

describe('roundForSpeech', () => {
  it.each([
    [0, 0],
    [7, 0.007],
    [1_234, 1.2],
    [1_250, 1.3], // half up
    [14_930, 15],
    [29_860, 30],
    [99_499, 99],
  ])('says %p g as %p kg, to two significant figures below 100 kg', (grams, kg) => {
    expect(roundForSpeech(grams)).toEqual({ unit: 'kg', value: kg });
  });

  it.each([
    [99_500, 100], // two significant figures reach 100 kg
    [100_499, 100],
    [100_500, 101],
    [174_834, 175],
    [999_499, 999],
  ])('says %p g as %p kg, to the whole kilogram from 100 kg', (grams, kg) => {
    expect(roundForSpeech(grams)).toEqual({ unit: 'kg', value: kg });
  });

  it.each([
    [999_500, 1], // rounds to 1,000 kg, so it is said as 1.0 tonne
    [1_000_000, 1],
    [1_049_999, 1],
    [1_050_000, 1.1],
    [12_345_678, 12.3],
    [1_234_567_890, 1234.6],
  ])('says %p g as %p t, to one decimal from 1 tonne', (grams, tonnes) => {
    expect(roundForSpeech(grams)).toEqual({ unit: 't', value: tonnes });
  });

  it('refuses what is not an amount', () => {
    expect(() => roundForSpeech(-1)).toThrow(RangeError);
    expect(() => roundForSpeech(Number.NaN)).toThrow(RangeError);
  });
});
