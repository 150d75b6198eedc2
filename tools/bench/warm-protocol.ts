/**
 * The bench's warm processes, seen from main.ts: each runs warm-runner.ts with one subject (a skill bundle, or the
 * bare DynamoDB calls of one SDK) and answers requests over its IPC channel. Its stdout (the skills' log lines) goes to
 * /dev/null.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { RemoteScenario } from './warm';

/** What one warm process holds. */
export type Subject =
  | {
      readonly kind: 'bundle';
      readonly name: string;
      readonly path: string;
      readonly tableName: string;
      /** The returning customer every LaunchRequest is for. */
      readonly userId: string;
    }
  | { readonly kind: 'floor-v3' | 'floor-v2'; readonly tableName: string; readonly userId: string };

/** A subject's tasks: a bundle has 'launch' and 'help', a floor has 'floor'. */
export type TaskName = 'launch' | 'help' | 'floor';

export type ToRunner =
  | { readonly kind: 'start'; readonly id: number; readonly endpoint: string; readonly subject: Subject }
  | { readonly kind: 'warm-up'; readonly id: number; readonly task: TaskName; readonly iterations: number }
  | {
      readonly kind: 'block';
      readonly id: number;
      readonly task: TaskName;
      readonly blockWarmup: number;
      readonly calls: number;
      readonly maxMs: number;
    }
  | { readonly kind: 'finish'; readonly id: number };

export type FromRunner =
  | { readonly kind: 'reply'; readonly id: number; readonly samplesUs?: number[]; readonly launchCalls?: number }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

type Request = { readonly kind: ToRunner['kind'] } & Record<string, unknown>;

/** One warm process. */
export class WarmProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (reply: FromRunner) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private readonly stderr: Buffer[] = [];

  private constructor(
    runnerPath: string,
    env: Readonly<Record<string, string>>,
    readonly subject: Subject,
  ) {
    this.child = spawn(process.execPath, [runnerPath], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.on('message', (message: FromRunner) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiting) return;
      if (message.kind === 'failed') waiting.reject(new Error(`${this.label()}: ${message.message}`));
      else waiting.resolve(message);
    });
    const fail = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.child.once('error', fail);
    this.child.once('exit', (code, signal) =>
      fail(
        new Error(
          `${this.label()} exited (code ${code}, signal ${signal ?? 'none'}):\n${Buffer.concat(this.stderr).toString('utf8').slice(-3000)}`,
        ),
      ),
    );
  }

  static async start(
    runnerPath: string,
    env: Readonly<Record<string, string>>,
    endpoint: string,
    subject: Subject,
  ): Promise<WarmProcess> {
    const warm = new WarmProcess(runnerPath, env, subject);
    await warm.request({ kind: 'start', endpoint, subject });
    return warm;
  }

  private label(): string {
    return `warm process (${this.subject.kind === 'bundle' ? this.subject.name : this.subject.kind})`;
  }

  private request(message: Request): Promise<FromRunner> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }

  scenario(task: TaskName, name: string): RemoteScenario {
    return {
      name,
      warmUp: async (iterations) => {
        await this.request({ kind: 'warm-up', task, iterations });
      },
      block: async (blockWarmup, calls, maxMs) => {
        const reply = await this.request({ kind: 'block', task, blockWarmup, calls, maxMs });
        return reply.kind === 'reply' ? (reply.samplesUs ?? []) : [];
      },
    };
  }

  /** Ends the process; answers how many LaunchRequests it made (warm-up included), for a bundle. */
  async finish(): Promise<number | undefined> {
    const reply = await this.request({ kind: 'finish' });
    return reply.kind === 'reply' ? reply.launchCalls : undefined;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
