/**
 * Warm latency: operations called in this process after a warm-up, one call at a time, each call timed alone
 * (building its input and checking its output are outside the timed span). Scenarios of one group run
 * interleaved in blocks, the order rotating each block, so drifts in machine load and heap growth hit them alike.
 * Bounded by count and by time.
 */
import { performance } from 'node:perf_hooks';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { AlexaHandler } from '../../lambda/src/app/lambda-handler';
import { type Expected, speechOf, speechProblem } from './speech';

export interface LoopBounds {
  readonly warmupIterations: number;
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

export interface WarmResult {
  readonly name: string;
  /** Per-call latency in microseconds. */
  readonly samplesUs: number[];
  readonly warmupIterations: number;
  /** Time spent in this scenario's measured blocks. */
  readonly elapsedMs: number;
  readonly stoppedBy: 'count' | 'time';
  /** New TCP connections the server accepted per measured call (when a counter was given). */
  readonly newConnectionsPerCall: number | undefined;
}

export class WarmFailure extends Error {
  override readonly name = 'WarmFailure';
}

/**
 * Runs every task's warm-up, then `bounds.blocks` rounds in which each task makes its share of calls.
 * `connections`, when given, counts the connections the server has accepted so far.
 */
export async function measureInterleaved(
  tasks: readonly WarmTask[],
  bounds: LoopBounds,
  connections?: () => number,
): Promise<WarmResult[]> {
  for (const task of tasks) for (let i = 0; i < bounds.warmupIterations; i++) await task.call(false);
  const state = tasks.map((task) => ({
    task,
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
      const started = performance.now();
      const deadline = started + msPerBlock;
      const target = Math.min(bounds.maxIterations, entry.samplesUs.length + perBlock);
      while (entry.samplesUs.length < target) {
        if (performance.now() >= deadline) {
          entry.timedOut = true;
          break;
        }
        const before = connections?.() ?? 0;
        entry.samplesUs.push(await entry.task.call(true));
        entry.connections += (connections?.() ?? 0) - before;
      }
      entry.elapsedMs += performance.now() - started;
    }
  }
  return state.map(({ task, samplesUs, elapsedMs, timedOut, connections: opened }) => ({
    name: task.name,
    samplesUs,
    warmupIterations: bounds.warmupIterations,
    elapsedMs,
    stoppedBy: timedOut ? 'time' : 'count',
    newConnectionsPerCall: connections && samplesUs.length > 0 ? opened / samplesUs.length : undefined,
  }));
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
