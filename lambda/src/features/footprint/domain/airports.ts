// Resolving an airport from what the customer said, in this order:
// 1. An IATA code, in any case or spelled out letter by letter ("s. e. a."), is that airport.
// 2. Otherwise the candidates are the airports whose city is what was said, or whose name (with its city) contains
//    every word said; "airport", "international" and "the" are ignored.
// 3. A city served by several airports (data/metro-areas.json: New York, London, Chicago, Tokyo…) is ambiguous: the
//    dialog asks which, naming the three people mean first ("JFK, Newark or LaGuardia"); any of them can still be
//    named, London City included.
// 4. Otherwise one candidate, or exactly one large airport among medium ones, is a match: "Seattle" is SEA, not Boeing
//    Field, "Glasgow" is GLA, not Prestwick. Several large ones are ambiguous (large ones only, three at most):
//    "Portland" is Portland, Oregon or Portland, Maine, told apart by their regions.
// An answer to "which one?" is first matched against the airports just offered (`choices`): "Oregon", "the second".
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
  /** The region's name (a US state, a UK nation); empty when the data has none. */
  readonly region?: string;
}

/** An airport of a city served by several: the word that tells it apart, and its name in an estimate. */
export interface MetroAirport {
  readonly iata: string;
  readonly choice: string;
  readonly name: string;
}

export interface MetroArea {
  /** What the city is called, as the customer says it ("new york", "nyc"). */
  readonly names: readonly string[];
  /** In the order people mean them. */
  readonly airports: readonly MetroAirport[];
}

export type AirportResolution =
  | { readonly kind: 'match'; readonly airport: Airport }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Airport[] }
  | { readonly kind: 'none' };

export interface AirportResolver {
  /**
   * Resolves what the customer said: an IATA code (also spelled out), an airport name, or a city. `choices`: the
   * IATA codes just offered in a "which one?", tried first.
   */
  resolve(text: string, choices?: readonly string[]): AirportResolution;
  byIata(code: string): Airport | undefined;
  /** Its metro area's entry, when the airport is one of a city's several. */
  metroAirport(iata: string): MetroAirport | undefined;
  /** How an estimate names it: the metro name, else the city when the city means this airport, else its name. */
  spokenName(airport: Airport): string;
  /** What tells each of these apart in a "which one?": "Heathrow", "Portland, Oregon". */
  choiceLabels(airports: readonly Airport[]): string[];
}

export const MAX_CANDIDATES = 3;

/** Words that say "airport" without naming one. */
const FILLER_WORDS = new Set(['airport', 'airports', 'international', 'intl', 'the']);
/** Words around an answer to "which one?" ("the one in Oregon", "Maine please"). */
const ANSWER_WORDS = new Set([...FILLER_WORDS, 'one', 'in', 'at', 'please', 'it', 'is', 'its', 'was', 'i', 'mean']);
const ORDINALS: Readonly<Record<string, number>> = { first: 0, second: 1, third: 2, last: -1 };

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
  /** Metro areas by each name said for them; airports absent from the data are left out. */
  readonly metros: ReadonlyMap<string, readonly MetroAirport[]>;
  readonly metroAirports: ReadonlyMap<string, MetroAirport>;
  /** Spoken names worked out so far (each takes a look-up of the airport's city). */
  readonly spokenNames: Map<string, string>;
}

function indexAirports(airports: readonly Airport[], areas: readonly MetroArea[]): AirportIndex {
  const byIata = new Map<string, Airport>();
  const entries = airports.map((airport): IndexedAirport => {
    byIata.set(airport.iata, airport);
    const letters = withoutAccents(`${airport.name}|${airport.city}`)
      .toLowerCase()
      .replace(/[^a-z0-9|]+/g, '');
    return { airport, letters };
  });
  const metros = new Map<string, readonly MetroAirport[]>();
  const metroAirports = new Map<string, MetroAirport>();
  for (const area of areas) {
    const served = area.airports.filter((entry) => byIata.has(entry.iata));
    if (served.length < 2) continue;
    for (const name of area.names) metros.set(airportTokens(name).join(' '), served);
    for (const entry of served) metroAirports.set(entry.iata, entry);
  }
  return { byIata, entries, metros, metroAirports, spokenNames: new Map() };
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

/** The airport an answer to "which one?" picks among those offered, if it picks exactly one. */
function chosen(index: AirportIndex, text: string, choices: readonly string[]): Airport | undefined {
  const offered = choices.map((code) => index.byIata.get(code)).filter((a): a is Airport => a !== undefined);
  const query = airportTokens(text).filter((token) => !ANSWER_WORDS.has(token));
  if (offered.length === 0 || query.length === 0) return undefined;
  const ordinal = query.length === 1 ? ORDINALS[query[0] ?? ''] : undefined;
  if (ordinal !== undefined) return offered.at(ordinal);
  const fits = offered.filter((airport) => {
    const entry = index.entries.find((candidate) => candidate.airport === airport);
    const metro = index.metroAirports.get(airport.iata);
    const words = new Set([
      ...(entry ? searchKeys(entry).nameTokens : []),
      ...airportTokens(airport.region ?? ''),
      ...airportTokens(metro?.choice ?? ''),
      airport.iata.toLowerCase(),
    ]);
    return namesAll(words, query);
  });
  return fits.length === 1 ? fits[0] : undefined;
}

function resolveIn(index: AirportIndex, text: string, choices: readonly string[] = []): AirportResolution {
  const picked = chosen(index, text, choices);
  if (picked) return { kind: 'match', airport: picked };
  const query = airportTokens(text).filter((token) => !FILLER_WORDS.has(token));
  if (query.length === 0) return { kind: 'none' };
  const code = spokenCode(query);
  const coded = code === undefined ? undefined : index.byIata.get(code);
  if (coded !== undefined) return { kind: 'match', airport: coded };

  const withCity = cityAndCode(index, query);
  if (withCity !== undefined) return { kind: 'match', airport: withCity };

  const spokenCity = query.join(' ');
  const metro = index.metros.get(spokenCity);
  if (metro) {
    const airports = metro.slice(0, MAX_CANDIDATES).map((entry) => index.byIata.get(entry.iata));
    return { kind: 'ambiguous', candidates: airports.filter((a): a is Airport => a !== undefined) };
  }
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
  // Several large ones: only they are offered ("Portland": Oregon or Maine, not the small airports beside them).
  const offered = first.airport.size === 'large' ? candidates.filter((c) => c.airport.size === 'large') : candidates;
  return { kind: 'ambiguous', candidates: offered.slice(0, MAX_CANDIDATES).map((c) => c.airport) };
}

/**
 * "Seattle" for SEA (the city means it), "New York JFK" (a metro's), "Portland Oregon" (one of two Portlands),
 * "Glasgow" for GLA (whose municipality is "Paisley, Renfrewshire": the name's own city then).
 */
function spokenNameIn(index: AirportIndex, airport: Airport): string {
  const metro = index.metroAirports.get(airport.iata);
  if (metro) return metro.name;
  const means = (text: string) => {
    const found = resolveIn(index, text);
    return found.kind === 'match' && found.airport === airport;
  };
  const city = /[,/(]/.test(airport.city) ? '' : airport.city.trim();
  if (city !== '' && means(city)) return city;
  const byCity = city === '' ? undefined : resolveIn(index, city);
  if (byCity?.kind === 'ambiguous' && byCity.candidates.includes(airport) && airport.region) {
    const regions = new Set(byCity.candidates.map((candidate) => candidate.region));
    if (regions.size === byCity.candidates.length) return `${city} ${airport.region}`;
  }
  const core = nameCore(airport);
  return core !== '' && means(core) ? core : shortName(airport);
}

function choiceLabelsIn(index: AirportIndex, airports: readonly Airport[]): string[] {
  const oneCity = new Set(airports.map((airport) => airport.city)).size === 1;
  const regions = new Set(airports.map((airport) => airport.region ?? ''));
  const byRegion = oneCity && regions.size === airports.length && !regions.has('');
  return airports.map(
    (airport) =>
      index.metroAirports.get(airport.iata)?.choice ??
      (byRegion ? `${airport.city}, ${airport.region}` : spokenNameIn(index, airport)),
  );
}

/** The airport's name without the words every airport has. */
function nameCore(airport: Airport): string {
  return airport.name
    .replace(/[–—-]/g, ' ')
    .replace(/\b(International|Intercontinental|Regional|Municipal)?\s*(Airport|Airfield|Aerodrome)\b/gi, '')
    .replace(/\bInternational\b/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Seattle Tacoma" rather than "Seattle–Tacoma International Airport": short enough for one breath. */
export function shortName(airport: Airport): string {
  const short = nameCore(airport);
  if (short === '') return airport.city;
  return short.toLowerCase().includes(airport.city.toLowerCase()) ? short : `${airport.city} ${short}`;
}

/** A resolver over the airports `load` returns; `load` runs once, on the first look-up. */
export function createAirportResolver(
  load: () => readonly Airport[],
  loadMetros: () => readonly MetroArea[] = () => [],
): AirportResolver {
  let index: AirportIndex | undefined;
  const ready = (): AirportIndex => {
    index ??= indexAirports(load(), loadMetros());
    return index;
  };
  return {
    resolve: (text, choices) => resolveIn(ready(), text, choices),
    byIata: (code) => ready().byIata.get(code.trim().toUpperCase()),
    metroAirport: (iata) => ready().metroAirports.get(iata),
    spokenName: (airport) => {
      const names = ready().spokenNames;
      let name = names.get(airport.iata);
      if (name === undefined) {
        name = spokenNameIn(ready(), airport);
        names.set(airport.iata, name);
      }
      return name;
    },
    choiceLabels: (airports) => choiceLabelsIn(ready(), airports),
  };
}

type AirportRow = readonly [string, string, string, string, number, number, 'L' | 'M', string?];

function isAirportRow(row: unknown): row is AirportRow {
  return (
    Array.isArray(row) &&
    (row.length === 7 || (row.length === 8 && typeof row[7] === 'string')) &&
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
  return rows.filter(isAirportRow).map(([iata, name, city, countryCode, lat, lon, size, region]) => ({
    iata,
    name,
    city,
    countryCode,
    lat,
    lon,
    size: size === 'L' ? 'large' : 'medium',
    ...(region ? { region } : {}),
  }));
}

/** Reads data/metro-areas.json's shape; entries that do not fit are left out. */
export function parseMetroAreas(data: unknown): MetroArea[] {
  const areas = (data as { areas?: unknown } | undefined)?.areas;
  if (!Array.isArray(areas)) return [];
  return areas.flatMap((area: { names?: unknown; airports?: unknown }) => {
    const names = Array.isArray(area?.names) ? area.names.filter((n): n is string => typeof n === 'string') : [];
    const airports = Array.isArray(area?.airports)
      ? area.airports.flatMap((entry: unknown) =>
          Array.isArray(entry) && entry.length === 3 && entry.every((part) => typeof part === 'string')
            ? [{ iata: entry[0] as string, choice: entry[1] as string, name: entry[2] as string }]
            : [],
        )
      : [];
    return names.length > 0 && airports.length > 0 ? [{ names, airports }] : [];
  });
}

/** The bundled OurAirports list (lambda/src/features/footprint/data/airports.json), required here so it is parsed only when used. */
export function loadBundledAirports(): Airport[] {
  const data: { rows: readonly unknown[] } = require('../data/airports.json');
  return parseAirportRows(data.rows);
}

/** The bundled metro areas (data/metro-areas.json), read with the airports. */
export function loadBundledMetroAreas(): MetroArea[] {
  return parseMetroAreas(require('../data/metro-areas.json'));
}

const bundled = createAirportResolver(loadBundledAirports, loadBundledMetroAreas);

/** The resolver over the bundled airports, loading them on the first look-up. */
export const bundledAirports: AirportResolver = bundled;

/** Resolves against the bundled airport list, loading it on the first call. */
export function resolveAirport(text: string, choices?: readonly string[]): AirportResolution {
  return bundled.resolve(text, choices);
}

export function airportByIata(code: string): Airport | undefined {
  return bundled.byIata(code);
}
