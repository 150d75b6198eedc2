import {
  type Airport,
  estimateCar,
  estimateElectricity,
  estimateFlight,
  estimateTransit,
  type Result,
} from '../../../lambda/src/features/footprint/domain';
import { EARTH_RADIUS_KM } from '../../../lambda/src/features/footprint/domain/geo';
import { CDG, EDI, equatorAirport, JFK, LHR, SEA } from './fixtures';

function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected an estimate, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const MILE_KM = 1.609344;
/** Two airports on the equator `km` apart. */
const apart = (km: number, from = 'US', to = 'US'): [Airport, Airport] => [
  equatorAirport('AAA', 0, from),
  equatorAirport('BBB', ((km / EARTH_RADIUS_KM) * 180) / Math.PI, to),
];

describe('flights', () => {
  it('SEA to JFK one way, en-US: great-circle miles x the EPA long-haul factor', () => {
    // 3,886.79 km / 1.609344 = 2,415.14 mi, 2,300 mi or more so long haul; x 0.1644 kg/mi = 397.049 kg
    const flight = okValue(estimateFlight({ from: SEA, to: JFK, roundTrip: false, passengers: 1 }, 'epa-2025'));

    expect(flight.distanceKm).toBeCloseTo(3886.79, 2);
    expect(flight.band).toBe('long');
    expect(flight.grams).toBe(397_049);
    expect(flight.factorIds).toEqual(['epa25.air.long']);
    expect(flight.dataset).toBe('epa-2025');
    expect(flight.includesNonCo2Uplift).toBe(false);
  });

  it('LHR to JFK economy, en-GB: DESNZ long-haul economy with the non-CO2 uplift, no extra 8%', () => {
    // 5,539.71 km (great circle, to/from the UK, over 3,700 km) x 0.11704 kg/km = 648.367 kg
    const flight = okValue(
      estimateFlight({ from: LHR, to: JFK, roundTrip: false, passengers: 1, cabin: 'economy' }, 'desnz-2025'),
    );

    expect(flight.distanceKm).toBeCloseTo(5539.71, 2);
    expect(flight.band).toBe('long');
    expect(flight.grams).toBe(648_367);
    expect(flight.factorIds).toEqual(['desnz25.air.long.economy']);
    expect(flight.includesNonCo2Uplift).toBe(true);
  });

  it('doubles for a round trip and multiplies by the travellers', () => {
    // 2 legs x 397,048.74 g = 794,097.49 g; 2 legs x 3 travellers x 648,367.50 g = 3,890,204.98 g
    const sea = okValue(estimateFlight({ from: SEA, to: JFK, roundTrip: true, passengers: 1 }, 'epa-2025'));
    const lhr = okValue(estimateFlight({ from: LHR, to: JFK, roundTrip: true, passengers: 3 }, 'desnz-2025'));

    expect(sea.legs).toBe(2);
    expect(sea.grams).toBe(794_097);
    expect(lhr.grams).toBe(3_890_205);
  });

  it('prices a DESNZ cabin class where the band has one', () => {
    // 5,539.71 km x 0.3394 kg/km (long-haul business) = 1,880.177 kg
    const business = okValue(
      estimateFlight({ from: LHR, to: JFK, roundTrip: false, passengers: 1, cabin: 'business' }, 'desnz-2025'),
    );
    expect(business.grams).toBe(1_880_177);
    expect(business.factorIds).toEqual(['desnz25.air.long.business']);
    expect(business.seat).toBe('business');
  });

  it("prices an EPA cabin as EPA's average seat times DESNZ's ratio of that cabin to the average passenger", () => {
    const epa = (cabin?: 'economy' | 'business') =>
      okValue(
        estimateFlight(
          { from: LHR, to: JFK, roundTrip: false, passengers: 1, ...(cabin ? { cabin } : {}) },
          'epa-2025',
        ),
      );
    // 5,539.71 km x 102.153 g/km (EPA long haul, 0.1644 kg per mile): 565.900 kg for the average passenger
    expect([epa().grams, epa().seat, epa().factorIds]).toEqual([565_900, 'average', ['epa25.air.long']]);
    // x 0.31656 / 0.14253 (DESNZ 2025 international business / average passenger) = 1,256.868 kg
    expect([epa('business').grams, epa('business').seat, epa('business').factorIds]).toEqual([
      1_256_868,
      'business',
      ['epa25.air.long', 'desnz25.air.intl.business', 'desnz25.air.intl.average'],
    ]);
    // x 0.10916 / 0.14253 (economy) = 433.408 kg
    expect(epa('economy').grams).toBe(433_408);
  });

  it('keeps one figure for every seat on flights under 300 miles, as DESNZ does for domestic flights', () => {
    const [from, to] = apart(200 * MILE_KM);
    const flight = okValue(estimateFlight({ from, to, roundTrip: false, passengers: 1, cabin: 'first' }, 'epa-2025'));

    expect([flight.seat, flight.factorIds]).toEqual(['average', ['epa25.air.short']]);
  });

  it('uses the DESNZ domestic, short-haul and non-UK international bands', () => {
    // LHR-EDI 533.54 km, both in the UK: x 0.22928 kg/km = 122.329 kg
    const domestic = okValue(estimateFlight({ from: LHR, to: EDI, roundTrip: false, passengers: 1 }, 'desnz-2025'));
    // LHR-CDG 347.17 km, to/from the UK and up to 3,700 km: x 0.12576 kg/km (economy) = 43.660 kg
    const short = okValue(
      estimateFlight({ from: LHR, to: CDG, roundTrip: false, passengers: 1, cabin: 'premium-economy' }, 'desnz-2025'),
    );
    // JFK-CDG 5,833.71 km, neither end in the UK: x 0.10916 kg/km = 636.808 kg
    const international = okValue(
      estimateFlight({ from: JFK, to: CDG, roundTrip: false, passengers: 1 }, 'desnz-2025'),
    );

    expect([domestic.band, domestic.grams, domestic.factorIds]).toEqual([
      'domestic',
      122_329,
      ['desnz25.air.domestic'],
    ]);
    expect([short.band, short.grams, short.factorIds]).toEqual(['short', 43_660, ['desnz25.air.short.economy']]);
    expect([international.band, international.grams]).toEqual(['international', 636_808]);
  });

  it.each([
    [299.9 * MILE_KM, 'short'],
    [300.1 * MILE_KM, 'medium'],
    [2299.9 * MILE_KM, 'medium'],
    [2300.1 * MILE_KM, 'long'],
  ])('bands EPA flights by miles: %f km is %s haul', (km, band) => {
    const [from, to] = apart(km);

    expect(okValue(estimateFlight({ from, to, roundTrip: false, passengers: 1 }, 'epa-2025')).band).toBe(band);
  });

  it.each([
    [3699.9, 'short'],
    [3700.1, 'long'],
  ])('bands DESNZ flights to/from the UK at 3,700 km: %f km is %s haul', (km, band) => {
    const [from, to] = apart(km, 'GB', 'ES');

    expect(okValue(estimateFlight({ from, to, roundTrip: false, passengers: 1 }, 'desnz-2025')).band).toBe(band);
  });
});

describe('cars', () => {
  it('a 100-mile trip in an average US car: 100 mi x 0.2986 kg/mi = 29,860 g', () => {
    const car = okValue(estimateCar({ distance: 100, unit: 'mi', passengers: 1 }, 'epa-2025'));

    expect(car.grams).toBe(29_860);
    expect(car.factorIds).toEqual(['epa25.car']);
    expect(car.distanceKm).toBeCloseTo(160.9344, 9);
  });

  it('shares the per-vehicle factor: the same trip for two is 29,860 / 2 = 14,930 g each', () => {
    expect(okValue(estimateCar({ distance: 100, unit: 'mi', passengers: 2 }, 'epa-2025')).grams).toBe(14_930);
  });

  it('prices SUVs as EPA light-duty trucks: 100 mi x 0.3966 kg/mi = 39,660 g', () => {
    const suv = okValue(estimateCar({ distance: 100, unit: 'mi', size: 'suv', passengers: 1 }, 'epa-2025'));

    expect([suv.grams, suv.factorIds]).toEqual([39_660, ['epa25.ldt']]);
  });

  it('prices DESNZ cars by size and fuel, and an unknown car as the average car of unknown fuel', () => {
    // 100 km x 0.17474 kg/km = 17,474 g; 100 km x 0.16725 kg/km = 16,725 g
    const petrol = okValue(
      estimateCar({ distance: 100, unit: 'km', size: 'medium', fuel: 'petrol', passengers: 1 }, 'desnz-2025'),
    );
    const unknown = okValue(estimateCar({ distance: 100, unit: 'km', passengers: 1 }, 'desnz-2025'));

    expect([petrol.grams, petrol.factorIds]).toEqual([17_474, ['desnz25.car.medium.petrol']]);
    expect([unknown.grams, unknown.factorIds]).toEqual([16_725, ['desnz25.car.average.unknown']]);
  });

  it('prices electric cars as kWh per km times the grid', () => {
    // UK: 100 km x 0.1985 kWh/km x 177 g/kWh = 3,513.45 g
    const uk = okValue(
      estimateCar({ distance: 100, unit: 'km', size: 'medium', fuel: 'electric', passengers: 1 }, 'desnz-2025'),
    );
    // US: 160.9344 km x 0.2070 kWh/km x (770.884 lb/MWh x 453.59237 g/lb / 1000) = 160.9344 x 0.2070 x 349.667 g
    const us = okValue(estimateCar({ distance: 100, unit: 'mi', fuel: 'electric', passengers: 1 }, 'epa-2025'));

    expect([uk.grams, uk.factorIds]).toEqual([3_513, ['desnz25.ev.medium', 'desnz25.elec.uk']]);
    expect([us.grams, us.factorIds]).toEqual([11_649, ['desnz25.ev.average', 'egrid23.us']]);
  });

  it("prices a US car's fuel and size as EPA's car times DESNZ's ratio of that car to its average car", () => {
    // 29,860 g x 0.12825 / 0.16725 (DESNZ average hybrid / average of unknown fuel) = 22,897 g
    const hybrid = okValue(estimateCar({ distance: 100, unit: 'mi', fuel: 'hybrid', passengers: 1 }, 'epa-2025'));
    // 29,860 g x 0.26828 / 0.16725 (large petrol) = 47,897 g
    const large = okValue(
      estimateCar({ distance: 100, unit: 'mi', size: 'large', fuel: 'petrol', passengers: 1 }, 'epa-2025'),
    );

    expect([hybrid.grams, hybrid.factorIds]).toEqual([
      22_897,
      ['epa25.car', 'desnz25.car.average.hybrid', 'desnz25.car.average.unknown'],
    ]);
    expect(large.grams).toBe(47_897);
  });

  it('doubles for a round trip', () => {
    expect(okValue(estimateCar({ distance: 100, unit: 'mi', passengers: 1, roundTrip: true }, 'epa-2025')).grams).toBe(
      59_720,
    );
  });
});

describe('walking and cycling', () => {
  it.each(['walk', 'bike'] as const)('a %s burns no fuel: zero, with the zero factor named', (mode) => {
    const trip = okValue(estimateTransit({ mode, distance: 10, unit: 'mi' }, 'epa-2025'));

    expect([trip.grams, trip.factorIds]).toEqual([0, [mode === 'walk' ? 'none.walking' : 'none.cycling']]);
  });
});

describe('public transport and motorcycles', () => {
  it('a 50 km train trip on each dataset', () => {
    // EPA intercity rail: 50 km / 1.609344 = 31.0686 mi x 0.0968 kg/mi = 3.0074 kg
    const us = okValue(estimateTransit({ mode: 'train', distance: 50, unit: 'km' }, 'epa-2025'));
    // DESNZ national rail: 50 km x 0.03546 kg/km = 1.773 kg
    const uk = okValue(estimateTransit({ mode: 'train', distance: 50, unit: 'km' }, 'desnz-2025'));

    expect([us.grams, us.factorIds]).toEqual([3_007, ['epa25.rail.intercity']]);
    expect([uk.grams, uk.factorIds]).toEqual([1_773, ['desnz25.rail']]);
  });

  it('multiplies per-passenger factors by the travellers: 10 km x 0.10385 kg/km x 2 = 2,077 g', () => {
    expect(okValue(estimateTransit({ mode: 'bus', distance: 10, unit: 'km', passengers: 2 }, 'desnz-2025')).grams).toBe(
      2_077,
    );
  });

  it('counts a motorcycle once, however many ride it: 30 km x 0.11367 kg/km = 3,410 g', () => {
    const bike = okValue(
      estimateTransit({ mode: 'motorcycle', distance: 30, unit: 'km', passengers: 2 }, 'desnz-2025'),
    );

    expect(bike.grams).toBe(3_410);
  });

  it('uses EPA transit rail for the subway: 20 mi x 0.0935 kg/mi = 1,870 g', () => {
    const subway = okValue(estimateTransit({ mode: 'subway', distance: 20, unit: 'mi' }, 'epa-2025'));

    expect([subway.grams, subway.factorIds]).toEqual([1_870, ['epa25.rail.transit']]);
  });
});

describe('electricity', () => {
  it('500 kWh on the US grid: 500 x 770.884 lb/MWh x 0.45359237 kg/lb / 1000 = 174.834 kg', () => {
    const bill = okValue(estimateElectricity({ kwh: 500 }, 'epa-2025'));

    expect([bill.grams, bill.factorIds, bill.kwh]).toEqual([174_834, ['egrid23.us'], 500]);
  });

  it('500 kWh on the UK grid: 500 x 0.177 kg/kWh = 88.5 kg', () => {
    expect(okValue(estimateElectricity({ kwh: 500 }, 'desnz-2025')).grams).toBe(88_500);
  });
});

describe('refusing impossible input', () => {
  it.each([
    [0, 'km', { code: 'not-positive', field: 'distance' }],
    [-5, 'mi', { code: 'not-positive', field: 'distance' }],
    [Number.NaN, 'km', { code: 'not-a-number', field: 'distance' }],
    [Number.POSITIVE_INFINITY, 'km', { code: 'not-a-number', field: 'distance' }],
    [20_001, 'km', { code: 'too-far', field: 'distance', limit: 20_000 }],
    [12_500, 'mi', { code: 'too-far', field: 'distance', limit: 20_000 }],
  ] as const)('a %p %s trip', (distance, unit, error) => {
    expect(estimateCar({ distance, unit, passengers: 1 }, 'epa-2025')).toEqual({ ok: false, error });
    expect(estimateTransit({ mode: 'bus', distance, unit }, 'desnz-2025')).toEqual({ ok: false, error });
  });

  it('accepts the longest trips: 20,000 km, or 12,000 mi (19,312 km)', () => {
    expect(estimateCar({ distance: 20_000, unit: 'km', passengers: 1 }, 'epa-2025').ok).toBe(true);
    expect(estimateCar({ distance: 12_000, unit: 'mi', passengers: 1 }, 'epa-2025').ok).toBe(true);
  });

  it.each([
    [0, { code: 'too-few-passengers', field: 'passengers', limit: 1 }],
    [1.5, { code: 'not-whole-number', field: 'passengers' }],
    [10, { code: 'too-many-passengers', field: 'passengers', limit: 9 }],
  ])('%p people in a car', (passengers, error) => {
    expect(estimateCar({ distance: 10, unit: 'km', passengers }, 'desnz-2025')).toEqual({ ok: false, error });
  });

  it('more than 500 travellers, or three on a motorcycle', () => {
    expect(estimateFlight({ from: SEA, to: JFK, roundTrip: false, passengers: 501 }, 'epa-2025')).toEqual({
      ok: false,
      error: { code: 'too-many-passengers', field: 'passengers', limit: 500 },
    });
    expect(estimateFlight({ from: SEA, to: JFK, roundTrip: false, passengers: 500 }, 'epa-2025').ok).toBe(true);
    expect(estimateTransit({ mode: 'motorcycle', distance: 5, unit: 'km', passengers: 3 }, 'epa-2025')).toEqual({
      ok: false,
      error: { code: 'too-many-passengers', field: 'passengers', limit: 2 },
    });
  });

  it('a flight from an airport to itself', () => {
    expect(estimateFlight({ from: LHR, to: LHR, roundTrip: true, passengers: 1 }, 'desnz-2025')).toEqual({
      ok: false,
      error: { code: 'same-airport', field: 'route' },
    });
  });

  it.each([
    [0, { code: 'not-positive', field: 'kwh' }],
    [-1, { code: 'not-positive', field: 'kwh' }],
    [Number.NaN, { code: 'not-a-number', field: 'kwh' }],
    [100_001, { code: 'too-much-energy', field: 'kwh', limit: 100_000 }],
  ])('%p kWh', (kwh, error) => {
    expect(estimateElectricity({ kwh }, 'epa-2025')).toEqual({ ok: false, error });
  });

  it('accepts up to 100,000 kWh', () => {
    expect(estimateElectricity({ kwh: 100_000 }, 'desnz-2025').ok).toBe(true);
  });
});
