/**
 * `npm run bench`, in one run: bundle sizes and the Lambda bundle's largest inputs (esbuild metafile); cold start of
 * bare Node, the smallest ASK skill, the same skill as ours on the official ask-sdk-dynamodb-persistence-adapter
 * (aws-sdk v2) and ours (lambda/dist/index.js, AWS SDK v3); warm latency of the official path and ours; and the goals
 * of issue 11 checked against those figures. Every skill runs as on Lambda (a function's environment: credentials in
 * it, the stack's log level, no AWS config files) against a dynalite server in this process. Prints tables and writes
 * bench-results/bench.json. Everything is local (127.0.0.1) and bounded in count and time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ensureLocalTable } from '../../lambda/src/shared/dynamodb-persistence-adapter';
import {
  type BundleVariant,
  type ChildTimings,
  type DynamoDbCall,
  measureColdStarts,
  type VariantSamples,
} from './cold-start';
import { benchUserId } from './envelopes';
import { round, roundSummary, type Summary, summarize, table } from './stats';
import { measureInterleaved, type WarmResult } from './warm';
import { type Subject, WarmProcess } from './warm-protocol';

// ---------------------------------------------------------------------------------------------------------------
// Settings

/** This file runs as .build/bench/main.js. */
const ROOT = join(__dirname, '../..');
const BUNDLES = {
  ours: join(ROOT, 'lambda/dist/index.js'),
  official: join(ROOT, '.build/official/index.js'),
  smallest: join(ROOT, '.build/smallest/index.js'),
  sdkFloor: join(ROOT, '.build/sdk-floor/index.js'),
} as const;
const LAMBDA_METAFILE = join(ROOT, '.build/lambda-metafile.json');
const WARM_RUNNER = join(__dirname, 'warm-runner.js');
const RESULTS = join(ROOT, 'bench-results/bench.json');

const NAMES = {
  ours: 'ours (v3 adapter)',
  official: 'official adapter (v2)',
  smallest: 'smallest ASK skill',
  sdkFloor: 'smallest + DynamoDB (v3)',
} as const;

const COLD = { rounds: 20, warmupRounds: 2, childTimeoutMs: 20_000 };
const WARM_IO = { warmupIterations: 300, blockWarmupIterations: 5, maxIterations: 4_000, maxMs: 16_000, blocks: 40 };
const WARM_NO_IO = {
  warmupIterations: 1_000,
  blockWarmupIterations: 20,
  maxIterations: 5_000,
  maxMs: 3_000,
  blocks: 10,
};
/** The whole bench must end by then, whatever happens (nothing else in the process is unbounded). */
const WATCHDOG_MS = 300_000;

/** Issue 11's goals. */
const GOALS = {
  /** Our cold overhead over bare Node, as a share of the official path's. */
  maxOverheadRatio: 0.25,
  /** Our cold overhead minus the smallest ASK skill's. */
  maxMsOverSmallest: 60,
} as const;

const TABLES = {
  ours: 'bench-v3',
  official: 'bench-official',
  sdkFloor: 'bench-sdk-floor',
  floor: 'bench-floor',
} as const;

/** The log level infrastructure/cfn-deployer/skill-stack.yaml gives the function: one line per request is written. */
const STACK_LOG_LEVEL = 'INFO';

// ---------------------------------------------------------------------------------------------------------------
// dynalite (no type declarations of its own)

type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const dynalite = require('dynalite') as Dynalite;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close((error) => {
      if (error) console.error(`bench: closing dynalite: ${error.message}`);
      resolve();
    });
    // Node 20 closes idle keep-alive connections on close(); nothing is in flight by now.
    server.closeAllConnections();
  });
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

function storedVisitsOf(item: GetItemCommandOutput['Item']): number | undefined {
  if (!item) return undefined;
  const attributes = (unmarshall(item) as { attributes?: { visits?: unknown } }).attributes;
  return typeof attributes?.visits === 'number' ? attributes.visits : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts and sizes

function packageVersion(name: string): string | undefined {
  const file = join(ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

function machineFacts(): Record<string, unknown> {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${release()} ${process.arch}`,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpuCount: cpuList.length,
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    loadAverageAtStart: loadavg().map((value) => round(value)),
    packages: Object.fromEntries(
      [
        'ask-sdk-core',
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/credential-provider-env',
        '@aws-lambda-powertools/logger',
        'ask-sdk-dynamodb-persistence-adapter',
        'aws-sdk',
        'dynalite',
        'esbuild',
      ].map((name) => [name, packageVersion(name) ?? 'not installed']),
    ),
  };
}

interface BundleSize {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

async function bundleSize(name: string, path: string): Promise<BundleSize> {
  const content = await readFile(path);
  return { name, path: path.slice(ROOT.length + 1), bytes: content.length, gzipBytes: gzipSync(content).length };
}

interface Metafile {
  readonly outputs: Record<
    string,
    { readonly bytes: number; readonly inputs: Record<string, { bytesInOutput: number }> }
  >;
}

interface BundleInput {
  /** An npm package (`node_modules/<name>`, nested ones by their own name) or a folder of this repository. */
  readonly source: string;
  readonly files: number;
  readonly bytes: number;
  readonly share: number;
}

/** Where an input file comes from: its package, or its folder two levels down (lambda/src/handlers, ...). */
function sourceOf(input: string): string {
  const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  if (input.includes(':')) return input; // a plugin's virtual module
  const parts = input.split('/');
  return parts.length > 3 ? parts.slice(0, 3).join('/') : input;
}

/** The Lambda bundle's inputs grouped by package or folder, largest first, from the build's esbuild metafile. */
function bundleInputs(
  metafile: Metafile,
  outputSuffix: string,
): { total: number; inputs: BundleInput[]; files: number } {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outputSuffix))?.[1];
  if (!output) throw new Error(`${LAMBDA_METAFILE} has no output ${outputSuffix}`);
  const grouped = new Map<string, { files: number; bytes: number }>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const source = sourceOf(path);
    const entry = grouped.get(source) ?? { files: 0, bytes: 0 };
    grouped.set(source, { files: entry.files + 1, bytes: entry.bytes + bytesInOutput });
  }
  const inputs = [...grouped]
    .map(([source, { files, bytes }]) => ({ source, files, bytes, share: bytes / output.bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  return { total: output.bytes, inputs, files: inputs.reduce((sum, input) => sum + input.files, 0) };
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => value.toFixed(1);
const us = (value: number) => value.toFixed(1);

function inChildSummaries(samples: VariantSamples): Record<keyof ChildTimings, Summary> {
  const of = (key: keyof ChildTimings) => roundSummary(summarize(samples.inChild.map((timing) => timing[key])));
  return { bootMs: of('bootMs'), requireMs: of('requireMs'), invokeMs: of('invokeMs'), totalMs: of('totalMs') };
}

/** Distinct operation sequences with how many runs sent each, e.g. "GetItem, PutItem (x12)". */
function operationSequences(samples: VariantSamples): string[] {
  const counts = new Map<string, number>();
  for (const sequence of samples.operations) {
    const key = sequence.join(', ') || '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([sequence, count]) => `${sequence} (x${count})`);
}

/** Per-round differences of wall times (the runs of one round ran back to back), summarized. */
function pairedDifferences(variant: VariantSamples, base: VariantSamples): Summary {
  return summarize(variant.wallMs.map((wall, index) => wall - (base.wallMs[index] ?? Number.NaN)));
}

interface Goal {
  readonly goal: string;
  readonly measured: number;
  readonly limit: number;
  readonly unit: string;
  readonly met: boolean;
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const machine = machineFacts();
  for (const path of [...Object.values(BUNDLES), LAMBDA_METAFILE, WARM_RUNNER]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run bench\` (it builds it first)`);
  }

  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Which DynamoDB operations reach the server (recorded per cold-start run).
  const operations: DynamoDbCall[] = [];
  server.on('request', (request: IncomingMessage) => {
    const target = request.headers['x-amz-target'];
    operations.push({
      operation: typeof target === 'string' ? (target.split('.').pop() ?? target) : 'unknown',
      atEpochMs: performance.timeOrigin + performance.now(),
    });
  });
  let connectionCount = 0;
  server.on('connection', () => {
    connectionCount += 1;
  });
  const port = await listen(server);
  const endpoint = `http://127.0.0.1:${port}`;

  // A Lambda function's environment (nodejs24.x, 512 MB, as the stack deploys it), the same for every child, bare
  // Node's too: credentials in the environment, no AWS config files (they point nowhere, so nothing on this machine
  // changes what the SDKs do), the stack's log level. The table is reached through AWS_ENDPOINT_URL_DYNAMODB, the AWS
  // SDK's own setting, so our bundle takes its Lambda path (no DYNAMODB_ENDPOINT: no local table creation, no local
  // credentials). The two SDK start-up notices (v3 on Node 20, v2's end of support) are switched off by their own
  // variables rather than with --no-warnings, so any other warning still shows.
  const noAwsFiles = join(ROOT, '.build/bench-no-aws-config');
  const lambdaEnv: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: 'green-horizons-bench',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    AWS_SESSION_TOKEN: 'bench-session-token',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_CONFIG_FILE: noAwsFiles,
    AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    LOG_LEVEL: STACK_LOG_LEVEL,
  };
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...lambdaEnv };
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

  const warmProcesses: WarmProcess[] = [];
  try {
    // Tables first: in AWS, CloudFormation makes the table; neither skill creates one on its Lambda path.
    for (const tableName of Object.values(TABLES)) {
      await ensureLocalTable(client, tableName);
      await waitActive(client, tableName);
    }
    const storedVisits = async (tableName: string, userId: string) =>
      storedVisitsOf(
        (
          await client.send(
            new GetItemCommand({ TableName: tableName, Key: marshall({ id: userId }), ConsistentRead: true }),
          )
        ).Item,
      );

    // 1. Bundles
    const sizes = [
      await bundleSize(NAMES.ours, BUNDLES.ours),
      await bundleSize(NAMES.official, BUNDLES.official),
      await bundleSize(NAMES.smallest, BUNDLES.smallest),
      await bundleSize(NAMES.sdkFloor, BUNDLES.sdkFloor),
    ];
    const metafile = JSON.parse(await readFile(LAMBDA_METAFILE, 'utf8')) as Metafile;
    const inputs = bundleInputs(metafile, 'lambda/dist/index.js');

    // 2. Cold starts
    const variants: BundleVariant[] = [
      { name: NAMES.smallest, bundlePath: BUNDLES.smallest, tableName: undefined, expected: 'smallest' },
      { name: NAMES.sdkFloor, bundlePath: BUNDLES.sdkFloor, tableName: TABLES.sdkFloor, expected: 'smallest' },
      { name: NAMES.official, bundlePath: BUNDLES.official, tableName: TABLES.official, expected: 'first-visit' },
      { name: NAMES.ours, bundlePath: BUNDLES.ours, tableName: TABLES.ours, expected: 'first-visit' },
    ];
    const cold = await measureColdStarts({
      ...COLD,
      env: childEnv,
      variants,
      storedVisits,
      operations: { reset: () => operations.splice(0), take: () => operations.splice(0) },
      onProgress: (message) => console.log(`  ${message}`),
    });

    // 3. Warm latency: each subject in a process of its own, taking turns.
    console.log('  warm: LaunchRequest (DynamoDB read + write) beside the floors, then AMAZON.HelpIntent ...');
    const subjects: Subject[] = [
      {
        kind: 'bundle',
        name: NAMES.ours,
        path: BUNDLES.ours,
        tableName: TABLES.ours,
        userId: benchUserId('warm-ours'),
      },
      {
        kind: 'bundle',
        name: NAMES.official,
        path: BUNDLES.official,
        tableName: TABLES.official,
        userId: benchUserId('warm-official'),
      },
      { kind: 'floor-v3', tableName: TABLES.floor, userId: benchUserId('warm-floor-v3') },
      { kind: 'floor-v2', tableName: TABLES.floor, userId: benchUserId('warm-floor-v2') },
    ];
    for (const subject of subjects)
      warmProcesses.push(await WarmProcess.start(WARM_RUNNER, childEnv, endpoint, subject));
    const [oursWarm, officialWarm, floorV3, floorV2] = warmProcesses;
    if (!oursWarm || !officialWarm || !floorV3 || !floorV2) throw new Error('warm processes did not start');
    const launch = (name: string) => `${name}: LaunchRequest (DynamoDB read + write)`;
    const warmIo = await measureInterleaved(
      [
        oursWarm.scenario('launch', launch(NAMES.ours)),
        officialWarm.scenario('launch', launch(NAMES.official)),
        floorV3.scenario('floor', 'floor v3: GetItem + conditional PutItem, plain v3 client'),
        floorV2.scenario('floor', 'floor v2: get + put, plain v2 DocumentClient'),
      ],
      WARM_IO,
      () => connectionCount,
    );
    const warmNoIo = await measureInterleaved(
      [
        oursWarm.scenario('help', `${NAMES.ours}: AMAZON.HelpIntent (no IO)`),
        officialWarm.scenario('help', `${NAMES.official}: AMAZON.HelpIntent (no IO)`),
      ],
      WARM_NO_IO,
    );
    const warm: WarmResult[] = [...warmIo, ...warmNoIo];
    // Every warm LaunchRequest really wrote: the stored count is the number of calls.
    for (const [index, warmProcess] of [oursWarm, officialWarm].entries()) {
      const subject = subjects[index];
      const calls = await warmProcess.finish();
      if (subject?.kind !== 'bundle') continue;
      const visits = await storedVisits(subject.tableName, subject.userId);
      if (visits !== calls)
        throw new Error(`${subject.name}: ${calls} warm LaunchRequests but ${visits} visits stored`);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Figures
    const byName = (name: string) => {
      const found = cold.bundles.find((samples) => samples.name === name);
      if (!found) throw new Error(`no cold-start samples for ${name}`);
      return found;
    };
    const ours = byName(NAMES.ours);
    const official = byName(NAMES.official);
    const smallest = byName(NAMES.smallest);
    const overheadOf = (samples: VariantSamples) => pairedDifferences(samples, cold.bare);
    const overhead = { ours: overheadOf(ours), official: overheadOf(official), smallest: overheadOf(smallest) };
    const oursOverSmallest = pairedDifferences(ours, smallest);
    // Where our distance from the smallest skill goes: the AWS SDK and our first turn's two calls, then our code.
    const sdkFloor = byName(NAMES.sdkFloor);
    const sdkOverSmallest = pairedDifferences(sdkFloor, smallest);
    const oursOverSdkFloor = pairedDifferences(ours, sdkFloor);
    const warmLaunch = (name: string) => {
      const found = warm.find((result) => result.name === `${name}: LaunchRequest (DynamoDB read + write)`);
      if (!found) throw new Error(`no warm LaunchRequest samples for ${name}`);
      return summarize(found.samplesUs);
    };
    const warmOurs = warmLaunch(NAMES.ours);
    const warmOfficial = warmLaunch(NAMES.official);
    const ratio = overhead.ours.median / overhead.official.median;
    const goals: Goal[] = [
      {
        goal: 'cold overhead, ours / official path',
        measured: ratio,
        limit: GOALS.maxOverheadRatio,
        unit: 'x',
        met: ratio <= GOALS.maxOverheadRatio,
      },
      {
        goal: 'cold overhead, ours - smallest ASK skill',
        measured: oursOverSmallest.median,
        limit: GOALS.maxMsOverSmallest,
        unit: 'ms',
        met: oursOverSmallest.median <= GOALS.maxMsOverSmallest,
      },
      {
        goal: 'warm LaunchRequest p99, ours vs official path',
        measured: warmOurs.p99 / 1000,
        limit: warmOfficial.p99 / 1000,
        unit: 'ms',
        met: warmOurs.p99 <= warmOfficial.p99,
      },
    ];

    // ---------------------------------------------------------------------------------------------------------
    // Report
    const bareWall = summarize(cold.bare.wallMs);
    const coldRows = [cold.bare, ...cold.bundles].map((samples) => {
      const wall = summarize(samples.wallMs);
      const inChild = samples.inChild.length > 0 ? inChildSummaries(samples) : undefined;
      return { samples, wall, inChild, overhead: samples === cold.bare ? undefined : overheadOf(samples) };
    });

    console.log('\nBundles');
    console.log(
      table(
        ['bundle', 'path', 'bytes', 'size', 'gzip'],
        sizes.map((size) => [size.name, size.path, String(size.bytes), kib(size.bytes), kib(size.gzipBytes)]),
      ),
    );
    console.log(
      `\nLargest inputs of lambda/dist/index.js (esbuild metafile: ${inputs.files} files, ${kib(inputs.total)} in all)`,
    );
    console.log(
      table(
        ['package or folder', 'files', 'bytes in bundle', 'share'],
        inputs.inputs
          .slice(0, 20)
          .map((input) => [
            input.source,
            String(input.files),
            String(input.bytes),
            `${(input.share * 100).toFixed(1)} %`,
          ]),
      ),
    );

    console.log(`\nCold start: new process, require + first LaunchRequest (${COLD.rounds} interleaved rounds, ms)`);
    console.log(
      table(
        [
          'variant',
          'wall min',
          'wall med',
          'wall p90',
          'overhead',
          'node boot',
          'require',
          'invoke',
          '1st DDB call',
          'in-child med',
          'in-child p90',
        ],
        coldRows.map(({ samples, wall, inChild, overhead: extra }) => [
          samples.name,
          ms(wall.min),
          ms(wall.median),
          ms(wall.p90),
          extra ? `+${ms(extra.median)}` : '-',
          inChild ? ms(inChild.bootMs.median) : '-',
          inChild ? ms(inChild.requireMs.median) : '-',
          inChild ? ms(inChild.invokeMs.median) : '-',
          samples.firstDynamoDbCallMs.length > 0 ? ms(summarize(samples.firstDynamoDbCallMs).median) : '-',
          inChild ? ms(inChild.totalMs.median) : '-',
          inChild ? ms(inChild.totalMs.p90) : '-',
        ]),
      ),
    );
    console.log(
      '  wall = spawn to exit, seen from the bench; overhead = median over rounds of (wall - bare node wall, same round);\n' +
        '  node boot / require / invoke = medians inside the child (boot: Node start-up before the script ran);\n' +
        '  1st DDB call = median from the start of the first handler call to dynalite receiving its first request.',
    );
    console.log(
      `  Every child runs in the same Lambda-like environment (${process.version} here): the AWS SDK v3's Node-version notice\n` +
        "  (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, ~3-4 ms when printed) and aws-sdk v2's maintenance notice are\n" +
        '  switched off for all, as on Lambda nodejs24.x, where neither is ever printed.',
    );
    for (const samples of cold.bundles) {
      if (samples.operations.some((sequence) => sequence.length > 0)) {
        console.log(`  DynamoDB calls per run, ${samples.name}: ${operationSequences(samples).join('; ')}`);
      }
    }

    console.log('\nWarm latency, one call at a time, each subject in a process of its own (µs)');
    console.log(
      table(
        ['scenario', 'n', 'p50', 'p90', 'p99', 'mean', 'max', 'new conn/call'],
        warm.map((result) => {
          const stats = summarize(result.samplesUs);
          const opened = result.newConnectionsPerCall;
          return [
            result.name,
            String(stats.n),
            us(stats.median),
            us(stats.p90),
            us(stats.p99),
            us(stats.mean),
            us(stats.max),
            opened === undefined ? '-' : opened.toFixed(2),
          ];
        }),
      ),
    );
    console.log(
      "  dynalite answers from the bench's own process; new conn/call: TCP connections it accepted per call\n" +
        '  (aws-sdk v2 keeps no connections alive by default).',
    );
    if (cold.childStderr.length > 0) {
      console.log('\nChildren wrote to stderr (runs still succeeded):');
      for (const line of cold.childStderr.slice(0, 20)) console.log(`  ${line}`);
    }

    console.log('\nGoals (issue 11)');
    console.log(
      table(
        ['goal', 'measured', 'limit', ''],
        goals.map((goal) => [
          goal.goal,
          `${goal.measured.toFixed(2)} ${goal.unit}`,
          `${goal.unit === 'x' ? '<=' : '<='} ${goal.limit.toFixed(2)} ${goal.unit}`,
          goal.met ? 'met' : 'NOT MET',
        ]),
      ),
    );
    console.log(
      `  cold overheads over bare node (median of same-round differences): ours +${ms(overhead.ours.median)} ms, official +${ms(overhead.official.median)} ms, smallest +${ms(overhead.smallest.median)} ms`,
    );
    console.log(
      `  ours - smallest = AWS SDK and the two DynamoDB calls (${NAMES.sdkFloor} - smallest) +${ms(sdkOverSmallest.median)} ms, then our own code (ours - ${NAMES.sdkFloor}) +${ms(oursOverSdkFloor.median)} ms`,
    );

    const report = {
      machine: { ...machine, loadAverageAtEnd: loadavg().map((value) => round(value)) },
      method: {
        dynamodb: `dynalite ${packageVersion('dynalite') ?? ''} in the bench process, ${endpoint.replace(String(port), '<port>')}`,
        environment: `every child gets the same Lambda-like environment: ${Object.keys(lambdaEnv).join(', ')} (LOG_LEVEL=${STACK_LOG_LEVEL}, the stack's); the skills reach dynalite through AWS_ENDPOINT_URL_DYNAMODB, so ours runs its Lambda path (credentials from the environment, no local table creation)`,
        percentiles: 'linear interpolation between ranks',
        coldStart:
          'node <script> per run (child_process.spawn of process.execPath); wall = spawn to exit seen by the bench; in-child = require of the bundle + first handler call, timed with performance.now() inside the child; bootMs = performance.now() when the child script started. One LaunchRequest per run with a new user ID (one GetItem, one PutItem for the skills with state; the SDK floor is the smallest skill plus those two calls through a DynamoDBClient built as ours is on Lambda). Bare = node -e "". Variants interleaved, order rotated each round; warm-up rounds not counted. Overhead = median over rounds of (variant wall - bare wall of the same round).',
        warm: 'each subject (our bundle, the official-adapter bundle, each floor) in a process of its own, as each Lambda function is, in the Lambda environment (log lines written to /dev/null); one call at a time after warm-up; the scenarios of a group take turns in blocks, order rotated each block, each block starting with untimed calls; envelope building and checks outside the timed span. The floors are the DynamoDB calls each adapter makes, from a plain client with no skill around them (v3: GetItem + conditional PutItem; v2: DocumentClient get + put). LaunchRequest: the same returning user each call (one GetItem, one conditional PutItem).',
        goals: GOALS,
        coldStartSettings: COLD,
        warmIoSettings: WARM_IO,
        warmNoIoSettings: WARM_NO_IO,
      },
      bundles: sizes,
      lambdaBundleInputs: { files: inputs.files, bytes: inputs.total, bySource: inputs.inputs },
      coldStartMs: {
        variants: coldRows.map(({ samples, wall, inChild, overhead: extra }) => ({
          name: samples.name,
          wall: roundSummary(wall),
          ...(extra ? { overheadOverBareNode: roundSummary(extra) } : {}),
          ...(inChild
            ? {
                inChild,
                ...(samples.firstDynamoDbCallMs.length > 0
                  ? {
                      firstDynamoDbCallMs: roundSummary(summarize(samples.firstDynamoDbCallMs)),
                      dynamoDbOperations: operationSequences(samples),
                    }
                  : {}),
              }
            : {}),
          samples: {
            wall: samples.wallMs.map((value) => round(value)),
            ...(samples.inChild.length > 0
              ? {
                  require: samples.inChild.map((timing) => round(timing.requireMs)),
                  invoke: samples.inChild.map((timing) => round(timing.invokeMs)),
                }
              : {}),
          },
        })),
        bareNodeWallMedian: round(bareWall.median),
        oursOverSmallest: roundSummary(oursOverSmallest),
        sdkFloorOverSmallest: roundSummary(sdkOverSmallest),
        oursOverSdkFloor: roundSummary(oursOverSdkFloor),
      },
      warmLatencyUs: warm.map((result) => ({
        name: result.name,
        warmupIterations: result.warmupIterations,
        stoppedBy: result.stoppedBy,
        elapsedMs: round(result.elapsedMs),
        ...(result.newConnectionsPerCall === undefined
          ? {}
          : { newConnectionsPerCall: round(result.newConnectionsPerCall, 3) }),
        ...roundSummary(summarize(result.samplesUs)),
      })),
      goals: goals.map((goal) => ({ ...goal, measured: round(goal.measured, 3), limit: round(goal.limit, 3) })),
      allGoalsMet: goals.every((goal) => goal.met),
      childStderr: cold.childStderr,
      benchWallSeconds: round((performance.now() - benchStarted) / 1000, 1),
    };
    await mkdir(join(ROOT, 'bench-results'), { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `\n${report.allGoalsMet ? 'All goals met' : 'Goals NOT all met'}. Wrote ${RESULTS.slice(ROOT.length + 1)} (bench took ${report.benchWallSeconds} s)`,
    );
  } finally {
    for (const warmProcess of warmProcesses) warmProcess.kill();
    client.destroy();
    await close(server);
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
