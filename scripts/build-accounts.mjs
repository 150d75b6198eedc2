// Builds the account service: accounts/dist/index.js (its own Lambda bundle, never part of lambda/dist) and
// .build/accounts.js (`npm run accounts`, the local runner with its stand-ins).
// Usage: node scripts/build-accounts.mjs
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Node.js version of the template's LambdaRuntime default (the same rule as scripts/build.mjs). */
async function lambdaTarget() {
  const template = await readFile(join(root, 'infrastructure/cfn-deployer/skill-stack.yaml'), 'utf8');
  const runtime = /LambdaRuntime:\s*\n(?:\s+.*\n)*?\s+Default:\s*(nodejs(\d+)\.x)/.exec(template);
  if (!runtime) throw new Error('No LambdaRuntime default (nodejsNN.x) in skill-stack.yaml');
  return `node${runtime[2]}`;
}

const dist = join(root, 'accounts/dist');
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

await build({
  entryPoints: [join(root, 'accounts/src/lambda.ts')],
  outfile: join(dist, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: await lambdaTarget(),
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
await writeFile(
  join(dist, 'package.json'),
  `${JSON.stringify({ name: `${pkg.name}-accounts`, version: pkg.version, private: true, main: 'index.js', license: pkg.license }, null, 2)}\n`,
);

// The local runner loads packages from node_modules, except the ES-module-only ones (bundled, so plain `node` runs it).
const bundled = /^(oidc-provider|jose)(\/|$)/;
await build({
  entryPoints: [join(root, 'accounts/local/main.ts')],
  outfile: join(root, '.build/accounts.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          bundled.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
