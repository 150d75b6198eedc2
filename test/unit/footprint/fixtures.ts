import type { Airport } from '../../../lambda/src/features/footprint/domain';

// Coordinates as in lambda/src/features/footprint/data/airports.json (OurAirports, rounded to 4 decimals).
export const SEA: Airport = {
  iata: 'SEA',
  name: 'Seattle–Tacoma International Airport',
  city: 'Seattle',
  countryCode: 'US',
  lat: 47.4492,
  lon: -122.3111,
  size: 'large',
};
export const BFI: Airport = {
  iata: 'BFI',
  name: 'Boeing Field King County International Airport',
  city: 'Seattle',
  countryCode: 'US',
  lat: 47.53,
  lon: -122.302,
  size: 'medium',
};
export const JFK: Airport = {
  iata: 'JFK',
  name: 'John F Kennedy International Airport',
  city: 'New York',
  countryCode: 'US',
  lat: 40.6394,
  lon: -73.7793,
  size: 'large',
};
export const ORD: Airport = {
  iata: 'ORD',
  name: "Chicago O'Hare International Airport",
  city: 'Chicago',
  countryCode: 'US',
  lat: 41.9786,
  lon: -87.9048,
  size: 'large',
};
export const LHR: Airport = {
  iata: 'LHR',
  name: 'London Heathrow Airport',
  city: 'London',
  countryCode: 'GB',
  lat: 51.4706,
  lon: -0.4619,
  size: 'large',
};
export const LGW: Airport = {
  iata: 'LGW',
  name: 'London Gatwick Airport',
  city: 'London',
  countryCode: 'GB',
  lat: 51.1481,
  lon: -0.1903,
  size: 'large',
};
export const STN: Airport = {
  iata: 'STN',
  name: 'London Stansted Airport',
  city: 'London',
  countryCode: 'GB',
  lat: 51.885,
  lon: 0.235,
  size: 'large',
};
export const LTN: Airport = {
  iata: 'LTN',
  name: 'London Luton Airport',
  city: 'London',
  countryCode: 'GB',
  lat: 51.8747,
  lon: -0.3683,
  size: 'large',
};
export const LCY: Airport = {
  iata: 'LCY',
  name: 'London City Airport',
  city: 'London',
  countryCode: 'GB',
  lat: 51.5053,
  lon: 0.0553,
  size: 'medium',
};
export const EDI: Airport = {
  iata: 'EDI',
  name: 'Edinburgh Airport',
  city: 'Edinburgh',
  countryCode: 'GB',
  lat: 55.9501,
  lon: -3.3723,
  size: 'large',
};
export const GLA: Airport = {
  iata: 'GLA',
  name: 'Glasgow International Airport',
  city: 'Paisley, Renfrewshire',
  countryCode: 'GB',
  lat: 55.8719,
  lon: -4.4331,
  size: 'large',
};
export const CDG: Airport = {
  iata: 'CDG',
  name: 'Charles de Gaulle International Airport',
  city: 'Paris',
  countryCode: 'FR',
  lat: 49.0128,
  lon: 2.55,
  size: 'large',
};

export const AIRPORTS: readonly Airport[] = [SEA, BFI, JFK, ORD, LHR, LGW, STN, LTN, LCY, EDI, GLA, CDG];

/** An airport on the equator at the given longitude, for distances set to the km. */
export function equatorAirport(iata: string, lon: number, countryCode = 'US'): Airport {
  return { iata, name: `${iata} Test Airport`, city: '', countryCode, lat: 0, lon, size: 'medium' };
}
