/**
 * `npm run bench`: bundle size, cold start and warm latency of the Lambda bundle (lambda/dist/index.js, AWS SDK v3
 * persistence adapter) beside the same skill on the official ask-sdk-dynamodb-persistence-adapter (aws-sdk v2,
 * .build/official/index.js), against a dynalite server in this process. Prints tables and writes
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
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AlexaHandler } from '../../lambda/src/app/lambda-handler';
import { ensureLocalTable } from '../../lambda/src/shared/dynamodb-persistence-adapter';
import {
  type BundleVariant,
  type ChildTimings,
  type DynamoDbCall,
  measureColdStarts,
  type VariantSamples,
} from './cold-start';
import { benchUserId, intentRequest, launchRequest } from './envelopes';
import { round, roundSummary, type Summary, summarize, table } from './stats';
import { handlerTask, measureInterleaved, timeUs, type WarmResult, type WarmTask } from './warm';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const ROOT = join(__dirname, '..');
const LAMBDA_BUNDLE = join(ROOT, 'lambda/dist/index.js');
const OFFICIAL_BUNDLE = join(ROOT, '.build/official/index.js');
const RESULTS = join(ROOT, 'bench-results/bench.json');

const COLD = { rounds: 12, warmupRounds: 1, childTimeoutMs: 20_000 };
const WARM_IO = { warmupIterations: 200, maxIterations: 3_000, maxMs: 10_000, blocks: 30 };
const WARM_NO_IO = { warmupIterations: 1_000, maxIterations: 5_000, maxMs: 3_000, blocks: 10 };
/** The whole bench must end by then, whatever happens (nothing else in the process is unbounded). */
const WATCHDOG_MS = 180_000;

const TABLES = { v3: 'bench-v3', official: 'bench-official', floor: 'bench-floor' } as const;

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

function loadHandler(path: string, env: Readonly<Record<string, string>>): AlexaHandler {
  // The bundles read their configuration from process.env when loaded.
  Object.assign(process.env, env);
  const loaded = require(path) as { handler?: unknown };
  if (typeof loaded.handler !== 'function') throw new Error(`${path} exports no handler function`);
  return loaded.handler as AlexaHandler;
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

function pairedExtraMedian(bundle: VariantSamples, bare: VariantSamples): number {
  return summarize(bundle.wallMs.map((wall, index) => wall - (bare.wallMs[index] ?? Number.NaN))).median;
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const machine = machineFacts();
  for (const path of [LAMBDA_BUNDLE, OFFICIAL_BUNDLE]) {
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

  // The Lambda configuration (lambda/src/app/config.ts) minus TABLE_NAME, for the children and for this process.
  // AWS config files point nowhere (as in Lambda), so nothing on this machine changes what the SDKs do; the
  // two SDK start-up notices (v3 on Node 20, v2's end of support) are switched off by their own variables
  // rather than with --no-warnings, so any other warning still shows.
  const noAwsFiles = join(ROOT, '.build/bench-no-aws-config');
  const lambdaEnv: Record<string, string> = {
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    LOG_LEVEL: 'ERROR',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_CONFIG_FILE: noAwsFiles,
    AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...lambdaEnv };
  Object.assign(process.env, lambdaEnv);

  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

  try {
    // Tables first: the official adapter is built with createTable: false; the v3 bundle creates its own on first
    // use against a local endpoint, but a table made here keeps that out of the first measured request (it still
    // makes one CreateTable call per cold start, answered ResourceInUseException).
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

    // 1. Bundle sizes
    const sizes = [
      await bundleSize('lambda (v3 adapter)', LAMBDA_BUNDLE),
      await bundleSize('official adapter (v2)', OFFICIAL_BUNDLE),
    ];

    // 2. Cold starts
    const variants: BundleVariant[] = [
      { name: 'lambda (v3 adapter)', bundlePath: LAMBDA_BUNDLE, tableName: TABLES.v3 },
      { name: 'official adapter (v2)', bundlePath: OFFICIAL_BUNDLE, tableName: TABLES.official },
    ];
    const cold = await measureColdStarts({
      ...COLD,
      env: childEnv,
      variants,
      storedVisits,
      operations: { reset: () => operations.splice(0), take: () => operations.splice(0) },
      onProgress: (message) => console.log(`  ${message}`),
    });

    // 3. Warm latency, in this process. IO scenarios interleave with each other, no-IO ones likewise.
    const v3Handler = loadHandler(LAMBDA_BUNDLE, { ...lambdaEnv, TABLE_NAME: TABLES.v3 });
    const officialHandler = loadHandler(OFFICIAL_BUNDLE, { ...lambdaEnv, TABLE_NAME: TABLES.official });
    const bundlesInProcess = [
      { name: 'lambda (v3 adapter)', handler: v3Handler, tableName: TABLES.v3, userId: benchUserId('warm-v3') },
      {
        name: 'official adapter (v2)',
        handler: officialHandler,
        tableName: TABLES.official,
        userId: benchUserId('warm-official'),
      },
    ];
    // The floors under a LaunchRequest: the calls each adapter makes, straight from a plain client, no skill.
    // v3: GetItem + PutItem conditional on the version read, as lambda/src's adapter writes.
    const floorKey = marshall({ id: benchUserId('warm-floor') });
    let floorVersion = 0;
    const floorTask: WarmTask = {
      name: 'floor v3: GetItem + conditional PutItem, plain v3 client',
      call: async () => {
        const previous = floorVersion;
        floorVersion += 1;
        const put = new PutItemCommand({
          TableName: TABLES.floor,
          Item: { ...floorKey, ...marshall({ attributes: { visits: floorVersion }, version: floorVersion }) },
          ConditionExpression: previous === 0 ? 'attribute_not_exists(#v)' : '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ...(previous === 0 ? {} : { ExpressionAttributeValues: marshall({ ':v': previous }) }),
        });
        const { us: elapsed } = await timeUs(async () => {
          await client.send(new GetItemCommand({ TableName: TABLES.floor, Key: floorKey, ConsistentRead: true }));
          await client.send(put);
        });
        return elapsed;
      },
    };
    // v2: get + unconditional put through a DocumentClient, as the official adapter calls them. aws-sdk is loaded
    // only now, after process.env switched its end-of-support notice off.
    const { DynamoDB } = require('aws-sdk') as typeof import('aws-sdk');
    const documentClient = new DynamoDB.DocumentClient({
      convertEmptyValues: true,
      service: new DynamoDB({
        region: 'us-east-1',
        endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    });
    const floorV2Id = benchUserId('warm-floor-v2');
    let floorV2Visits = 0;
    const floorV2Task: WarmTask = {
      name: 'floor v2: get + put, plain v2 DocumentClient',
      call: async () => {
        floorV2Visits += 1;
        const item = { id: floorV2Id, attributes: { visits: floorV2Visits } };
        const { us: elapsed } = await timeUs(async () => {
          await documentClient.get({ TableName: TABLES.floor, Key: { id: floorV2Id }, ConsistentRead: true }).promise();
          await documentClient.put({ TableName: TABLES.floor, Item: item }).promise();
        });
        return elapsed;
      },
    };
    console.log('  warm: LaunchRequest (DynamoDB read + write), interleaved with the floors ...');
    const warmIo = await measureInterleaved(
      [
        ...bundlesInProcess.map(({ name, handler, userId }) =>
          handlerTask({
            name: `${name}: LaunchRequest (DynamoDB read + write)`,
            handler,
            envelope: () => launchRequest({ userId }),
            expected: ['returning'],
            warmupAlso: ['first-visit'],
          }),
        ),
        floorTask,
        floorV2Task,
      ],
      WARM_IO,
      () => connectionCount,
    );
    console.log('  warm: AMAZON.HelpIntent (no IO) ...');
    const warmNoIo = await measureInterleaved(
      bundlesInProcess.map(({ name, handler, userId }) =>
        handlerTask({
          name: `${name}: AMAZON.HelpIntent (no IO)`,
          handler,
          envelope: () => intentRequest('AMAZON.HelpIntent', { userId }),
          expected: ['help'],
        }),
      ),
      WARM_NO_IO,
    );
    const warm: WarmResult[] = [...warmIo, ...warmNoIo];
    const launchCounts = bundlesInProcess.map(({ name, tableName, userId }, index) => {
      const launch = warmIo[index];
      return { name, tableName, userId, calls: launch ? launch.warmupIterations + launch.samplesUs.length : 0 };
    });

    // Every warm LaunchRequest really wrote: the stored count is the number of calls.
    for (const { name, tableName, userId, calls } of launchCounts) {
      const visits = await storedVisits(tableName, userId);
      if (visits !== calls) throw new Error(`${name}: ${calls} warm LaunchRequests but ${visits} visits stored`);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Report
    const bareWall = summarize(cold.bare.wallMs);
    const coldRows = [cold.bare, ...cold.bundles].map((samples) => {
      const wall = summarize(samples.wallMs);
      const inChild = samples.inChild.length > 0 ? inChildSummaries(samples) : undefined;
      return { samples, wall, inChild };
    });

    console.log('\nBundle size');
    console.log(
      table(
        ['bundle', 'bytes', 'size', 'gzip bytes', 'gzip'],
        sizes.map((size) => [
          size.name,
          String(size.bytes),
          kib(size.bytes),
          String(size.gzipBytes),
          kib(size.gzipBytes),
        ]),
      ),
    );

    console.log(`\nCold start: new process, require + first LaunchRequest (${COLD.rounds} interleaved runs each, ms)`);
    console.log(
      table(
        [
          'variant',
          'wall min',
          'wall med',
          'wall p90',
          'extra med',
          'node boot',
          'require',
          'invoke',
          '1st DDB call',
          'in-child med',
          'in-child p90',
        ],
        coldRows.map(({ samples, wall, inChild }) => [
          samples.name,
          ms(wall.min),
          ms(wall.median),
          ms(wall.p90),
          inChild ? `+${ms(wall.median - bareWall.median)}` : '-',
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
      '  wall = spawn to exit, seen from the bench; extra med = wall median minus bare node wall median;\n' +
        '  node boot / require / invoke = medians inside the child (boot: Node start-up before the script ran);\n' +
        '  1st DDB call = median from the start of the first handler call to dynalite receiving its first request.',
    );
    for (const samples of cold.bundles) {
      console.log(`  DynamoDB calls per run, ${samples.name}: ${operationSequences(samples).join('; ')}`);
    }

    console.log('\nWarm latency, in process, one call at a time (µs)');
    console.log(
      table(
        ['scenario', 'n', 'p50', 'p99', 'mean', 'max', 'new conn/call'],
        warm.map((result) => {
          const stats = summarize(result.samplesUs);
          const opened = result.newConnectionsPerCall;
          return [
            result.name,
            String(stats.n),
            us(stats.median),
            us(stats.p99),
            us(stats.mean),
            us(stats.max),
            opened === undefined ? '-' : opened.toFixed(2),
          ];
        }),
      ),
    );
    console.log(
      '  dynalite answers in this same process: IO latencies include its work on the same thread.\n' +
        '  new conn/call: TCP connections dynalite accepted per call (aws-sdk v2 keeps no connections alive by default).',
    );
    if (cold.childStderr.length > 0) {
      console.log('\nChildren wrote to stderr (runs still succeeded):');
      for (const line of cold.childStderr.slice(0, 20)) console.log(`  ${line}`);
    }

    const report = {
      machine: { ...machine, loadAverageAtEnd: loadavg().map((value) => round(value)) },
      method: {
        dynamodb: `dynalite ${packageVersion('dynalite') ?? ''} in the bench process, ${endpoint.replace(String(port), '<port>')}`,
        percentiles: 'linear interpolation between ranks',
        coldStart:
          'node <script> per run (child_process.spawn of process.execPath); wall = spawn to exit seen by the bench; in-child = require of the bundle + first handler call, timed with performance.now() inside the child; bootMs = performance.now() when the child script started. One LaunchRequest per run with a new user ID (one GetItem, one PutItem; the v3 bundle also sends one CreateTable, answered ResourceInUseException, because DYNAMODB_ENDPOINT is set). Bare = node -e "". Variants interleaved, order rotated each round; warm-up rounds not counted.',
        warm: 'handler called in the bench process after warm-up, one call at a time; scenarios of a group interleaved in blocks, order rotated each block; envelope building and checks outside the timed span. The floors are the DynamoDB calls each adapter makes, from a plain client with no skill around them (v3: GetItem + conditional PutItem; v2: DocumentClient get + put). LaunchRequest: the same returning user each call (one GetItem, one conditional PutItem).',
        coldStartSettings: COLD,
        warmIoSettings: WARM_IO,
        warmNoIoSettings: WARM_NO_IO,
        logLevel: 'ERROR',
      },
      bundleSize: sizes,
      coldStartMs: {
        variants: coldRows.map(({ samples, wall, inChild }) => ({
          name: samples.name,
          wall: roundSummary(wall),
          ...(inChild
            ? {
                inChild,
                firstDynamoDbCallMs: roundSummary(summarize(samples.firstDynamoDbCallMs)),
                dynamoDbOperations: operationSequences(samples),
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
        extraOverBareNode: cold.bundles.map((samples) => ({
          name: samples.name,
          wallMedianMinusBareMedian: round(summarize(samples.wallMs).median - bareWall.median),
          medianOfPairedDifferences: round(pairedExtraMedian(samples, cold.bare)),
        })),
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
      childStderr: cold.childStderr,
      benchWallSeconds: round((performance.now() - benchStarted) / 1000, 1),
    };
    await mkdir(join(ROOT, 'bench-results'), { recursive: true });
    await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWrote ${RESULTS.slice(ROOT.length + 1)} (bench took ${report.benchWallSeconds} s)`);
  } finally {
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
