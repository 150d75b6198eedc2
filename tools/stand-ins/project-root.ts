import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function rootAbove(start: string): string | undefined {
  let folder = start;
  for (;;) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'skill-package'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * The checkout's root: the nearest folder above this file (or else above the working directory) holding both
 * package.json and skill-package/. Works from the TypeScript sources (under jest) and from the bundled simulator.
 */
export function findProjectRoot(): string {
  const root = rootAbove(__dirname) ?? rootAbove(process.cwd());
  if (!root) throw new Error(`No project root (package.json beside skill-package/) above ${__dirname} or the cwd`);
  return root;
}
