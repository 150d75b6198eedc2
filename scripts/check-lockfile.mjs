// Fails when package-lock.json is not complete for every platform: each optional dependency a locked package
// declares (the per-platform native builds of esbuild, biome, swc…) must have its own entry, or `npm ci` on another
// operating system or CPU refuses the lock file. Fix with `npm install --package-lock-only`.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8'));
const packages = lock.packages ?? {};

/** Where npm would look for `name` from the package at `path`: its own node_modules, then each parent's. */
function resolves(path, name) {
  let base = path;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in packages) return true;
    if (!base) return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

const missing = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!resolves(path, name)) missing.push(`${path || '(root)'} → ${name}`);
  }
}

if (missing.length > 0) {
  console.error(`package-lock.json lacks ${missing.length} optional (per-platform) packages:`);
  for (const line of missing.slice(0, 20)) console.error(`  ${line}`);
  console.error('Run `npm install --package-lock-only` and commit package-lock.json.');
  process.exit(1);
}
console.log(
  `package-lock.json is complete: ${Object.keys(packages).length} entries, every optional dependency locked.`,
);
