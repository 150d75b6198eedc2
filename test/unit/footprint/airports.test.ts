import {
  type Airport,
  type AirportResolution,
  bundledAirports,
  createAirportResolver,
  loadBundledAirports,
  parseAirportRows,
  resolveAirport,
} from '../../../lambda/src/features/footprint/domain';
import { AIRPORTS, GLA, JFK, LCY, LGW, LHR, LTN, ORD, SEA } from './fixtures';

const resolver = createAirportResolver(() => AIRPORTS);
const matched = (resolution: AirportResolution): string | undefined =>
  resolution.kind === 'match' ? resolution.airport.iata : undefined;
const candidates = (resolution: AirportResolution): string[] =>
  resolution.kind === 'ambiguous' ? resolution.candidates.map((airport: Airport) => airport.iata) : [];

describe('resolving an airport from what was said', () => {
  it.each(['SEA', 'sea', ' Sea ', 'sea airport'])('takes the IATA code %p in any case', (said) => {
    expect(matched(resolver.resolve(said))).toBe(SEA.iata);
  });

  it.each([
    ['s. e. a.', SEA],
    ['s e a', SEA],
    ['S.E.A.', SEA],
    ['j f k', JFK],
  ])('takes a code spelled out letter by letter: %p', (said, airport) => {
    expect(matched(resolver.resolve(said))).toBe(airport.iata);
  });

  it.each([
    ['heathrow', LHR],
    ['London Heathrow Airport', LHR],
    ['john f kennedy', JFK],
    ['Kennedy', JFK],
    ["o'hare", ORD],
    ['o hare', ORD],
    ['ohare', ORD],
    ['london city', LCY],
  ])('takes the airport name %p', (said, airport) => {
    expect(matched(resolver.resolve(said))).toBe(airport.iata);
  });

  it('takes a city with one large airport as that airport, even beside smaller ones', () => {
    expect(matched(resolver.resolve('Seattle'))).toBe(SEA.iata);
  });

  it('takes the first part of a municipality, and a city named in the airport name', () => {
    expect(matched(resolver.resolve('paisley'))).toBe(GLA.iata);
    expect(matched(resolver.resolve('glasgow'))).toBe(GLA.iata);
  });

  it('asks which airport for a city with several large ones: three at most, large ones first, by name', () => {
    const resolution = resolver.resolve('London');

    expect(resolution.kind).toBe('ambiguous');
    expect(candidates(resolution)).toEqual([LGW.iata, LHR.iata, LTN.iata]);
  });

  it.each(['atlantis', 'airport', '', '   ', 'xyz', 'the international airport'])('finds nothing for %p', (said) => {
    expect(resolver.resolve(said)).toEqual({ kind: 'none' });
  });

  it('looks codes up directly', () => {
    expect(resolver.byIata(' lhr ')).toBe(LHR);
    expect(resolver.byIata('ZZZ')).toBeUndefined();
  });

  it('loads the airport list on the first look-up, once', () => {
    const load = jest.fn(() => AIRPORTS);
    const lazy = createAirportResolver(load);
    expect(load).not.toHaveBeenCalled();

    lazy.resolve('SEA');
    lazy.resolve('heathrow');
    lazy.byIata('JFK');

    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('the bundled airport list', () => {
  const airports = loadBundledAirports();

  it('holds the scheduled-service airports with an IATA code, each valid and once', () => {
    expect(airports.length).toBeGreaterThan(3000);
    expect(new Set(airports.map((a) => a.iata)).size).toBe(airports.length);
    for (const airport of airports) {
      expect(airport.iata).toMatch(/^[A-Z]{3}$/);
      expect(airport.countryCode).toMatch(/^[A-Z]{2}$/);
      expect(Math.abs(airport.lat)).toBeLessThanOrEqual(90);
      expect(Math.abs(airport.lon)).toBeLessThanOrEqual(180);
    }
  });

  it('resolves real names, codes and cities', () => {
    expect(matched(resolveAirport('heathrow'))).toBe('LHR');
    expect(matched(resolveAirport('s. e. a.'))).toBe('SEA');
    expect(matched(resolveAirport('seattle'))).toBe('SEA');
    expect(matched(resolveAirport('john f kennedy'))).toBe('JFK');
    expect(matched(resolveAirport('london southend'))).toBe('SEN');
    expect(candidates(resolveAirport('london'))).toEqual(['LHR', 'LGW', 'STN']);
    expect(candidates(resolveAirport('new york'))).toEqual(['JFK', 'EWR', 'LGA']);
    expect(candidates(resolveAirport('chicago'))).toEqual(['ORD', 'MDW']);
    expect(candidates(resolveAirport('portland'))).toEqual(['PDX', 'PWM']);
  });

  it('takes an answer to "which one?" among the airports offered: a region, a name, the first', () => {
    expect(matched(resolveAirport('oregon', ['PDX', 'PWM']))).toBe('PDX');
    expect(matched(resolveAirport('the one in maine', ['PDX', 'PWM']))).toBe('PWM');
    expect(matched(resolveAirport('newark', ['JFK', 'EWR', 'LGA']))).toBe('EWR');
    expect(matched(resolveAirport('the second one', ['ORD', 'MDW']))).toBe('MDW');
    // Not one of them: resolved as ever.
    expect(matched(resolveAirport('seattle', ['ORD', 'MDW']))).toBe('SEA');
  });

  it('names airports in estimates as people do, and tells choices apart', () => {
    const named = (iata: string) => {
      const airport = bundledAirports.byIata(iata);
      return airport && bundledAirports.spokenName(airport);
    };
    expect(['SEA', 'JFK', 'EWR', 'LHR', 'GLA', 'PDX', 'BOS'].map(named)).toEqual([
      'Seattle',
      'New York JFK',
      'Newark',
      'London Heathrow',
      'Glasgow',
      'Portland Oregon',
      'Boston',
    ]);
    const labels = (...codes: string[]) =>
      bundledAirports.choiceLabels(codes.flatMap((code) => bundledAirports.byIata(code) ?? []));
    expect(labels('PDX', 'PWM')).toEqual(['Portland, Oregon', 'Portland, Maine']);
    expect(labels('LHR', 'LGW', 'STN')).toEqual(['Heathrow', 'Gatwick', 'Stansted']);
  });

  it('skips rows that are not in the generated shape', () => {
    expect(
      parseAirportRows([['SEA', 'x', 'y', 'US', 1, 2, 'L'], ['bad'], null, ['SEA', 'x', 'y', 'US', '1', 2, 'L']]),
    ).toEqual([{ iata: 'SEA', name: 'x', city: 'y', countryCode: 'US', lat: 1, lon: 2, size: 'large' }]);
  });
});

describe('a city followed by its airport code', () => {
  const resolver = createAirportResolver(() => AIRPORTS);

  it.each([
    ['new york jfk', 'JFK'],
    ['new york j. f. k.', 'JFK'],
    ['london l h r', 'LHR'],
    ['heathrow lhr', 'LHR'],
  ])('resolves "%s" to %s', (text, iata) => {
    expect(resolver.resolve(text)).toEqual({ kind: 'match', airport: expect.objectContaining({ iata }) });
  });

  it('does not take a code whose airport the words do not name', () => {
    expect(resolver.resolve('seattle jfk')).not.toEqual({
      kind: 'match',
      airport: expect.objectContaining({ iata: 'JFK' }),
    });
  });
});
