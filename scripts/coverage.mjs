// `npm run coverage`: the whole test suite with coverage of lambda/src measured from source (V8 coverage, mapped back
// to the TypeScript), a summary printed per file, and a failure when any runtime file of lambda/src is not exercised
// at all. Files that hold only types (nothing left after compiling) have nothing to run and are listed as such.
// Usage: node scripts/coverage.mjs [jest arguments]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');
const SOURCE = 'lambda/src';
const OUT = join(root, 'coverage');

const jest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/jest/bin/jest.js'),
    // First: the reporter options below take every value after them.
    ...process.argv.slice(2),
    // The account service's tests (accounts/, a browser among them) run no code of lambda/src.
    '--testPathIgnorePatterns=/test/accounts/',
    '--coverage',
    '--coverageProvider=v8',
    `--collectCoverageFrom=${SOURCE}/**/*.ts`,
    `--coverageDirectory=${OUT}`,
    '--coverageReporters=text',
    '--coverageReporters=text-summary',
    '--coverageReporters=json-summary',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (jest.status !== 0) process.exit(jest.status ?? 1);

/** Every .ts file under lambda/src, relative to the project root. */
function sourceFiles(folder) {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Whether a file compiles to nothing but module boilerplate: it declares types only. */
function typesOnly(path) {
  const { outputText } = ts.transpileModule(readFileSync(join(root, path), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, removeComments: true },
  });
  const code = outputText
    .replace(/^"use strict";/m, '')
    .replace(/^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/m, '')
    .trim();
  return code === '';
}

const summary = JSON.parse(readFileSync(join(OUT, 'coverage-summary.json'), 'utf8'));
const measured = new Map(
  Object.entries(summary)
    .filter(([path]) => path !== 'total')
    .map(([path, figures]) => [relative(root, path), figures]),
);
const declarations = [];
const unexercised = [];
for (const path of sourceFiles(SOURCE)) {
  const figures = measured.get(path);
  if (figures && figures.statements.covered > 0) continue;
  if (typesOnly(path)) declarations.push(path);
  else unexercised.push(path);
}

const { total } = summary;
const pct = (figure) => `${figure.pct}% (${figure.covered}/${figure.total})`;
console.log(
  `\nlambda/src from source: statements ${pct(total.statements)}, branches ${pct(total.branches)}, ` +
    `functions ${pct(total.functions)}, lines ${pct(total.lines)}; ${measured.size} files measured.`,
);
if (declarations.length > 0) console.log(`Types only (no runtime code): ${declarations.join(', ')}`);
if (unexercised.length > 0) {
  console.error(`Not exercised by any test (run from source): ${unexercised.join(', ')}`);
  process.exit(1);
}
console.log('Every runtime file of lambda/src is exercised from source.');
