import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * docs/certification.md is the list of certification scenarios the tests and comments cite (I1 to I13, P1 to P10):
 * every row names the tests that play it, or says it is not covered yet.
 */
const root = join(__dirname, '../..');
const doc = readFileSync(join(root, 'docs/certification.md'), 'utf8');
const rows = [...doc.matchAll(/^\| (I\d+|P\d+) \|(.*)\|$/gm)].map(([, id, rest]) => {
  const cells = (rest ?? '').split('|').map((cell) => cell.trim());
  return { id: id ?? '', coveredBy: cells.at(-1) ?? '' };
});
const cited = (text: string) => [...text.matchAll(/`(test\/[\w./-]+\.ts)`/g)].map(([, path]) => path ?? '');

/** Whether a describe/it title in the file names the row ("I3: …", "… (I9)"). */
function hasTestFor(file: string, id: string): boolean {
  const source = readFileSync(join(root, file), 'utf8');
  const titles = [...source.matchAll(/\b(?:describe|it|test)(?:\.each\([^)]*\))?\(\s*(['"`])(.*?)\1/gs)];
  return titles.some(([, , title]) => new RegExp(`\\b${id}\\b`).test(title ?? ''));
}

it('lists I1 to I13 and P1 to P10, once each, in order', () => {
  const expected = [
    ...Array.from({ length: 13 }, (_, index) => `I${index + 1}`),
    ...Array.from({ length: 10 }, (_, index) => `P${index + 1}`),
  ];

  expect(rows.map((row) => row.id)).toEqual(expected);
});

it.each(rows)('$id names a test whose title carries its ID, or says it is not covered yet', ({ id, coveredBy }) => {
  if (/^Not covered yet/.test(coveredBy)) return;
  const files = cited(coveredBy);

  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(existsSync(join(root, file))).toBe(true);
  expect(files.some((file) => hasTestFor(file, id))).toBe(true);
});

it('names only test files that exist', () => {
  for (const file of cited(doc)) expect(`${file}: ${existsSync(join(root, file))}`).toBe(`${file}: true`);
});
