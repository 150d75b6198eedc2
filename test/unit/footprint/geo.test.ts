import { EARTH_RADIUS_KM, greatCircleKm } from '../../../lambda/src/features/footprint/domain/geo';
import { JFK, SEA } from './fixtures';

describe('greatCircleKm', () => {
  it('measures one degree of the equator as 2 x pi x R / 360', () => {
    // 2 x 3.14159265 x 6371.0088 / 360 = 111.19508 km
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111.19508, 4);
  });

  it('is zero from a place to itself and pi x R to its antipode', () => {
    expect(greatCircleKm(SEA, SEA)).toBe(0);
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });

  it('is symmetric', () => {
    expect(greatCircleKm(SEA, JFK)).toBeCloseTo(greatCircleKm(JFK, SEA), 9);
  });

  it('puts SEA-JFK within 0.5% of the published 2,421-mile (3,896 km) ellipsoidal distance', () => {
    const km = greatCircleKm(SEA, JFK);

    expect(km).toBeCloseTo(3886.79, 2);
    expect(Math.abs(km / 3896 - 1)).toBeLessThan(0.005);
  });
});
