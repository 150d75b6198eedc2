import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * Evaluates a CommonJS file afresh on every call, so each caller gets its own module state (the Lambda bundle reads
 * its configuration from process.env once, at load). Deleting the file from `require.cache` would do the same under
 * plain Node, but jest's `require.cache` ignores deletions; compiling the text with this realm's Function works in
 * both, and keeps the module in the caller's globals (jest's sandbox sees the same process.env as the caller).
 */
export function loadFresh(path: string): Record<string, unknown> {
  const source = readFileSync(path, 'utf8');
  const module: { exports: Record<string, unknown> } = { exports: {} };
  const wrapper = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    `${source}\n//# sourceURL=${path}`,
  );
  wrapper.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}
