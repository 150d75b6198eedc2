/**
 * Cold start: a new Node process per run that loads a bundle and answers one LaunchRequest (a new user, so one
 * DynamoDB read and one write for the skills that keep state) against the bench's dynalite, beside a bare
 * `node -e ''`. Runs are interleaved, the order rotating each round, so that drifts in machine load hit every
 * variant alike, and each round's runs can be compared with each other.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { benchUserId, launchRequest } from './envelopes';
import { type Expected, speechProblem } from './speech';

/** The child's program: load the bundle, answer the event, report timings on one marked stdout line. */
const CHILD_SCRIPT = `
const started = performance.now();
const loaded = require(process.argv[1]);
const required = performance.now();
const event = JSON.parse(process.argv[2]);
const invoked = performance.now();
Promise.resolve()
  .then(() => loaded.handler(event, {}))
  .then((response) => {
    const answered = performance.now();
    const speech = response && response.response && response.response.outputSpeech;
    if (!speech) {
      process.stderr.write('no outputSpeech in ' + JSON.stringify(response) + '\\n');
      process.exitCode = 3;
      return;
    }
    const result = {
      bootMs: started,
      requireMs: required - started,
      invokeMs: answered - invoked,
      totalMs: answered - started,
      invokedAtEpochMs: performance.timeOrigin + invoked,
      speech: speech.type === 'SSML' ? speech.ssml : speech.text,
    };
    process.stdout.write('\\n@@BENCH@@' + JSON.stringify(result) + '\\n');
  })
  .catch((error) => {
    process.stderr.write('handler failed: ' + ((error && error.stack) || String(error)) + '\\n');
    process.exitCode = 1;
  });
`;

const MARKER = '@@BENCH@@';

export interface ChildTimings {
  /** `performance.now()` when the child's script started: Node's own start-up. */
  readonly bootMs: number;
  readonly requireMs: number;
  readonly invokeMs: number;
  /** require + first invoke. */
  readonly totalMs: number;
}

/** A request the DynamoDB server received: its operation and when (performance.timeOrigin + now, ms). */
export interface DynamoDbCall {
  readonly operation: string;
  readonly atEpochMs: number;
}

export interface BundleVariant {
  readonly name: string;
  readonly bundlePath: string;
  /** The variant's table, when it keeps state: the run must have stored the new user's first visit there. */
  readonly tableName: string | undefined;
  readonly expected: Expected;
}

export interface ColdStartOptions {
  readonly rounds: number;
  readonly warmupRounds: number;
  readonly childTimeoutMs: number;
  /** Environment of every child (the bare one too): a Lambda function's, minus TABLE_NAME. */
  readonly env: Readonly<Record<string, string>>;
  readonly variants: readonly BundleVariant[];
  /** Reads back the visit count the run stored, to prove the DynamoDB write happened. */
  readonly storedVisits: (tableName: string, userId: string) => Promise<number | undefined>;
  /** The DynamoDB operations the server received (reset before a run, taken after it). */
  readonly operations?: { readonly reset: () => void; readonly take: () => DynamoDbCall[] };
  readonly onProgress?: (message: string) => void;
}

export interface VariantSamples {
  readonly name: string;
  readonly wallMs: number[];
  readonly inChild: ChildTimings[];
  /** The DynamoDB operations each counted run sent, in order of arrival. */
  readonly operations: string[][];
  /** From the start of the child's first handler call to the server receiving the first DynamoDB request. */
  readonly firstDynamoDbCallMs: number[];
}

export interface ColdStartResult {
  readonly bare: VariantSamples;
  readonly bundles: VariantSamples[];
  /** Anything children wrote to stderr while succeeding (warnings), deduplicated. */
  readonly childStderr: string[];
}

interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class ChildFailure extends Error {
  override readonly name = 'ChildFailure';
}

function runChild(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let exitedAt: number | undefined;
    const child = spawn(process.execPath, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('exit', () => {
      exitedAt = performance.now();
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({
        code,
        signal,
        wallMs: (exitedAt ?? performance.now()) - started,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

function describeExit(label: string, exit: ChildExit, problem: string): ChildFailure {
  const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
  return new ChildFailure(
    [
      `${label}: ${problem} (exit code ${exit.code}, signal ${exit.signal ?? 'none'}, ${exit.wallMs.toFixed(0)} ms)`,
      exit.stderr.trim() ? `stderr:\n${tail(exit.stderr)}` : 'stderr: (empty)',
      exit.stdout.trim() ? `stdout:\n${tail(exit.stdout)}` : 'stdout: (empty)',
    ].join('\n'),
  );
}

function parseTimings(
  stdout: string,
): (ChildTimings & { invokedAtEpochMs: number; speech: string | undefined }) | undefined {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(MARKER));
  if (!line) return undefined;
  const parsed = JSON.parse(line.slice(MARKER.length)) as Partial<Record<keyof ChildTimings, unknown>> & {
    invokedAtEpochMs?: unknown;
    speech?: unknown;
  };
  const numbers = [parsed.bootMs, parsed.requireMs, parsed.invokeMs, parsed.totalMs, parsed.invokedAtEpochMs];
  if (!numbers.every((value): value is number => typeof value === 'number' && Number.isFinite(value))) return undefined;
  const [bootMs, requireMs, invokeMs, totalMs, invokedAtEpochMs] = numbers as [number, number, number, number, number];
  return {
    bootMs,
    requireMs,
    invokeMs,
    totalMs,
    invokedAtEpochMs,
    speech: typeof parsed.speech === 'string' ? parsed.speech : undefined,
  };
}

async function runBare(options: ColdStartOptions): Promise<{ wallMs: number; stderr: string }> {
  const exit = await runChild(['-e', ''], options.env, options.childTimeoutMs);
  if (exit.code !== 0) throw describeExit('bare node', exit, 'failed');
  return { wallMs: exit.wallMs, stderr: exit.stderr };
}

async function runBundle(
  variant: BundleVariant,
  options: ColdStartOptions,
): Promise<{
  wallMs: number;
  inChild: ChildTimings;
  operations: string[];
  firstDynamoDbCallMs: number | undefined;
  stderr: string;
}> {
  const userId = benchUserId();
  const event = launchRequest({ userId });
  options.operations?.reset();
  const exit = await runChild(
    ['-e', CHILD_SCRIPT, variant.bundlePath, JSON.stringify(event)],
    variant.tableName === undefined ? options.env : { ...options.env, TABLE_NAME: variant.tableName },
    options.childTimeoutMs,
  );
  const operations = options.operations?.take() ?? [];
  if (exit.code !== 0) throw describeExit(variant.name, exit, 'the child failed');
  const timings = parseTimings(exit.stdout);
  if (!timings) throw describeExit(variant.name, exit, 'the child reported no timings');
  const problem = speechProblem(timings.speech, [variant.expected]);
  if (problem) throw describeExit(variant.name, exit, problem);
  if (variant.tableName !== undefined) {
    const visits = await options.storedVisits(variant.tableName, userId);
    if (visits !== 1) {
      throw describeExit(variant.name, exit, `expected 1 stored visit for the new user, found ${visits}`);
    }
  }
  const { speech: _speech, invokedAtEpochMs, ...inChild } = timings;
  const first = operations[0];
  return {
    wallMs: exit.wallMs,
    inChild,
    operations: operations.map((call) => call.operation),
    firstDynamoDbCallMs: first ? first.atEpochMs - invokedAtEpochMs : undefined,
    stderr: exit.stderr,
  };
}

export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartResult> {
  const bare: VariantSamples = {
    name: 'bare node',
    wallMs: [],
    inChild: [],
    operations: [],
    firstDynamoDbCallMs: [],
  };
  const bundles: VariantSamples[] = options.variants.map((variant) => ({
    name: variant.name,
    wallMs: [],
    inChild: [],
    operations: [],
    firstDynamoDbCallMs: [],
  }));
  const stderrLines = new Set<string>();
  const keepStderr = (text: string) => {
    for (const line of text.split('\n')) if (line.trim()) stderrLines.add(line.trim());
  };
  // Slot 0 is bare node, slot i > 0 is options.variants[i - 1]; the order rotates every round.
  const slots = options.variants.length + 1;
  const total = options.warmupRounds + options.rounds;
  for (let round = 0; round < total; round++) {
    const counted = round >= options.warmupRounds;
    for (let step = 0; step < slots; step++) {
      const slot = (step + round) % slots;
      const variant = options.variants[slot - 1];
      if (slot === 0 || variant === undefined) {
        const run = await runBare(options);
        keepStderr(run.stderr);
        if (counted) bare.wallMs.push(run.wallMs);
      } else {
        const run = await runBundle(variant, options);
        keepStderr(run.stderr);
        const samples = bundles[slot - 1];
        if (counted && samples) {
          samples.wallMs.push(run.wallMs);
          samples.inChild.push(run.inChild);
          samples.operations.push(run.operations);
          if (run.firstDynamoDbCallMs !== undefined) samples.firstDynamoDbCallMs.push(run.firstDynamoDbCallMs);
        }
      }
    }
    options.onProgress?.(`cold start round ${round + 1}/${total}${counted ? '' : ' (warm-up, not counted)'}`);
  }
  return { bare, bundles, childStderr: [...stderrLines] };
}
