import { parseCustomerState } from '../../../lambda/src/app/customer-state';
import { createAirportResolver } from '../../../lambda/src/features/footprint/domain';
import {
  datasetFor,
  distanceUnitFor,
  footprintOfElectricity,
  footprintOfFlight,
  footprintOfTrip,
  recordFlight,
  type TripRequest,
  travelModeNamed,
  withTripTypeFromPlaces,
} from '../../../lambda/src/features/footprint/domain/footprints';
import { BFI, JFK, LHR, SEA } from './fixtures';

const airports = createAirportResolver(() => [SEA, BFI, JFK, LHR]);
const resolve = (text: string) => airports.resolve(text);

describe('footprintOfFlight', () => {
  const flight = { from: 'seattle', to: 'jfk', roundTrip: false, passengers: undefined };

  it('estimates a flight between two resolved airports, for one traveller by default', () => {
    const outcome = footprintOfFlight(flight, 'epa-2025', resolve);

    expect(outcome.kind).toBe('estimate');
    if (outcome.kind !== 'estimate') return;
    expect(outcome.estimate.from.iata).toBe('SEA');
    expect(outcome.estimate.to.iata).toBe('JFK');
    expect(outcome.estimate.estimate.passengers).toBe(1);
    expect(Number.isInteger(outcome.estimate.estimate.grams)).toBe(true);
  });

  it('asks for the origin first, then the destination', () => {
    expect(footprintOfFlight({ ...flight, from: undefined, to: undefined }, 'epa-2025', resolve)).toEqual({
      kind: 'missing',
      detail: 'from',
    });
    expect(footprintOfFlight({ ...flight, to: undefined }, 'epa-2025', resolve)).toEqual({
      kind: 'missing',
      detail: 'to',
      settled: { from: 'SEA' },
    });
  });

  it('names an airport it does not know', () => {
    expect(footprintOfFlight({ ...flight, to: 'narnia' }, 'epa-2025', resolve)).toEqual({
      kind: 'unknown-airport',
      detail: 'to',
      spoken: 'narnia',
      settled: { from: 'SEA' },
    });
  });

  it('reports a flight to the same airport as a route problem on the destination', () => {
    const outcome = footprintOfFlight({ ...flight, to: 'sea' }, 'epa-2025', resolve);

    expect(outcome).toMatchObject({ kind: 'invalid', detail: 'to', error: { code: 'same-airport' } });
  });

  it('reports impossible passenger counts on the passengers detail', () => {
    expect(footprintOfFlight({ ...flight, passengers: 0 }, 'epa-2025', resolve)).toMatchObject({
      kind: 'invalid',
      detail: 'passengers',
    });
    expect(footprintOfFlight({ ...flight, passengers: 10_000 }, 'epa-2025', resolve)).toMatchObject({
      kind: 'invalid',
      detail: 'passengers',
      error: { code: 'too-many-passengers' },
    });
  });

  it('records what an offset would be sold for: airports, legs, travellers, grams, factors', () => {
    const outcome = footprintOfFlight({ ...flight, roundTrip: true, passengers: 2 }, 'epa-2025', resolve);
    if (outcome.kind !== 'estimate') throw new Error(outcome.kind);

    const recorded = recordFlight(outcome.estimate, new Date('2026-11-23T10:00:00Z'));

    expect(recorded).toEqual({
      activity: { kind: 'flight', from: 'SEA', to: 'JFK', roundTrip: true, passengers: 2 },
      grams: outcome.estimate.estimate.grams,
      factorIds: outcome.estimate.estimate.factorIds,
      dataset: 'epa-2025',
      at: '2026-11-23T10:00:00.000Z',
    });
  });
});

describe('footprintOfTrip', () => {
  const drive: TripRequest = {
    mode: 'car',
    distance: 100,
    unit: 'mi',
    fuel: undefined,
    size: undefined,
    passengers: undefined,
    roundTrip: false,
  };

  it('estimates a drive with the EPA car factor: 100 mi × 0.2986 kg/mi = 29,860 g', () => {
    const outcome = footprintOfTrip(drive, 'epa-2025');

    expect(outcome).toMatchObject({ kind: 'estimate', estimate: { mode: 'car', estimate: { grams: 29_860 } } });
  });

  it('asks how the customer travelled, then how far', () => {
    expect(footprintOfTrip({ ...drive, mode: undefined, distance: undefined }, 'epa-2025')).toEqual({
      kind: 'missing',
      detail: 'mode',
    });
    expect(footprintOfTrip({ ...drive, distance: undefined }, 'epa-2025')).toEqual({
      kind: 'missing',
      detail: 'distance',
    });
  });

  it.each([
    [0, 'not-positive'],
    [-5, 'not-positive'],
    [Number.NaN, 'not-a-number'],
    [50_000, 'too-far'],
  ])('corrects a distance of %p (%s)', (distance, code) => {
    expect(footprintOfTrip({ ...drive, distance }, 'epa-2025')).toMatchObject({
      kind: 'invalid',
      detail: 'distance',
      error: { code },
    });
  });

  it('treats an electric car as a car with electric fuel', () => {
    const electric = footprintOfTrip({ ...drive, mode: 'electric_car' }, 'epa-2025');
    const petrol = footprintOfTrip(drive, 'epa-2025');
    if (electric.kind !== 'estimate' || petrol.kind !== 'estimate') throw new Error('no estimate');

    expect(electric.estimate.estimate.grams).toBeLessThan(petrol.estimate.estimate.grams);
    expect(electric.estimate.estimate.factorIds.some((id) => id.includes('ev') || id.includes('elec'))).toBe(true);
  });

  it('counts every bus traveller but shares a car', () => {
    const bus = footprintOfTrip({ ...drive, mode: 'bus', passengers: 2 }, 'epa-2025');
    const car = footprintOfTrip({ ...drive, passengers: 2 }, 'epa-2025');
    if (bus.kind !== 'estimate' || car.kind !== 'estimate') throw new Error('no estimate');

    expect(car.estimate.estimate.grams).toBe(14_930);
    expect(bus.estimate.estimate.passengers).toBe(2);
  });
});

describe('what real speech brings', () => {
  const drive: TripRequest = {
    mode: 'car',
    distance: 10,
    unit: 'unknown',
    fuel: undefined,
    size: undefined,
    passengers: undefined,
    roundTrip: false,
  };

  it('asks which unit when the one said is neither miles nor kilometres', () => {
    expect(footprintOfTrip(drive, 'epa-2025')).toEqual({ kind: 'which-unit', detail: 'unit', distance: 10 });
  });

  it('asks how far a trip between two places was, with the straight line between them', () => {
    const outcome = footprintOfTrip(
      { ...drive, mode: 'train', distance: undefined, unit: 'mi', from: 'seattle', to: 'jfk' },
      'epa-2025',
      resolve,
    );

    expect(outcome).toMatchObject({
      kind: 'distance-between',
      detail: 'distance',
      mode: 'train',
      places: { from: 'seattle', to: 'jfk' },
    });
    expect(outcome.kind === 'distance-between' && Math.round(outcome.straightKm)).toBe(3887);
  });

  it("takes a trip type left in an airport's words out of it", () => {
    const request = { from: 'sfo', to: 'tokyo round trip', roundTrip: false, passengers: undefined };

    expect(withTripTypeFromPlaces(request)).toEqual({ ...request, to: 'tokyo', roundTrip: true });
    expect(withTripTypeFromPlaces({ ...request, to: 'tokyo' })).toEqual({ ...request, to: 'tokyo' });
  });

  it('reads a travel mode heard as something else', () => {
    expect(['train', 'Bus', 'a car', 'drive'].map(travelModeNamed)).toEqual(['train', 'bus', undefined, 'car']);
  });
});

describe('footprintOfElectricity', () => {
  it('estimates kWh with the eGRID2023 US average: 500 kWh × 770.884 lb/MWh × 0.45359237 kg/lb = 174,833.55 g → 174,834 g', () => {
    const outcome = footprintOfElectricity(500, 'epa-2025');

    expect(outcome).toMatchObject({ kind: 'estimate', estimate: { grams: 174_834, kwh: 500 } });
  });

  it('asks for the kWh and refuses a billion of them', () => {
    expect(footprintOfElectricity(undefined, 'epa-2025')).toEqual({ kind: 'missing', detail: 'kwh' });
    expect(footprintOfElectricity(1_000_000_000, 'epa-2025')).toMatchObject({
      kind: 'invalid',
      error: { code: 'too-much-energy' },
    });
  });
});

describe('locale defaults', () => {
  it('uses UK government factors and kilometres in en-GB, EPA factors and miles elsewhere', () => {
    expect([datasetFor('en-GB'), distanceUnitFor('en-GB')]).toEqual(['desnz-2025', 'km']);
    expect([datasetFor('en-US'), distanceUnitFor('en-US')]).toEqual(['epa-2025', 'mi']);
    expect([datasetFor(undefined), distanceUnitFor(undefined)]).toEqual(['epa-2025', 'mi']);
  });
});

describe('parseCustomerState', () => {
  it('reads a stored last estimate back', () => {
    const lastEstimate = {
      activity: { kind: 'trip', mode: 'bus', distance: 10, unit: 'km', roundTrip: false, passengers: 1 },
      grams: 1000,
      factorIds: ['desnz25.bus'],
      dataset: 'desnz-2025',
      at: '2026-11-23T10:00:00.000Z',
    };

    expect(parseCustomerState({ lastEstimate }).lastEstimate).toEqual(lastEstimate);
  });

  it.each([
    [{ grams: 1.5 }],
    [{ grams: -1 }],
    [{ dataset: 'made-up' }],
    [{ activity: { kind: 'trip', mode: 'rocket', distance: 1, unit: 'km' } }],
    [{ at: 'yesterday' }],
  ])('drops a stored estimate that is not sound: %j', (broken) => {
    const valid = {
      activity: { kind: 'electricity', kwh: 5 },
      grams: 1000,
      factorIds: [],
      dataset: 'epa-2025',
      at: '2026-11-23T10:00:00.000Z',
    };

    expect(parseCustomerState({ lastEstimate: { ...valid, ...broken } }).lastEstimate).toBeUndefined();
  });

  it('reads an empty or foreign item as a new customer', () => {
    expect(parseCustomerState({ visits: 'many', lastEstimate: 'x' })).toEqual({
      visits: 0,
      firstVisitAt: undefined,
      lastVisitAt: undefined,
      lastEstimate: undefined,
      lastTipId: undefined,
      log: [],
      declines: {},
      plansUsed: 0,
      pendingFlight: undefined,
    });
  });
});
