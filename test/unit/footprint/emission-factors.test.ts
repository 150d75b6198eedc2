import { EMISSION_FACTORS } from '../../../lambda/src/features/footprint/data/emission-factors';

describe('the emission factor table', () => {
  it('has each id once, and every value positive but the zero of walking and cycling', () => {
    expect(new Set(EMISSION_FACTORS.map((f) => f.id)).size).toBe(EMISSION_FACTORS.length);
    for (const factor of EMISSION_FACTORS) {
      if (factor.dataset === 'no-fuel') expect(factor.value).toBe(0);
      else expect(factor.value).toBeGreaterThan(0);
    }
  });

  it('labels each dataset with its licence and source', () => {
    const licences = {
      'desnz-2025': 'OGL-3.0',
      'epa-2025': 'US-Government-Public-Domain',
      'no-fuel': 'not-applicable',
    };
    const ids = { 'desnz-2025': /^desnz25\./, 'epa-2025': /^(epa25|egrid23)\./, 'no-fuel': /^none\./ };
    for (const factor of EMISSION_FACTORS) {
      expect(factor.licence).toBe(licences[factor.dataset]);
      expect(factor.id).toMatch(ids[factor.dataset]);
      expect(factor.source).not.toBe('');
      expect(factor.year).toBeGreaterThanOrEqual(2023);
    }
  });

  it('has the DESNZ 2025 average-passenger flight rows the cabin ratios divide by', () => {
    const value = (id: string) => EMISSION_FACTORS.find((f) => f.id === id)?.value;

    expect([
      value('desnz25.air.short.average'),
      value('desnz25.air.long.average'),
      value('desnz25.air.intl.average'),
    ]).toEqual([0.12786, 0.15282, 0.14253]);
  });

  it('labels DESNZ flights as including the non-CO2 uplift', () => {
    const flights = EMISSION_FACTORS.filter((f) => f.id.startsWith('desnz25.air.'));

    expect(flights.length).toBeGreaterThan(0);
    for (const flight of flights) expect(flight.activity).toMatch(/with non-CO2 uplift/);
  });

  it('derives the EPA CO2e values from the published gases with AR5 GWPs', () => {
    // 0.297 kg CO2 + 0.0059 g CH4 x 28 / 1000 + 0.0053 g N2O x 265 / 1000 = 0.29857 kg CO2e per vehicle-mile
    const car = EMISSION_FACTORS.find((f) => f.id === 'epa25.car');

    expect(car?.value).toBeCloseTo(0.297 + (0.0059 * 28) / 1000 + (0.0053 * 265) / 1000, 4);
  });
});
