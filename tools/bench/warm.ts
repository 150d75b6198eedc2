/**
 * Warm latency: operations called after a warm-up, one call at a time, each call timed alone (building its input and
 * checking its output are outside the timed span). Each scenario lives in a process of its own, as each Lambda
 * function does (warm-runner.ts): its heap holds only its own garbage. Scenarios of one group take turns in blocks,
 * the order rotating each block, so drifts in machine load hit them alike; each block starts with a few untimed
 * calls, so the timed ones are the ones of a function under steady traffic. Bounded by count and by time.
 */
import { performance } from 'node:perf_hooks';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { AlexaHandler } from '../../lambda/src/app/lambda-handler';
import { type Expected, speechOf, speechProblem } from './speech';

export interface LoopBounds {
  readonly warmupIterations: number;
  /** Untimed calls at the start of every block. */
  readonly blockWarmupIterations: number;
  /** Per scenario. */
  readonly maxIterations: number;
  /** Per scenario (its share of each block). */
  readonly maxMs: number;
  readonly blocks: number;
}

/** One timed call: prepares its input, times only the call, checks the result; returns microseconds. */
export type TimedCall = (measured: boolean) => Promise<number>;

export interface WarmTask {
  readonly name: string;
  readonly call: TimedCall;
}

/** A scenario as the interleaving loop sees it: somewhere (another process) that warms up and runs blocks. */
export interface RemoteScenario {
  readonly name: string;
  warmUp(iterations: number): Promise<void>;
  /** Makes `blockWarmup` untimed calls, then up to `calls` timed ones within `maxMs`; returns their latencies. */
  block(blockWarmup: number, calls: number, maxMs: number): Promise<number[]>;
}

export interface WarmResult {
  readonly name: string;
  /** Per-call latency in microseconds. */
  readonly samplesUs: number[];
  readonly warmupIterations: number;
  /** Time spent in this scenario's measured blocks, seen from the coordinating process. */
  readonly elapsedMs: number;
  readonly stoppedBy: 'count' | 'time';
  /** New TCP connections the server accepted per measured call (when a counter was given). */
  readonly newConnectionsPerCall: number | undefined;
}

export class WarmFailure extends Error {
  override readonly name = 'WarmFailure';
}

/**
 * Runs every scenario's warm-up, then `bounds.blocks` rounds in which each scenario makes its share of calls.
 * `connections`, when given, counts the connections the server has accepted so far (asked between blocks).
 */
export async function measureInterleaved(
  scenarios: readonly RemoteScenario[],
  bounds: LoopBounds,
  connections?: () => number,
): Promise<WarmResult[]> {
  for (const scenario of scenarios) await scenario.warmUp(bounds.warmupIterations);
  const state = scenarios.map((scenario) => ({
    scenario,
    samplesUs: [] as number[],
    elapsedMs: 0,
    timedOut: false,
    connections: 0,
  }));
  const perBlock = Math.ceil(bounds.maxIterations / bounds.blocks);
  const msPerBlock = bounds.maxMs / bounds.blocks;
  for (let block = 0; block < bounds.blocks; block++) {
    for (let step = 0; step < state.length; step++) {
      const entry = state[(step + block) % state.length];
      if (!entry) continue;
      const calls = Math.min(bounds.maxIterations - entry.samplesUs.length, perBlock);
      if (calls <= 0) continue;
      const before = connections?.() ?? 0;
      const started = performance.now();
      const samples = await entry.scenario.block(bounds.blockWarmupIterations, calls, msPerBlock);
      entry.elapsedMs += performance.now() - started;
      entry.connections += (connections?.() ?? 0) - before;
      if (samples.length < calls) entry.timedOut = true;
      entry.samplesUs.push(...samples);
    }
  }
  return state.map(({ scenario, samplesUs, elapsedMs, timedOut, connections: opened }) => ({
    name: scenario.name,
    samplesUs,
    warmupIterations: bounds.warmupIterations,
    elapsedMs,
    stoppedBy: timedOut ? 'time' : 'count',
    // Block warm-up calls connect too: count per call made.
    newConnectionsPerCall:
      connections && samplesUs.length > 0
        ? opened / (samplesUs.length + bounds.blockWarmupIterations * bounds.blocks)
        : undefined,
  }));
}

/** Runs one block of a local task: `blockWarmup` untimed calls, then timed ones until `calls` or `maxMs`. */
export async function runBlock(task: WarmTask, blockWarmup: number, calls: number, maxMs: number): Promise<number[]> {
  for (let i = 0; i < blockWarmup; i++) await task.call(false);
  const samples: number[] = [];
  const deadline = performance.now() + maxMs;
  while (samples.length < calls && performance.now() < deadline) samples.push(await task.call(true));
  return samples;
}

export async function timeUs(operation: () => Promise<unknown>): Promise<{ us: number; result: unknown }> {
  const started = process.hrtime.bigint();
  const result = await operation();
  return { us: Number(process.hrtime.bigint() - started) / 1000, result };
}

export interface HandlerScenario {
  readonly name: string;
  readonly handler: AlexaHandler;
  readonly envelope: () => RequestEnvelope;
  /** What measured answers must be; warm-up answers may also be `warmupAlso` (a first visit, say). */
  readonly expected: readonly Expected[];
  readonly warmupAlso?: readonly Expected[];
}

/** A handler call with real envelopes; every answer's speech is checked against the catalogue. */
export function handlerTask(scenario: HandlerScenario): WarmTask {
  const warmupExpected = [...scenario.expected, ...(scenario.warmupAlso ?? [])];
  return {
    name: scenario.name,
    call: async (measured) => {
      const event = scenario.envelope();
      const { us, result } = await timeUs(() => scenario.handler(event, {}));
      const problem = speechProblem(speechOf(result), measured ? scenario.expected : warmupExpected);
      if (problem) throw new WarmFailure(`${scenario.name}: ${problem}`);
      return us;
    },
  };
}
