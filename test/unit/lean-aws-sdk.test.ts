import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * scripts/lib/lean-aws-sdk.mjs edits AWS SDK files in the Lambda bundles: every edit must still apply to the installed
 * SDK (exactly once), a file that no longer reads as expected must stop the build, and the bundle must carry the
 * edits. The plugin is an ES module, so it is checked in a Node process of its own.
 */
const root = join(__dirname, '../..');

function runModule(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' });
}

describe('lean-aws-sdk build plugin', () => {
  it("applies every edit to the installed SDK's files, each once", () => {
    const out = runModule(`
      import { readFileSync } from 'node:fs';
      import { PATCHES, applyPatch } from './scripts/lib/lean-aws-sdk.mjs';
      for (const patch of PATCHES) {
        const text = readFileSync('node_modules/' + patch.file, 'utf8');
        const edited = applyPatch(text, patch);
        if (edited === text) throw new Error('no change: ' + patch.file);
        console.log(patch.file);
      }
    `);

    expect(out.trim().split('\n')).toHaveLength(3);
  });

  it('stops with the file named when the SDK no longer reads as expected', () => {
    const out = runModule(`
      import { PATCHES, applyPatch } from './scripts/lib/lean-aws-sdk.mjs';
      const patch = PATCHES[0];
      for (const text of ['', patch.edits[0][0] + patch.edits[0][0]]) {
        try { applyPatch(text, patch); console.log('applied'); } catch (error) { console.log(error.message); }
      }
    `);

    const [missing, twice] = out.trim().split('\n');
    expect(missing).toMatch(/shared-ini-file-loader\/readFile\.js no longer reads as this plugin expects \(not found/);
    expect(twice).toMatch(/found twice/);
  });

  it('is in the Lambda bundle: the event-streams stub, and no node:zlib', () => {
    const bundle = readFileSync(join(root, 'lambda/dist/index.js'), 'utf8');

    expect(bundle).toContain('Event streams are left out of the Lambda bundle');
    expect(bundle).not.toMatch(/require\("(node:)?zlib"\)/);
  });
});
