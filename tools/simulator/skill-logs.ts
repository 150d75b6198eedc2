/**
 * Captures the skill's structured log lines (Powertools writes one JSON object per line to stdout/stderr) while a
 * turn runs, so they can be shown compactly, asserted on, or hidden. Other output passes through untouched.
 */

export interface SkillLogEntry {
  readonly level: string;
  readonly message: string;
  /** Every other field of the line except timestamp, service and sampling_rate. */
  readonly fields: Readonly<Record<string, unknown>>;
}

type Write = typeof process.stdout.write;
type Sink = (entry: SkillLogEntry) => void;

const sinks = new Set<Sink>();
let restore: (() => void) | undefined;

const HIDDEN_FIELDS = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate']);

/** Parses one output line as a log entry, or undefined when it is not one. */
export function parseLogLine(line: string): SkillLogEntry | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const { level, message } = record;
  if (typeof level !== 'string' || typeof message !== 'string') return undefined;
  const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !HIDDEN_FIELDS.has(key)));
  return { level, message, fields };
}

function intercept(stream: NodeJS.WriteStream): () => void {
  const original: Write = stream.write;
  const replacement = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (sinks.size > 0 && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = text.split('\n').filter((line) => line.trim() !== '');
      const entries = lines.map(parseLogLine);
      if (entries.length > 0 && entries.every((entry) => entry !== undefined)) {
        for (const entry of entries) for (const sink of sinks) sink(entry);
        const callback = rest.find((arg) => typeof arg === 'function');
        if (typeof callback === 'function') process.nextTick(() => callback());
        return true;
      }
    }
    return Reflect.apply(original, stream, [chunk, ...rest]);
  };
  stream.write = replacement as Write;
  return () => {
    stream.write = original;
  };
}

/**
 * Runs `work`, handing each log line written meanwhile (by anything in this process) to `onLog` instead of the
 * terminal. With `enabled` false, runs `work` untouched.
 */
export async function withLogCapture<T>(onLog: Sink, work: () => Promise<T>, enabled = true): Promise<T> {
  if (!enabled) return work();
  if (sinks.size === 0) {
    const undoOut = intercept(process.stdout);
    const undoErr = intercept(process.stderr);
    restore = () => {
      undoErr();
      undoOut();
    };
  }
  sinks.add(onLog);
  try {
    return await work();
  } finally {
    sinks.delete(onLog);
    if (sinks.size === 0) {
      restore?.();
      restore = undefined;
    }
  }
}
