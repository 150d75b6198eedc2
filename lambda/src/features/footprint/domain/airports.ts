// Resolving an airport from what the customer said, in this order:
// 1. An IATA code, in any case or spelled out letter by letter ("s. e. a."), is that airport.
// 2. Otherwise the candidates are the airports whose city is what was said, or whose name (with its city) contains
//    every word said; "airport", "international" and "the" are ignored.
// 3. One candidate, or exactly one large airport among medium ones, is a match: "Seattle" is SEA, not Boeing Field,
//    "Glasgow" is GLA, not Prestwick. A city with several large airports is ambiguous: "London" gives Gatwick,
//    Heathrow and Luton (three at most, large first, then by name, since the data has no traffic figures) and the
//    dialog asks which; the customer can still name any of them, Stansted or City included.
import type { Coordinates } from './geo';

export type AirportSize = 'large' | 'medium';

export interface Airport extends Coordinates {
  /** Three-letter IATA code, upper case. */
  readonly iata: string;
  readonly name: string;
  /** The municipality the airport serves, as OurAirports names it; may be empty. */
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly size: AirportSize;
}

export type AirportResolution =
  | { readonly kind: 'match'; readonly airport: Airport }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Airport[] }
  | { readonly kind: 'none' };

export interface AirportResolver {
  /** Resolves what the customer said: an IATA code (also spelled out), an airport name, or a city. */
  resolve(text: string): AirportResolution;
  byIata(code: string): Airport | undefined;
}

export const MAX_CANDIDATES = 3;

/** Words that say "airport" without naming one. */
const FILLER_WORDS = new Set(['airport', 'airports', 'international', 'intl', 'the']);

const withoutAccents = (text: string): string =>
  /^[ -~]*$/.test(text) ? text : text.normalize('NFD').replace(/\p{M}/gu, '');

/** Lower case, no accents, no apostrophes (O'Hare is "ohare"), other punctuation as spaces. */
export function airportTokens(text: string): string[] {
  return withoutAccents(text)
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((token) => token.length > 0);
}

interface SearchKeys {
  /**
   * Name and city tokens, plus adjacent name tokens joined, so "la guardia" and "laguardia" both match and the city
   * may be said with the name ("London Southend" for Southend Airport, London).
   */
  readonly nameTokens: ReadonlySet<string>;
  /** The whole municipality and its part before a comma ("paisley renfrewshire" and "paisley"). */
  readonly cityKeys: readonly string[];
}

/**
 * Tokenising every name up front costs tens of milliseconds on a cold Lambda, so each airport keeps only its name and
 * city as one run of letters and digits: a query token that is not a substring of it cannot match, and only the few
 * airports that pass are tokenised (once).
 */
interface IndexedAirport {
  readonly airport: Airport;
  readonly letters: string;
  keys?: SearchKeys;
}

interface AirportIndex {
  readonly byIata: ReadonlyMap<string, Airport>;
  readonly entries: readonly IndexedAirport[];
}

function indexAirports(airports: readonly Airport[]): AirportIndex {
  const byIata = new Map<string, Airport>();
  const entries = airports.map((airport): IndexedAirport => {
    byIata.set(airport.iata, airport);
    const letters = withoutAccents(`${airport.name}|${airport.city}`)
      .toLowerCase()
      .replace(/[^a-z0-9|]+/g, '');
    return { airport, letters };
  });
  return { byIata, entries };
}

function searchKeys(entry: IndexedAirport): SearchKeys {
  if (entry.keys === undefined) {
    const { name, city } = entry.airport;
    const tokens = airportTokens(name);
    const pairs = tokens.slice(1).map((token, i) => `${tokens[i]}${token}`);
    const cityKeys = [city, city.split(',')[0] ?? '']
      .map((part) => airportTokens(part).join(' '))
      .filter((key) => key.length > 0);
    entry.keys = { nameTokens: new Set([...tokens, ...pairs, ...airportTokens(city)]), cityKeys };
  }
  return entry.keys;
}

/** Every query token is a name token, or two adjacent query tokens joined are ("o hare" matches "ohare"). */
function namesAll(nameTokens: ReadonlySet<string>, query: readonly string[]): boolean {
  let i = 0;
  while (i < query.length) {
    const token = query[i] ?? '';
    if (nameTokens.has(token)) i += 1;
    else if (i + 1 < query.length && nameTokens.has(`${token}${query[i + 1] ?? ''}`)) i += 2;
    else return false;
  }
  return true;
}

/** "sea", "s e a" and "s. e. a." all give SEA; anything else is not a code. */
function spokenCode(tokens: readonly string[]): string | undefined {
  const joined = tokens.join('');
  const isCode = (tokens.length === 1 || tokens.every((token) => token.length === 1)) && /^[a-z]{3}$/.test(joined);
  return isCode ? joined.toUpperCase() : undefined;
}

/**
 * "new york jfk", "london l h r": a code after words that name the same airport's city or the airport itself.
 * The words must fit that airport, so a stray three-letter word cannot pick an unrelated one.
 */
function cityAndCode(index: AirportIndex, query: readonly string[]): Airport | undefined {
  const splits: Array<[readonly string[], readonly string[]]> = [];
  if (query.length >= 2) splits.push([query.slice(0, -1), query.slice(-1)]);
  if (query.length >= 4) splits.push([query.slice(0, -3), query.slice(-3)]);
  for (const [words, codeTokens] of splits) {
    const code = spokenCode(codeTokens);
    const airport = code === undefined ? undefined : index.byIata.get(code);
    const entry = airport === undefined ? undefined : index.entries.find((candidate) => candidate.airport === airport);
    if (entry === undefined) continue;
    const { nameTokens, cityKeys } = searchKeys(entry);
    if (cityKeys.includes(words.join(' ')) || namesAll(nameTokens, words)) return entry.airport;
  }
  return undefined;
}

interface Candidate {
  readonly airport: Airport;
  readonly cityMatch: boolean;
}

/** Large airports first, then those in the named city, then by name. */
function byPreference(a: Candidate, b: Candidate): number {
  if (a.airport.size !== b.airport.size) return a.airport.size === 'large' ? -1 : 1;
  if (a.cityMatch !== b.cityMatch) return a.cityMatch ? -1 : 1;
  return a.airport.name < b.airport.name ? -1 : a.airport.name > b.airport.name ? 1 : 0;
}

function resolveIn(index: AirportIndex, text: string): AirportResolution {
  const query = airportTokens(text).filter((token) => !FILLER_WORDS.has(token));
  if (query.length === 0) return { kind: 'none' };
  const code = spokenCode(query);
  const coded = code === undefined ? undefined : index.byIata.get(code);
  if (coded !== undefined) return { kind: 'match', airport: coded };

  const withCity = cityAndCode(index, query);
  if (withCity !== undefined) return { kind: 'match', airport: withCity };

  const spokenCity = query.join(' ');
  const candidates: Candidate[] = [];
  for (const entry of index.entries) {
    if (!query.every((token) => entry.letters.includes(token))) continue;
    const { nameTokens, cityKeys } = searchKeys(entry);
    const cityMatch = cityKeys.includes(spokenCity);
    if (cityMatch || namesAll(nameTokens, query)) candidates.push({ airport: entry.airport, cityMatch });
  }
  candidates.sort(byPreference);

  const [first, second] = candidates;
  if (first === undefined) return { kind: 'none' };
  // One candidate, or one large airport among medium ones ("Seattle" is SEA, not Boeing Field): that is the airport.
  if (second === undefined || (first.airport.size === 'large' && second.airport.size !== 'large')) {
    return { kind: 'match', airport: first.airport };
  }
  return { kind: 'ambiguous', candidates: candidates.slice(0, MAX_CANDIDATES).map((c) => c.airport) };
}

/** A resolver over the airports `load` returns; `load` runs once, on the first look-up. */
export function createAirportResolver(load: () => readonly Airport[]): AirportResolver {
  let index: AirportIndex | undefined;
  const ready = (): AirportIndex => {
    index ??= indexAirports(load());
    return index;
  };
  return {
    resolve: (text) => resolveIn(ready(), text),
    byIata: (code) => ready().byIata.get(code.trim().toUpperCase()),
  };
}

type AirportRow = readonly [string, string, string, string, number, number, 'L' | 'M'];

function isAirportRow(row: unknown): row is AirportRow {
  return (
    Array.isArray(row) &&
    row.length === 7 &&
    typeof row[0] === 'string' &&
    typeof row[1] === 'string' &&
    typeof row[2] === 'string' &&
    typeof row[3] === 'string' &&
    typeof row[4] === 'number' &&
    typeof row[5] === 'number' &&
    (row[6] === 'L' || row[6] === 'M')
  );
}

/** Parses rows in the shape scripts/make-airports.mjs writes. */
export function parseAirportRows(rows: readonly unknown[]): Airport[] {
  return rows.filter(isAirportRow).map(([iata, name, city, countryCode, lat, lon, size]) => ({
    iata,
    name,
    city,
    countryCode,
    lat,
    lon,
    size: size === 'L' ? 'large' : 'medium',
  }));
}

/** The bundled OurAirports list (lambda/src/features/footprint/data/airports.json), required here so it is parsed only when used. */
export function loadBundledAirports(): Airport[] {
  const data: { rows: readonly unknown[] } = require('../data/airports.json');
  return parseAirportRows(data.rows);
}

const bundled = createAirportResolver(loadBundledAirports);

/** Resolves against the bundled airport list, loading it on the first call. */
export function resolveAirport(text: string): AirportResolution {
  return bundled.resolve(text);
}

export function airportByIata(code: string): Airport | undefined {
  return bundled.byIata(code);
}
