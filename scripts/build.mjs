// Builds the Lambda bundle (lambda/dist, the folder `ask deploy` zips) and the local tools (.build).
// Usage: node scripts/build.mjs [--bench]
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { leanAwsSdk } from './lib/lean-aws-sdk.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bench = process.argv.includes('--bench');

/** The Lambda runtime named in infrastructure/cfn-deployer/skill-stack.yaml decides the esbuild target. */
async function lambdaTarget() {
  const template = await readFile(join(root, 'infrastructure/cfn-deployer/skill-stack.yaml'), 'utf8');
  const runtime = /LambdaRuntime:\s*\n(?:\s+.*\n)*?\s+Default:\s*(nodejs(\d+)\.x)/.exec(template);
  if (!runtime) throw new Error('No LambdaRuntime default (nodejsNN.x) in skill-stack.yaml');
  return `node${runtime[2]}`;
}

const target = await lambdaTarget();

// The airport list (296 KB) and the cities served by several airports stay out of the bundle: files beside it,
// required on the first flight question only, so they cost nothing at cold start. `copyData` puts them next to each
// Lambda bundle.
const DATA = ['airports.json', 'metro-areas.json'];
const DATA_DIR = join(root, 'lambda/src/features/footprint/data');
const dataBesideBundle = {
  name: 'data-beside-bundle',
  setup(build) {
    build.onResolve({ filter: /[\\/]data[\\/](airports|metro-areas)\.json$/ }, (args) => ({
      path: `./${args.path.split(/[\\/]/).pop()}`,
      external: true,
    }));
  },
};
const copyData = (folder) => Promise.all(DATA.map((file) => copyFile(join(DATA_DIR, file), join(folder, file))));

// Adapters needed only off the hot path are bundled on their own beside index.js and required (inside a function)
// on first use: the HTTP clearing house and the monthly job's Amazon Pay API client (axios, about 370 KB), and the
// linked-card rail (the stripe library, jose, the SES v2 and Secrets Manager clients), loaded by the first payment.
const LAZY_BUNDLES = {
  'clearing-house-offset-provider': 'lambda/src/features/offsets/adapters/clearing-house-offset-provider.ts',
  'amazon-pay-api': 'lambda/src/features/offsets/adapters/amazon-pay-api.ts',
  'linked-card': 'lambda/src/app/linked-card.ts',
};
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /[\\/](clearing-house-offset-provider|amazon-pay-api|linked-card)$/ }, (args) => {
      if (args.kind !== 'require-call') return undefined;
      const name = args.path.split(/[\\/]/).pop();
      return { path: `./${name}.js`, external: true };
    });
  },
};
const buildLazyBundles = (folder) =>
  Promise.all(
    Object.entries(LAZY_BUNDLES).map(([name, source]) =>
      build({ ...lambdaOptions, entryPoints: [join(root, source)], outfile: join(folder, `${name}.js`) }),
    ),
  );
// On Lambda the AWS SDK clients take their credentials from the environment only (lambda/src/app/aws-credentials.ts),
// so the Lambda bundles get no default chain: @aws-sdk/credential-provider-node (ini files, SSO and its token
// providers, process, web identity, container and instance metadata, the STS/SSO clients behind them: about 150 KB of
// code evaluated at cold start) becomes a provider that reads the environment. Tests and tools run from source keep
// the real chain.
const ENV_ONLY_DEFAULT_CHAIN = `import { fromEnv } from '@aws-sdk/credential-provider-env';
const WHY = 'lambda/dist reads AWS credentials from the environment only (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), as Lambda sets them; run from source (npm start, npm test) for the default credential chain';
export const defaultProvider = (init) => {
  const env = fromEnv(init);
  return () => env().catch((error) => { throw new Error(WHY, { cause: error }); });
};
`;
const envCredentialsOnly = {
  name: 'env-credentials-only',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'env-only-default-chain',
      namespace: 'env-credentials-only',
    }));
    build.onLoad({ filter: /.*/, namespace: 'env-credentials-only' }, () => ({
      contents: ENV_ONLY_DEFAULT_CHAIN,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const dist = join(root, 'lambda/dist');
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const lambdaOptions = {
  bundle: true,
  // bowser (37 KB) parses a browser's user agent for the AWS SDK's browser builds: @aws-sdk/core reaches it only
  // through a dynamic import() inside a function Node.js never calls, so it stays out of the bundle.
  external: ['bowser'],
  platform: 'node',
  format: 'cjs',
  target,
  // The AWS SDK's ES module builds ("module") before its CommonJS ones ("main"): esbuild can then drop what the
  // DynamoDB client never uses (other commands, protocols, the HTTP/2 handler), about a quarter of the bundle. Only
  // packages without an "exports" map are affected (here: only the AWS SDK's).
  mainFields: ['module', 'main'],
  // A dynamic import() left in a CommonJS bundle starts Node's ES module loader on first use (the SDK's lazy
  // `import('node:http')`); a require does the same work without it.
  supported: { 'dynamic-import': false },
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  metafile: true,
  plugins: [dataBesideBundle, lazyBundles, envCredentialsOnly, leanAwsSdk],
  logLevel: 'warning',
};

// The metafile (which inputs make the bundle, and how many bytes each) goes to .build, not beside the bundle that
// `ask deploy` zips: `npm run bench` lists the largest inputs.
const lambdaBuild = await build({
  ...lambdaOptions,
  entryPoints: [join(root, 'lambda/src/index.ts')],
  outfile: join(dist, 'index.js'),
});
await mkdir(join(root, '.build'), { recursive: true });
await writeFile(join(root, '.build/lambda-metafile.json'), JSON.stringify(lambdaBuild.metafile));
await Promise.all([copyData(dist), buildLazyBundles(dist)]);

// `ask deploy` runs npm install in the folder it zips when it holds a package.json: give it one with no dependencies.
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
await writeFile(
  join(dist, 'package.json'),
  `${JSON.stringify({ name: `${pkg.name}-lambda`, version: pkg.version, private: true, main: 'index.js', license: pkg.license }, null, 2)}\n`,
);

// Local tools run from node_modules (packages stay external), except the ES-module-only ones (oidc-provider and jose,
// which the simulator's account service uses): bundled, so plain `node` runs the tool.
const bundledEsm = /^(oidc-provider|jose)(\/|$)/;
const toolOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  sourcemap: 'inline',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          bundledEsm.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
};
await build({
  ...toolOptions,
  entryPoints: [join(root, 'tools/simulator/main.ts')],
  outfile: join(root, '.build/simulator.js'),
});

if (bench) {
  for (const name of ['main', 'warm-runner', 'chaos-main']) {
    await build({
      ...toolOptions,
      entryPoints: [join(root, `tools/bench/${name}.ts`)],
      outfile: join(root, `.build/bench/${name}.js`),
    });
  }
  // The bench's comparisons, bundled like the Lambda bundle: the same skill on the official
  // ask-sdk-dynamodb-persistence-adapter (aws-sdk v2), the smallest ASK skill, and that skill with our first turn's
  // DynamoDB calls (the AWS SDK's share of our cold start).
  for (const [name, entry] of [
    ['official', 'tools/bench/official-adapter-entry.ts'],
    ['smallest', 'tools/bench/smallest-skill-entry.ts'],
    ['sdk-floor', 'tools/bench/sdk-floor-entry.ts'],
  ]) {
    const result = await build({
      ...lambdaOptions,
      entryPoints: [join(root, entry)],
      outfile: join(root, `.build/${name}/index.js`),
    });
    await writeFile(join(root, `.build/${name}-metafile.json`), JSON.stringify(result.metafile));
  }
  await Promise.all([copyData(join(root, '.build/official')), buildLazyBundles(join(root, '.build/official'))]);
}
