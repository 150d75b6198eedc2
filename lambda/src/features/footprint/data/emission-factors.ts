// Emission factors for the two datasets the skill speaks from: en-US uses the US EPA (GHG Emission Factors Hub 2025
// and eGRID2023), en-GB uses the UK DESNZ 2025 conversion factors. Values are as published, in published units;
// the footprint domain converts units at its edges. How each row was checked is in ./README.md.
// Contains public sector information licensed under the Open Government Licence v3.0 (the DESNZ rows).

export type DatasetId = 'epa-2025' | 'desnz-2025';

export type FactorUnit =
  | 'kg CO2e/vehicle-mile'
  | 'kg CO2e/passenger-mile'
  | 'kg CO2e/vehicle-km'
  | 'kg CO2e/passenger-km'
  | 'kg CO2e/kWh'
  | 'lb CO2e/MWh'
  | 'kWh/vehicle-km';

export type Licence = 'US-Government-Public-Domain' | 'OGL-3.0' | 'not-applicable';

export interface EmissionFactor {
  readonly id: string;
  readonly activity: string;
  readonly value: number;
  readonly unit: FactorUnit;
  readonly source: string;
  /** `no-fuel`: a zero for walking and cycling, which burn no fuel and so have no published factor. */
  readonly dataset: DatasetId | 'no-fuel';
  /** The year the dataset is published for (the data year for eGRID). */
  readonly year: number;
  readonly licence: Licence;
  readonly notes?: string;
}

const EPA_HUB = 'US EPA, GHG Emission Factors Hub 2025 (January 2025), Table 10';
const EGRID = 'US EPA, eGRID2023, US total output emission rate (as used by the GHG Emission Factors Hub 2025)';
const DESNZ = 'UK DESNZ, Greenhouse gas reporting: conversion factors 2025';
const DESNZ_FLIGHTS = `${DESNZ}, Business travel - air (with RF)`;
const DESNZ_LAND = `${DESNZ}, Business travel - land`;

const epa = { source: EPA_HUB, dataset: 'epa-2025', year: 2025, licence: 'US-Government-Public-Domain' } as const;
const desnz = { dataset: 'desnz-2025', year: 2025, licence: 'OGL-3.0' } as const;

/** EPA Table 10 gives kg CO2, g CH4 and g N2O; CO2e here uses the Hub's AR5 GWPs (CH4 28, N2O 265). */
const AR5 = 'CO2e = CO2 + CH4 x 28 / 1000 + N2O x 265 / 1000 (AR5 GWPs, as the Hub uses)';
const WITH_RF = 'Includes the 8% great-circle uplift and the non-CO2 (radiative forcing) uplift; do not add either.';

export const EMISSION_FACTORS = [
  // --- en-US: US EPA GHG Emission Factors Hub 2025, Table 10 (Scope 3 categories 6 and 7) ---
  {
    ...epa,
    id: 'epa25.car',
    activity: 'Passenger car, average fuel mix',
    value: 0.2986,
    unit: 'kg CO2e/vehicle-mile',
    notes: `Table 10 Passenger Car: 0.297 kg CO2, 0.0059 g CH4, 0.0053 g N2O per vehicle-mile. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.ldt',
    activity: 'Light-duty truck (SUV, pickup, van)',
    value: 0.3966,
    unit: 'kg CO2e/vehicle-mile',
    notes: `Table 10 Light-Duty Truck: 0.394 kg CO2, 0.0109 g CH4, 0.0088 g N2O per vehicle-mile. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.moto',
    activity: 'Motorcycle',
    value: 0.3755,
    unit: 'kg CO2e/vehicle-mile',
    notes: `Table 10 Motorcycle: 0.368 kg CO2, 0.0888 g CH4, 0.0188 g N2O per vehicle-mile. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.bus',
    activity: 'Bus',
    value: 0.0666,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10 Bus: 0.066 kg CO2, 0.0046 g CH4, 0.0019 g N2O per passenger-mile. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.rail.intercity',
    activity: 'Intercity rail, national average',
    value: 0.0968,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10 Intercity Rail - National Average: 0.096 kg CO2, 0.0080 g CH4, 0.0020 g N2O. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.rail.commuter',
    activity: 'Commuter rail',
    value: 0.134,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10 Commuter Rail: 0.133 kg CO2, 0.0105 g CH4, 0.0026 g N2O per passenger-mile. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.rail.transit',
    activity: 'Transit rail (subway, tram)',
    value: 0.0935,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10 Transit Rail: 0.093 kg CO2, 0.0075 g CH4, 0.0010 g N2O per passenger-mile. ${AR5}.`,
  },
  {
    ...epa,
    id: 'epa25.air.short',
    activity: 'Air travel, short haul (under 300 miles)',
    value: 0.2089,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10: 0.207 kg CO2, 0.0064 g CH4, 0.0066 g N2O per passenger-mile. ${AR5}. No non-CO2 uplift.`,
  },
  {
    ...epa,
    id: 'epa25.air.medium',
    activity: 'Air travel, medium haul (300 to 2,300 miles)',
    value: 0.1301,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10: 0.129 kg CO2, 0.0006 g CH4, 0.0041 g N2O per passenger-mile. ${AR5}. No non-CO2 uplift.`,
  },
  {
    ...epa,
    id: 'epa25.air.long',
    activity: 'Air travel, long haul (2,300 miles or more)',
    value: 0.1644,
    unit: 'kg CO2e/passenger-mile',
    notes: `Table 10: 0.163 kg CO2, 0.0006 g CH4, 0.0052 g N2O per passenger-mile. ${AR5}. No non-CO2 uplift.`,
  },
  {
    ...epa,
    source: EGRID,
    id: 'egrid23.us',
    activity: 'US grid electricity, national average (total output)',
    value: 770.884,
    unit: 'lb CO2e/MWh',
    year: 2023,
    notes: 'eGRID2023 USC2ERTA (767.209 lb CO2, 0.057 lb CH4, 0.008 lb N2O per MWh); 0.3497 kg CO2e/kWh.',
  },

  // --- en-GB: UK DESNZ conversion factors 2025 ---
  ...desnzCars(),
  ...desnzEvEfficiency(),
  {
    ...desnz,
    source: DESNZ_LAND,
    id: 'desnz25.moto',
    activity: 'Motorbike, average',
    value: 0.11367,
    unit: 'kg CO2e/vehicle-km',
  },
  {
    ...desnz,
    source: DESNZ_LAND,
    id: 'desnz25.bus',
    activity: 'Bus, average local bus',
    value: 0.10385,
    unit: 'kg CO2e/passenger-km',
  },
  {
    ...desnz,
    source: DESNZ_LAND,
    id: 'desnz25.rail',
    activity: 'Rail, national rail',
    value: 0.03546,
    unit: 'kg CO2e/passenger-km',
  },
  {
    ...desnz,
    source: DESNZ_LAND,
    id: 'desnz25.rail.underground',
    activity: 'Rail, London Underground',
    value: 0.0278,
    unit: 'kg CO2e/passenger-km',
  },
  ...desnzFlights(),
  ...activeTravel(),
  {
    ...desnz,
    source: `${DESNZ}, UK electricity`,
    id: 'desnz25.elec.uk',
    activity: 'UK grid electricity, generation (location-based)',
    value: 0.177,
    unit: 'kg CO2e/kWh',
    notes: 'Generation only; transmission and distribution losses (0.01853 kg CO2e/kWh) are a separate factor.',
  },
] as const satisfies readonly EmissionFactor[];

export type FactorId = (typeof EMISSION_FACTORS)[number]['id'];

type SizeKey = 'small' | 'medium' | 'large' | 'average';

function desnzCars() {
  const car = <S extends SizeKey, F extends 'petrol' | 'diesel' | 'hybrid' | 'unknown'>(
    size: S,
    fuel: F,
    value: number,
    label: string,
  ) =>
    ({
      ...desnz,
      source: `${DESNZ_LAND}, Cars (by size)`,
      id: `desnz25.car.${size}.${fuel}`,
      activity: label,
      value,
      unit: 'kg CO2e/vehicle-km',
    }) as const;
  return [
    car('small', 'petrol', 0.14308, 'Small car, petrol'),
    car('small', 'diesel', 0.1434, 'Small car, diesel'),
    car('small', 'hybrid', 0.11413, 'Small car, hybrid'),
    car('small', 'unknown', 0.14322, 'Small car, unknown fuel'),
    car('medium', 'petrol', 0.17474, 'Medium car, petrol'),
    car('medium', 'diesel', 0.17174, 'Medium car, diesel'),
    car('medium', 'hybrid', 0.11724, 'Medium car, hybrid'),
    car('medium', 'unknown', 0.17322, 'Medium car, unknown fuel'),
    car('large', 'petrol', 0.26828, 'Large car, petrol'),
    car('large', 'diesel', 0.21007, 'Large car, diesel'),
    car('large', 'hybrid', 0.1565, 'Large car, hybrid'),
    car('large', 'unknown', 0.22678, 'Large car, unknown fuel'),
    car('average', 'petrol', 0.16272, 'Average car, petrol'),
    car('average', 'diesel', 0.17304, 'Average car, diesel'),
    car('average', 'hybrid', 0.12825, 'Average car, hybrid'),
    car('average', 'unknown', 0.16725, 'Average car, unknown fuel'),
  ] as const;
}

/**
 * DESNZ publishes battery electric cars in kg CO2e per km (generation plus T&D), not in kWh per km. The energy use is
 * recovered as that factor divided by (UK generation 0.17700 + T&D 0.01853) kg CO2e/kWh, so that an electric car can
 * be priced on either grid: kWh per km times the grid factor.
 */
function desnzEvEfficiency() {
  const ev = <S extends SizeKey>(size: S, value: number, published: number, label: string) =>
    ({
      ...desnz,
      source: `${DESNZ_LAND}, Cars (by size), Battery Electric Vehicle (derived)`,
      id: `desnz25.ev.${size}`,
      activity: label,
      value,
      unit: 'kWh/vehicle-km',
      notes: `Derived: ${published} kg CO2e/km / (0.17700 + 0.01853) kg CO2e/kWh.`,
    }) as const;
  return [
    ev('small', 0.1886, 0.03688, 'Small battery electric car, energy use'),
    ev('medium', 0.1985, 0.03882, 'Medium battery electric car, energy use'),
    ev('large', 0.2151, 0.04205, 'Large battery electric car, energy use'),
    ev('average', 0.207, 0.04047, 'Average battery electric car, energy use'),
  ] as const;
}

/**
 * Walking and cycling burn no fuel: no dataset publishes a factor for them (GHG Protocol Scope 3 guidance, category
 * 7, counts them as commuting modes with no direct emissions). The zero is ours, said as such.
 */
function activeTravel() {
  const zero = <I extends `none.${string}`>(id: I, activity: string) =>
    ({
      id,
      activity,
      value: 0,
      unit: 'kg CO2e/passenger-km',
      source:
        'No fuel or electricity is used (GHG Protocol Scope 3 Technical Guidance, category 7: walking, bicycling)',
      dataset: 'no-fuel',
      year: 2025,
      licence: 'not-applicable',
      notes: 'Food energy and the making of a bicycle are outside every transport factor set, EPA and DESNZ included.',
    }) as const;
  return [zero('none.walking', 'Walking'), zero('none.cycling', 'Cycling (not an e-bike)')] as const;
}

/** Flights per passenger-km, WITH the non-CO2 uplift (DESNZ's "with RF" rows); great-circle distance in. */
function desnzFlights() {
  const flight = <I extends `desnz25.air.${string}`>(id: I, activity: string, value: number, withoutRf: number) =>
    ({
      ...desnz,
      source: DESNZ_FLIGHTS,
      id,
      activity: `${activity}, with non-CO2 uplift`,
      value,
      unit: 'kg CO2e/passenger-km',
      notes: `${WITH_RF} Without the non-CO2 uplift: ${withoutRf}.`,
    }) as const;
  return [
    flight('desnz25.air.domestic', 'Domestic flight (to/from UK), average passenger', 0.22928, 0.13552),
    flight('desnz25.air.short.average', 'Short-haul flight (to/from UK), average passenger', 0.12786, 0.07559),
    flight('desnz25.air.short.economy', 'Short-haul flight (to/from UK), economy', 0.12576, 0.07435),
    flight('desnz25.air.short.business', 'Short-haul flight (to/from UK), business', 0.18863, 0.11152),
    flight('desnz25.air.long.average', 'Long-haul flight (to/from UK), average passenger', 0.15282, 0.09043),
    flight('desnz25.air.long.economy', 'Long-haul flight (to/from UK), economy', 0.11704, 0.06926),
    flight('desnz25.air.long.premium-economy', 'Long-haul flight (to/from UK), premium economy', 0.18726, 0.11081),
    flight('desnz25.air.long.business', 'Long-haul flight (to/from UK), business', 0.3394, 0.20083),
    flight('desnz25.air.long.first', 'Long-haul flight (to/from UK), first', 0.46814, 0.27701),
    flight('desnz25.air.intl.average', 'International flight (non-UK), average passenger', 0.14253, 0.0842),
    flight('desnz25.air.intl.economy', 'International flight (non-UK), economy', 0.10916, 0.06449),
    flight('desnz25.air.intl.premium-economy', 'International flight (non-UK), premium economy', 0.17465, 0.10318),
    flight('desnz25.air.intl.business', 'International flight (non-UK), business', 0.31656, 0.18701),
    flight('desnz25.air.intl.first', 'International flight (non-UK), first', 0.43663, 0.25794),
  ] as const;
}
